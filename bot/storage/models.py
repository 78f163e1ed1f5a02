"""The tables: exchanges (question and answer), feedback, and Telegram chats' languages."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.storage.types import CleanString, CleanText, UTCDateTime


def now() -> datetime:
    """Return the current moment in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base for the bot's tables."""


class Exchange(Base):
    """One question and the answer given to it."""

    __tablename__ = "exchanges"

    id: Mapped[str] = mapped_column(CleanString(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(CleanString(128), index=True)
    channel: Mapped[str] = mapped_column(CleanString(16), index=True)
    site: Mapped[str] = mapped_column(CleanString(64), index=True)
    question: Mapped[str] = mapped_column(CleanText)
    answer: Mapped[str] = mapped_column(CleanText)
    language: Mapped[str] = mapped_column(CleanString(8))
    answered: Mapped[bool] = mapped_column(Boolean, index=True)
    confidence: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(CleanString(16))
    # Why the bot declined: not_found (a content gap) or out_of_remit; None when answered.
    reason: Mapped[str | None] = mapped_column(CleanString(16), nullable=True)
    sources: Mapped[str] = mapped_column(CleanText)  # JSON list of {title, url}
    latency_ms: Mapped[float] = mapped_column(Float)
    reset: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)


class Feedback(Base):
    """A thumbs up or down on one answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    exchange_id: Mapped[str] = mapped_column(ForeignKey("exchanges.id"), index=True)
    rating: Mapped[int] = mapped_column(Integer)  # +1 or -1
    comment: Mapped[str | None] = mapped_column(CleanText, nullable=True)
    channel: Mapped[str] = mapped_column(CleanString(16))
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    exchange: Mapped[Exchange] = relationship(lazy="joined")


class ChatLanguage(Base):
    """The answer language a Telegram chat chose with /language (absent: automatic)."""

    __tablename__ = "chat_languages"

    session_id: Mapped[str] = mapped_column(CleanString(128), primary_key=True)
    lang: Mapped[str] = mapped_column(CleanString(8))
    updated: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
