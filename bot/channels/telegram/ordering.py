"""Updates of different chats run concurrently; one chat's run one at a time, in order.

Answers run in threads, so other chats must not wait behind a slow one. Within a chat,
"And the fee?" sent right after a slow question must wait for it: answered first, it
would lose its context and its reply would come before the answer it follows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatOrder(BaseUpdateProcessor):
    """Process each chat's updates one at a time, in the order Telegram sent them.

    PTB starts the processing of updates in arrival order, and nothing awaits before
    `do_process_update`, so each chat's lock is queued for in that order too (asyncio
    locks are first come, first served).
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        """Allow `max_concurrent_updates` updates at once, across chats."""
        super().__init__(max_concurrent_updates)
        self._turns: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}  # updates of a chat holding or awaiting its lock

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await `coroutine` once the chat's earlier updates are done."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._turns.setdefault(chat.id, asyncio.Lock())
        self._users[chat.id] = self._users.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[chat.id] -= 1
            if not self._users[chat.id]:  # keep no lock per chat ever seen
                del self._users[chat.id], self._turns[chat.id]

    async def initialize(self) -> None:
        """Hold no resources."""

    async def shutdown(self) -> None:
        """Hold no resources."""
