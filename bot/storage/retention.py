"""Keep questions no longer than needed: delete exchanges older than the retention period."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from bot.storage.db import Store
from bot.storage.models import now

log = logging.getLogger(__name__)

# How often a running server looks for exchanges past the retention period.
PURGE_EVERY_SECONDS = 3600.0


def purge_expired(store: Store, days: int) -> int:
    """Delete exchanges (and their votes) older than `days`; 0 days keeps everything."""
    if days <= 0:
        return 0
    try:
        gone = store.purge(now() - timedelta(days=days))
    except Exception as exc:  # the database is down: try again next time
        log.error("could not delete old exchanges: %s", type(exc).__name__)
        return 0
    if gone:
        log.info("deleted %d exchanges older than %d days", gone, days)
    return gone


async def purge_periodically(store: Store, days: int, every: float = PURGE_EVERY_SECONDS) -> None:
    """Purge now, then every `every` seconds, until cancelled."""
    while days > 0:
        await asyncio.to_thread(purge_expired, store, days)
        await asyncio.sleep(every)
