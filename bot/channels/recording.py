"""What every channel does once a question is answered: count it, and record it."""

from __future__ import annotations

import asyncio
import logging

from bot.answering.models import Answer
from bot.metrics import observe_answer
from bot.storage.db import Store

log = logging.getLogger(__name__)


async def record_exchange(
    store: Store,
    *,
    channel: str,
    site: str,
    session_id: str,
    question: str,
    answer: Answer,
    seconds: float,
) -> str | None:
    """Count the answer in the metrics and store the exchange; return its id.

    Analytics must never cost the user the answer: when the store fails, this logs the
    failure's type only (a database error's text can quote the question, personal data)
    and returns None.
    """
    observe_answer(channel, site, answer.answered, seconds)
    try:
        return await asyncio.to_thread(
            store.record,
            session_id=session_id,
            channel=channel,
            site=site,
            question=question,
            answer=answer,
            latency_ms=seconds * 1000,
        )
    except Exception as exc:
        log.error("could not record the exchange: %s", type(exc).__name__)
        return None
