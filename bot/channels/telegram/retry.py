"""Retry outgoing Bot API calls on flood control and network hiccups.

PTB routes every call except getUpdates through the bot's rate limiter, so this is the
one place where RetryAfter, TimedOut and NetworkError are absorbed.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]


def retry_after_seconds(exc: RetryAfter) -> float:
    """Return how long Telegram asked us to wait, whatever PTB's timedelta setting."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # int vs timedelta deprecation notice of PTB 22
        value = exc.retry_after
    if isinstance(value, dtm.timedelta):
        return value.total_seconds()
    return float(value)


class RetryingRateLimiter(BaseRateLimiter[None]):
    """Retry a call after RetryAfter (waiting as told) or a network error (with backoff)."""

    __slots__ = ("backoff", "max_retries", "max_wait")

    def __init__(self, max_retries: int = 2, backoff: float = 0.5, max_wait: float = 30.0) -> None:
        """Retry at most `max_retries` times; never wait longer than `max_wait` seconds."""
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait

    async def initialize(self) -> None:
        """Hold no resources."""

    async def shutdown(self) -> None:
        """Hold no resources."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        """Call the Bot API, retrying transient failures; re-raise when retries run out."""
        attempt = 0
        while True:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                delay = retry_after_seconds(exc) + 0.1
                if attempt >= self.max_retries or delay > self.max_wait:
                    logger.warning(
                        "%s: flood control, giving up (retry after %.1fs)", endpoint, delay
                    )
                    raise
            except BadRequest:
                raise  # a subclass of NetworkError, but retrying cannot fix it
            except NetworkError as exc:
                if not _safe_to_repeat(endpoint, exc):
                    logger.warning(
                        "%s: %s after sending, not repeated", endpoint, type(exc).__name__
                    )
                    raise
                if attempt >= self.max_retries:
                    logger.warning("%s: %s, giving up", endpoint, type(exc).__name__)
                    raise
                delay = self.backoff * 2**attempt
            attempt += 1
            logger.info("%s: retry %d in %.1fs", endpoint, attempt, delay)
            await asyncio.sleep(delay)


# Calls that post something new: done twice, the user sees it twice.
_POSTING = ("send", "copy", "forward")


def _safe_to_repeat(endpoint: str, exc: NetworkError) -> bool:
    """Return False for a call that may have reached Telegram and would post twice.

    A read or write timeout leaves it unknown whether Telegram got the message (it
    often did); a connect or pool timeout, or a refused connection, means it did not.
    """
    if not endpoint.startswith(_POSTING) or not isinstance(exc, TimedOut):
        return True
    return isinstance(exc.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout)
