"""Ask Viet Nam: answers about Viet Nam from official content, with citations."""

from bot.answering.models import Answer, Source

__all__ = ["Answer", "Source"]
