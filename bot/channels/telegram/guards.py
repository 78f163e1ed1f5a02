"""Input hygiene and abuse limits: clean text, group addressing, per-user rate limit, pseudonyms."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from limits import RateLimitItemPerSecond, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from telegram import Message, MessageEntity

from bot.text import clean_input


def clean_text(text: str) -> str:
    """Return `text` without invisible tag, bidi and control characters, on one line."""
    return " ".join(clean_input(unicodedata.normalize("NFC", text)).split())


def pseudonym(salt: bytes, kind: str, value: int | str) -> str:
    """Return a stable salted hash of an id, so raw Telegram ids are never stored or logged."""
    return hmac.new(salt, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def chat_session(salt: bytes, chat_id: int) -> str:
    """Return the store's session id of a chat (a salted hash, never the raw id)."""
    return "tg:" + pseudonym(salt, "chat", chat_id)


def addressed_text(message: Message, bot_id: int, username: str) -> str | None:
    """Return a group message's text without the bot's mention, or None if not for the bot."""
    kinds: list[str | None] = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    mentions = [
        value
        for entity, value in message.parse_entities(kinds).items()
        if (entity.type == MessageEntity.MENTION and value.lower() == f"@{username}".lower())
        or (entity.user is not None and entity.user.id == bot_id)
    ]
    reply = message.reply_to_message
    replied = reply is not None and reply.from_user is not None and reply.from_user.id == bot_id
    if not (mentions or replied):
        return None
    text = message.text or ""
    for value in mentions:
        text = text.replace(value, " ")
    return text


class UserRateLimiter:
    """Allow each user `rate` questions (moving window); tell them once per window when over."""

    def __init__(self, rate: str, storage: str = "memory://") -> None:
        """Parse `rate` such as '10/minute'; `storage` may be shared (redis://) by workers."""
        self.item = parse(rate)
        self.notice = RateLimitItemPerSecond(1, self.item.get_expiry())
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage))

    def allow(self, user_key: str) -> bool:
        """Count one question for the user; return False when over the limit."""
        return self.limiter.hit(self.item, "ask", user_key)

    def should_notify(self, user_key: str) -> bool:
        """Return True at most once per window, for the 'slow down' message."""
        return self.limiter.hit(self.notice, "notice", user_key)
