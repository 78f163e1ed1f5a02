"""Conversations, analytics and feedback in one SQLAlchemy database (SQLite or Postgres)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from bot.answering.models import Answer, Turn


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base for the bot's tables."""


class Exchange(Base):
    """One question and the answer given to it."""

    __tablename__ = "exchanges"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(16), index=True)
    site: Mapped[str] = mapped_column(String(64), index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    answered: Mapped[bool] = mapped_column(Boolean, index=True)
    confidence: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(16))
    sources: Mapped[str] = mapped_column(Text)  # JSON list of {title, url}
    latency_ms: Mapped[float] = mapped_column(Float)
    reset: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class Feedback(Base):
    """A thumbs up or down on one answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    exchange_id: Mapped[str] = mapped_column(ForeignKey("exchanges.id"), index=True)
    rating: Mapped[int] = mapped_column(Integer)  # +1 or -1
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    channel: Mapped[str] = mapped_column(String(16))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ChatLanguage(Base):
    """The answer language a Telegram chat chose with /language (absent: automatic)."""

    __tablename__ = "chat_languages"

    session_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8))
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


@dataclass(frozen=True)
class Stats:
    """Counts staff look at first."""

    questions: int
    answered: int
    feedback_up: int
    feedback_down: int


class Store:
    """Persist exchanges and feedback; read back history and analytics."""

    def __init__(self, url: str) -> None:
        """Open the database at `url` and create missing tables."""
        # Parameters are questions and session ids: never in an exception's message (logs).
        self.engine: Engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def record(
        self,
        *,
        session_id: str,
        channel: str,
        site: str,
        question: str,
        answer: Answer,
        latency_ms: float,
    ) -> str:
        """Store one exchange and return its id (also the answer id for feedback)."""
        exchange_id = answer.id or str(uuid.uuid4())
        sources = json.dumps([{"title": s.title, "url": s.url} for s in answer.sources])
        with self._session.begin() as db:
            db.add(
                Exchange(
                    id=exchange_id,
                    session_id=session_id,
                    channel=channel,
                    site=site,
                    question=question,
                    answer=answer.answer,
                    language=answer.language,
                    answered=answer.answered,
                    confidence=answer.confidence,
                    kind=answer.kind,
                    sources=sources,
                    latency_ms=latency_ms,
                )
            )
        return exchange_id

    def history(self, session_id: str, turns: int, site: str | None = None) -> list[Turn]:
        """Return the last `turns` exchanges of a session since its last reset, oldest first.

        With `site`, only that site's: a session id reused on another embassy's page
        starts a new conversation there instead of carrying the first site's context.
        """
        q = select(Exchange).where(Exchange.session_id == session_id)
        if site is not None:
            q = q.where(Exchange.site == site)
        with self._session() as db:
            rows: Sequence[Exchange] = db.scalars(
                q.order_by(Exchange.created.desc()).limit(turns)
            ).all()
        kept: list[Turn] = []
        for row in rows:
            if row.reset:
                break
            kept.append(Turn(question=row.question, answer=row.answer))
        return list(reversed(kept))

    def reset(self, session_id: str) -> None:
        """Forget the context of a session (later history starts after this point)."""
        with self._session.begin() as db:
            for row in db.scalars(
                select(Exchange).where(Exchange.session_id == session_id, Exchange.reset.is_(False))
            ):
                row.reset = True

    def chat_language(self, session_id: str) -> str | None:
        """Return the language a chat chose, or None (automatic)."""
        with self._session() as db:
            return db.scalar(select(ChatLanguage.lang).where(ChatLanguage.session_id == session_id))

    def set_chat_language(self, session_id: str, lang: str | None) -> None:
        """Keep (or, with None, forget) the language a chat chose."""
        with self._session.begin() as db:
            row = db.get(ChatLanguage, session_id)
            if lang is None:
                if row is not None:
                    db.delete(row)
            elif row is None:
                db.add(ChatLanguage(session_id=session_id, lang=lang))
            else:
                row.lang, row.updated = lang, _now()

    def site_of(self, exchange_id: str) -> str | None:
        """Return the site an answer was given on, or None when the answer id is unknown."""
        with self._session() as db:
            return db.scalar(select(Exchange.site).where(Exchange.id == exchange_id))

    def add_feedback(
        self, exchange_id: str, rating: int, comment: str | None, channel: str
    ) -> bool:
        """Record feedback on an answer; return False when the answer id is unknown.

        One vote per answer: a second vote (a visitor changing their mind) replaces the
        first, so repeated clicks or posts cannot skew the counts staff read. Two votes
        racing on one answer may both be written; the later one then removes the earlier.
        """
        with self._session.begin() as db:
            # Write first: SQLite then holds its write lock for the whole transaction.
            replaced = db.execute(
                update(Feedback)
                .where(Feedback.exchange_id == exchange_id)
                .values(rating=rating, comment=comment, channel=channel, created=_now())
            )
            if not replaced.rowcount:  # type: ignore[attr-defined]
                if db.get(Exchange, exchange_id) is None:
                    return False
                db.add(
                    Feedback(
                        exchange_id=exchange_id, rating=rating, comment=comment, channel=channel
                    )
                )
        with self._session.begin() as db:
            latest = select(func.max(Feedback.id)).where(Feedback.exchange_id == exchange_id)
            db.execute(
                delete(Feedback).where(
                    Feedback.exchange_id == exchange_id, Feedback.id < latest.scalar_subquery()
                )
            )
        return True

    def stats(self, site: str | None = None) -> Stats:
        """Return question, answered and feedback counts (optionally for one site)."""
        with self._session() as db:
            q = select(func.count(), func.coalesce(func.sum(Exchange.answered.cast(Integer)), 0))
            if site:
                q = q.where(Exchange.site == site)
            total, answered = db.execute(q).one()
            votes = select(func.count()).select_from(Feedback)
            if site:
                votes = votes.join(Exchange).where(Exchange.site == site)
            up = db.scalar(votes.where(Feedback.rating > 0)) or 0
            down = db.scalar(votes.where(Feedback.rating < 0)) or 0
        return Stats(int(total), int(answered), int(up), int(down))

    def unanswered(self, limit: int = 50, site: str | None = None) -> list[Exchange]:
        """Return the most recent questions the bot could not answer."""
        with self._session() as db:
            q = select(Exchange).where(Exchange.answered.is_(False))
            if site:
                q = q.where(Exchange.site == site)
            return list(db.scalars(q.order_by(Exchange.created.desc()).limit(limit)))

    def recent(self, limit: int = 50, site: str | None = None) -> list[Exchange]:
        """Return the most recent questions."""
        with self._session() as db:
            q = select(Exchange)
            if site:
                q = q.where(Exchange.site == site)
            return list(db.scalars(q.order_by(Exchange.created.desc()).limit(limit)))

    def close(self) -> None:
        """Release pooled connections."""
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
