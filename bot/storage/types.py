"""Column types that keep what is stored portable between SQLite and Postgres."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def as_utc(moment: datetime) -> datetime:
    """Return `moment` in UTC (a naive one is taken to be UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in UTC, read back with its time zone on every database.

    SQLite keeps no time zone: without this, a time written in UTC is read back naive
    and a browser shows it shifted by the reader's own offset.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store every moment as UTC (a naive one is taken to be UTC already)."""
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return an aware UTC moment."""
        return None if value is None else as_utc(value)


def _without_nul(value: Any) -> Any:
    # Postgres text cannot hold U+0000 (the write fails); it carries no meaning anyway.
    return value.replace("\x00", "") if isinstance(value, str) else value


class CleanText(TypeDecorator[str]):
    """Text of any length, stored without NUL characters."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Drop NUL characters."""
        return _without_nul(value)


class CleanString(TypeDecorator[str]):
    """A short string (`CleanString(64)`), stored without NUL characters."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Drop NUL characters."""
        return _without_nul(value)
