"""Each chat's /language choice, read from the conversation store before each update.

PTB keeps `chat_data` in process memory: a restart (every deployment) forgot every chat's
choice, and with several webhook workers each had its own. The handler writes the choice
to the store when it is made (`Conversation.keep_language`); this persistence reads it
back before each update of the chat, so every process sees the latest.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.storage.db import Store

logger = logging.getLogger(__name__)
ChatData = dict[Any, Any]


class ChatLanguages(BasePersistence[dict[Any, Any], ChatData, dict[Any, Any]]):
    """Refresh `chat_data["lang"]` from the store; everything else stays in memory."""

    def __init__(self, store: Store, session_id: Callable[[int], str]) -> None:
        """Store choices in `store`, keyed by the chat's hashed session id."""
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=True, user_data=False, callback_data=False
            ),
            update_interval=60,
        )
        self.store = store
        self.session_id = session_id

    async def refresh_chat_data(self, chat_id: int, chat_data: ChatData) -> None:
        """Load the chat's choice before its update is handled (another worker may have set it)."""
        try:
            lang = await asyncio.to_thread(self.store.chat_language, self.session_id(chat_id))
        except Exception as exc:  # the store is down: keep what this process knows
            logger.warning("chat language not read: %s", type(exc).__name__)
            return
        if lang:
            chat_data["lang"] = lang
        else:
            chat_data.pop("lang", None)

    async def update_chat_data(self, chat_id: int, data: ChatData) -> None:
        """Write nothing: the choice was written when it was made (one writer, no clobbering)."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Keep the choice: a chat that comes back keeps its language."""

    async def get_chat_data(self) -> dict[int, ChatData]:
        """Start empty: each chat's choice is read when the chat is next heard from."""
        return {}

    # Nothing else is persisted.

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        """Keep no user data."""
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        """Keep no bot data."""
        return {}

    async def get_callback_data(self) -> None:
        """Keep no callback data."""
        return None

    async def get_conversations(self, name: str) -> dict[Any, Any]:
        """Keep no conversation handler states."""
        return {}

    async def update_conversation(self, name: str, key: Any, new_state: object | None) -> None:
        """Keep no conversation handler states."""

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        """Keep no user data."""

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Keep no bot data."""

    async def update_callback_data(self, data: Any) -> None:
        """Keep no callback data."""

    async def drop_user_data(self, user_id: int) -> None:
        """Keep no user data."""

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Keep no user data."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Keep no bot data."""

    async def flush(self) -> None:
        """Nothing is buffered: every change was written."""
