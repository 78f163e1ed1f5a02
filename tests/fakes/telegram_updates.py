"""Build the update objects Telegram would send: text messages, mentions, button presses."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Updates:
    """Make updates for one bot; ids increase like Telegram's. Group chat ids are negative."""

    bot_id: int
    username: str
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _query_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @staticmethod
    def user(user_id: int, language_code: str | None = "en") -> dict[str, Any]:
        """Return a Telegram user object."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Test"}
        if language_code:
            user["language_code"] = language_code
        return user

    def message(
        self,
        text: str,
        *,
        chat_id: int = 4242,
        user_id: int | None = None,
        language_code: str | None = "en",
        entities: list[dict[str, Any]] | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Return an update with a text message (a group message when chat_id < 0)."""
        chat: dict[str, Any] = {"id": chat_id, "type": "private"}
        if chat_id < 0:
            chat = {"id": chat_id, "type": "supergroup", "title": "Test group"}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self.user(user_id or abs(chat_id), language_code),
            "text": text,
        }
        if text.startswith("/"):
            command = {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            entities = [command, *(entities or [])]
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return {"update_id": next(self._update_ids), "message": message}

    def mention(self, question: str, **kwargs: Any) -> dict[str, Any]:
        """Return a message that mentions the bot (as @username) before `question`."""
        mention = f"@{self.username}"
        entity = {"type": "mention", "offset": 0, "length": len(mention)}
        return self.message(f"{mention} {question}", entities=[entity], **kwargs)

    def press(
        self,
        message: dict[str, Any],
        data: str,
        *,
        user_id: int = 4242,
        language_code: str | None = "en",
    ) -> dict[str, Any]:
        """Return an update for pressing the button carrying `data` under the bot's `message`."""
        query = {
            "id": str(next(self._query_ids)),
            "from": self.user(user_id, language_code),
            "chat_instance": "test-chat-instance",
            "message": message,
            "data": data,
        }
        return {"update_id": next(self._update_ids), "callback_query": query}
