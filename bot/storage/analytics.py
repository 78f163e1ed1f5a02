"""What staff read back: filters, pages of rows, and counts broken down for them."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Integer, Select, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.storage.models import Exchange, Feedback
from bot.storage.types import as_utc

S = TypeVar("S", bound=Select[Any])

# Refusals: a gap in the content, or a request that is not the service's to answer.
NOT_FOUND, OUT_OF_REMIT = "not_found", "out_of_remit"
SMALL_TALK = "small_talk"


class BadCursor(ValueError):
    """A page cursor that this server did not hand out."""


@dataclass(frozen=True)
class Filters:
    """Which exchanges to look at; every field is optional."""

    site: str | None = None
    channel: str | None = None
    language: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive

    def apply(self, query: S) -> S:
        """Restrict a query over exchanges (or joined to them) to these filters."""
        conditions: list[ColumnElement[bool]] = []
        if self.site:
            conditions.append(Exchange.site == self.site)
        if self.channel:
            conditions.append(Exchange.channel == self.channel)
        if self.language:
            conditions.append(Exchange.language == self.language)
        if self.since:
            conditions.append(Exchange.created >= as_utc(self.since))
        if self.until:
            conditions.append(Exchange.created < as_utc(self.until))
        return query.where(*conditions) if conditions else query


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the last row's time and id (rows are newest first)."""

    created: datetime
    key: str

    def encode(self) -> str:
        """Return the opaque token a client sends back for the next page."""
        raw = f"{as_utc(self.created).isoformat()}|{self.key}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        """Read a token made by `encode`; raise BadCursor for anything else."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            created, key = raw.split("|", 1)
            return cls(as_utc(datetime.fromisoformat(created)), key)
        except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
            raise BadCursor("cursor: not a cursor from a previous page") from exc


@dataclass
class Page:
    """Rows, newest first, and the cursor of the next page (None on the last)."""

    rows: list[Any]
    next: Cursor | None


@dataclass
class Stats:
    """Counts staff look at first. Greetings and thanks are not counted as questions."""

    questions: int
    answered: int
    feedback_up: int
    feedback_down: int
    small_talk: int = 0
    declined: dict[str, int] = field(default_factory=dict)  # by reason
    by_language: dict[str, dict[str, int]] = field(default_factory=dict)
    by_channel: dict[str, dict[str, int]] = field(default_factory=dict)
    by_site: dict[str, dict[str, int]] = field(default_factory=dict)


def page(
    db: Session,
    query: Select[Any],
    created: InstrumentedAttribute[datetime],
    key: InstrumentedAttribute[Any],
    limit: int,
    after: Cursor | None,
) -> Page:
    """Return one page of `query` ordered newest first, continuing after `after`."""
    if after is not None:
        value: Any = int(after.key) if isinstance(key.type, Integer) else after.key
        query = query.where(
            or_(created < after.created, and_(created == after.created, key < value))
        )
    rows = list(db.scalars(query.order_by(created.desc(), key.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows and more else None
    # A row is an Exchange or a Feedback: both have `created`; the key is `id`.
    return Page(rows, Cursor(last.created, str(last.id)) if last is not None else None)


def exchanges(
    db: Session,
    filters: Filters,
    limit: int,
    after: Cursor | None,
    *,
    answered: bool | None = None,
    reason: str | None = None,
) -> Page:
    """Return a page of exchanges; with `answered=False`, the refusals (of one `reason`)."""
    query = filters.apply(select(Exchange))
    if answered is not None:
        query = query.where(Exchange.answered.is_(answered))
    if reason == NOT_FOUND:  # exchanges stored before reasons were kept count as gaps
        query = query.where(or_(Exchange.reason == NOT_FOUND, Exchange.reason.is_(None)))
    elif reason:
        query = query.where(Exchange.reason == reason)
    return page(db, query, Exchange.created, Exchange.id, limit, after)


def feedback(
    db: Session, filters: Filters, limit: int, after: Cursor | None, rating: int | None
) -> Page:
    """Return a page of votes (with their exchange loaded), newest vote first."""
    query = filters.apply(select(Feedback).join(Exchange))
    if rating is not None:
        query = query.where(Feedback.rating == rating)
    return page(db, query, Feedback.created, Feedback.id, limit, after)


def stats(db: Session, filters: Filters) -> Stats:
    """Return totals and breakdowns by language, channel and site."""
    questions = filters.apply(select(Exchange)).where(Exchange.kind != SMALL_TALK).subquery()
    answered = func.coalesce(func.sum(questions.c.answered.cast(Integer)), 0)
    total, done = db.execute(select(func.count(), answered)).one()

    def breakdown(column: str) -> dict[str, dict[str, int]]:
        col = questions.c[column]
        rows = db.execute(select(col, func.count(), answered).group_by(col).order_by(col))
        return {str(k): {"questions": int(n), "answered": int(a)} for k, n, a in rows}

    declined = db.execute(
        select(func.coalesce(questions.c.reason, "unrecorded"), func.count())
        .where(questions.c.answered.is_(False))
        .group_by(questions.c.reason)
    )
    small_talk = db.scalar(
        filters.apply(select(func.count()).select_from(Exchange)).where(Exchange.kind == SMALL_TALK)
    )
    votes = filters.apply(select(func.count()).select_from(Feedback).join(Exchange))
    return Stats(
        questions=int(total),
        answered=int(done),
        feedback_up=int(db.scalar(votes.where(Feedback.rating > 0)) or 0),
        feedback_down=int(db.scalar(votes.where(Feedback.rating < 0)) or 0),
        small_talk=int(small_talk or 0),
        declined={str(reason): int(n) for reason, n in declined},
        by_language=breakdown("language"),
        by_channel=breakdown("channel"),
        by_site=breakdown("site"),
    )
