"""Conversations, analytics and feedback in one SQLAlchemy database (SQLite or Postgres)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import create_engine, delete, event, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.answering.models import Answer, Turn
from bot.storage import analytics
from bot.storage.analytics import Cursor, Filters, Page, Stats
from bot.storage.migrate import upgrade
from bot.storage.models import Base, ChatLanguage, Exchange, Feedback, now

__all__ = ["Base", "ChatLanguage", "Exchange", "Feedback", "Filters", "Stats", "Store"]


class Store:
    """Persist exchanges and feedback; read back history and analytics."""

    def __init__(self, url: str) -> None:
        """Open the database at `url` and create missing tables."""
        # Parameters are questions and session ids: never in an exception's message (logs).
        self.engine: Engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        upgrade(self.engine, Base.metadata)
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
                    reason=answer.reason,
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
                row.lang, row.updated = lang, now()

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
                .values(rating=rating, comment=comment, channel=channel, created=now())
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

    def stats(self, site: str | None = None, filters: Filters | None = None) -> Stats:
        """Return counts and breakdowns (for one site, or within `filters`)."""
        filters = filters or Filters(site=site)
        with self._session() as db:
            return analytics.stats(db, filters)

    def unanswered(
        self,
        limit: int = 50,
        site: str | None = None,
        *,
        filters: Filters | None = None,
        reason: str | None = analytics.NOT_FOUND,
        after: Cursor | None = None,
    ) -> Page:
        """Return the latest questions the bot declined (by default, content gaps only)."""
        with self._session() as db:
            return analytics.exchanges(
                db, filters or Filters(site=site), limit, after, answered=False, reason=reason
            )

    def recent(
        self,
        limit: int = 50,
        site: str | None = None,
        *,
        filters: Filters | None = None,
        after: Cursor | None = None,
    ) -> Page:
        """Return the latest questions, answered or not."""
        with self._session() as db:
            return analytics.exchanges(db, filters or Filters(site=site), limit, after)

    def feedback(
        self,
        limit: int = 50,
        *,
        filters: Filters | None = None,
        rating: int | None = None,
        after: Cursor | None = None,
    ) -> Page:
        """Return the latest votes, each with the question and answer it was given on."""
        with self._session() as db:
            return analytics.feedback(db, filters or Filters(), limit, after, rating)

    def purge(self, before: datetime) -> int:
        """Delete exchanges (and their votes) older than `before`; return how many."""
        with self._session.begin() as db:
            old = select(Exchange.id).where(Exchange.created < before)
            db.execute(delete(Feedback).where(Feedback.exchange_id.in_(old)))
            gone = db.execute(delete(Exchange).where(Exchange.created < before))
        return int(gone.rowcount)  # type: ignore[attr-defined]

    def close(self) -> None:
        """Release pooled connections."""
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
