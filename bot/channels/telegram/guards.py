"""Input hygiene and abuse limits: clean text, group addressing, per-user rate limit, pseudonyms."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from limits import RateLimitItemPerSecond, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from telegram import Message, MessageEntity

# Invisible tag characters (used to smuggle hidden instructions) and bidi overrides.
INVISIBLE = re.compile("[\U000e0000-\U000e007f\u202a-\u202e\u2066-\u2069\u200b\ufeff]")


def clean_text(text: str) -> str:
    """Return `text` without invisible tag, bidi and control characters, spaces tidied."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = "".join(
        " " if ch in "\t\r\n" else ch
        for ch in text
        if ch in "\t\r\n" or unicodedata.category(ch) != "Cc"
    )
    return " ".join(text.split())


def pseudonym(salt: bytes, kind: str, value: int | str) -> str:
    """Return a stable salted hash of an id, so raw Telegram ids are never stored or logged."""
    return hmac.new(salt, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def addressed_text(message: Message, bot_id: int, username: str) -> str | None:
    """Return the group message's text without the bot's mention, or None if not for the bot."""
    text = message.text or ""
    mention = f"@{username}".lower()
    mentioned = any(
        (e.type == MessageEntity.MENTION and value.lower() == mention)
        or (e.type == MessageEntity.TEXT_MENTION and e.user is not None and e.user.id == bot_id)
        for e, value in message.parse_entities(
            [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
        ).items()
    )
    reply = message.reply_to_message
    replied = reply is not None and reply.from_user is not None and reply.from_user.id == bot_id
    if not (mentioned or replied):
        return None
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)


class UserRateLimiter:
    """Allow each user `rate` questions (moving window); tell them once per window when over."""

    def __init__(self, rate: str) -> None:
        """Parse `rate` such as '10/minute'."""
        self.item = parse(rate)
        self.notice = RateLimitItemPerSecond(1, self.item.get_expiry())
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def allow(self, user_key: str) -> bool:
        """Count one question for the user; return False when over the limit."""
        return self.limiter.hit(self.item, "ask", user_key)

    def should_notify(self, user_key: str) -> bool:
        """Return True at most once per window, for the 'slow down' message."""
        return self.limiter.hit(self.notice, "notice", user_key)
