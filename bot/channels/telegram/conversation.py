"""Answer one question in a chat: limits, history, the answerer, the store, the reply."""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram import Bot, LinkPreviewOptions, ReplyParameters
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError, TimedOut

from bot.answering.models import Answer
from bot.channels.recording import record_exchange
from bot.channels.telegram.formatting import render_answer
from bot.channels.telegram.guards import UserRateLimiter, chat_session, clean_text, pseudonym
from bot.channels.telegram.keyboards import answer_keyboard
from bot.channels.telegram.strings import ui

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
TYPING_EVERY = 4.5  # seconds; Telegram shows "typing…" for about 5


@dataclass(frozen=True)
class Where:
    """Where replies go: the chat, its forum topic, the message answered (in groups)."""

    chat_id: int
    thread_id: int | None = None
    reply_to: int | None = None

    def params(self, *, reply: bool = True) -> dict[str, Any]:
        """Return the send_message arguments that address this place."""
        quote = None
        if reply and self.reply_to is not None:
            quote = ReplyParameters(message_id=self.reply_to, allow_sending_without_reply=True)
        return {
            "chat_id": self.chat_id,
            "message_thread_id": self.thread_id,
            "reply_parameters": quote,
        }


@asynccontextmanager
async def typing(bot: Bot, where: Where) -> AsyncIterator[None]:
    """Show "typing…" in the chat until the block ends (failures only cost the indicator)."""

    async def keep_typing() -> None:
        while True:
            with suppress(TelegramError):
                await bot.send_chat_action(
                    chat_id=where.chat_id,
                    action=ChatAction.TYPING,
                    message_thread_id=where.thread_id,
                )
            await asyncio.sleep(TYPING_EVERY)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


class Conversation:
    """Answer questions for Telegram chats, keeping per-chat history in the store."""

    def __init__(self, services: Services, salt: bytes) -> None:
        """Use `services` for answers and storage; hash chat and user ids with `salt`."""
        self.services = services
        self.settings = services.settings
        self.salt = salt
        self.limiter = UserRateLimiter(
            self.settings.telegram_rate_limit, self.settings.rate_limit_storage
        )

    def session_id(self, chat_id: int) -> str:
        """Return the store's session id of a chat (a salted hash, never the raw id)."""
        return chat_session(self.salt, chat_id)

    async def keep_language(self, chat_id: int, lang: str | None) -> None:
        """Store the chat's /language choice (None: automatic); a store outage is logged."""
        try:
            await asyncio.to_thread(
                self.services.store.set_chat_language, self.session_id(chat_id), lang
            )
        except Exception as exc:  # the choice still holds in this process
            logger.warning("chat language not saved: %s", type(exc).__name__)

    def reset(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Forget the chat's context: stored history and the last sources."""
        self.services.store.reset(self.session_id(chat_id))
        chat_data.pop("last_sources", None)

    async def ask(
        self,
        bot: Bot,
        where: Where,
        *,
        user_id: int,
        question: str,
        chat_data: dict[Any, Any],
        ui_lang: str,
    ) -> None:
        """Answer `question` at `where`, or explain politely why not."""
        user_key = pseudonym(self.salt, "user", user_id)
        if not self.limiter.allow(user_key):
            if self.limiter.should_notify(user_key):
                await self.say(bot, where, ui("rate_limited", ui_lang))
            return
        question = clean_text(question)
        limit = self.settings.max_message_chars
        if not question or len(question) > limit:
            too_long = ui("too_long", ui_lang, count=len(question), limit=limit)
            await self.say(bot, where, too_long if question else ui("empty", ui_lang))
            return
        async with typing(bot, where):
            answer, exchange_id = await self._answer(where.chat_id, question, chat_data.get("lang"))
        chat_data["last_sources"] = list(answer.sources)
        await self.send_answer(bot, where, answer, exchange_id, ui_lang)

    async def say(self, bot: Bot, where: Where, text: str) -> None:
        """Send a plain-text notice."""
        await bot.send_message(text=text, **where.params())

    async def _answer(
        self, chat_id: int, question: str, lang: str | None
    ) -> tuple[Answer, str | None]:
        """Run the answerer off the event loop with the chat's history; record the exchange.

        The conversation store is analytics and context: when it fails, the question is
        answered on its own and the answer is sent all the same (without 👍/👎).
        """
        store, settings = self.services.store, self.settings
        session_id = self.session_id(chat_id)
        started = time.perf_counter()
        try:
            history = await asyncio.to_thread(store.history, session_id, settings.history_turns)
        except Exception as exc:  # the type only: a database error can quote user text
            logger.error("could not read the conversation: %s", type(exc).__name__)
            history = []
        answer = await asyncio.to_thread(
            self.services.answerer.answer,
            question,
            site=self.services.sites.get(settings.telegram_site),
            lang=lang,
            history=history,
        )
        seconds = time.perf_counter() - started
        exchange_id = await record_exchange(
            store,
            channel="telegram",
            site=settings.telegram_site,
            session_id=session_id,
            question=question,
            answer=answer,
            seconds=seconds,
        )
        logger.info(
            "answered session=%s lang=%s answered=%s kind=%s latency_ms=%.0f",
            session_id,
            answer.language,
            answer.answered,
            answer.kind,
            seconds * 1000,
        )
        return answer, exchange_id

    async def send_answer(
        self, bot: Bot, where: Where, answer: Answer, exchange_id: str | None, ui_lang: str
    ) -> None:
        """Send the answer as HTML parts; the last one carries sources and feedback buttons."""
        parts = render_answer(answer.answer, answer.sources, ui_lang)
        parts = parts or [html.escape(ui("error", ui_lang))]
        keyboard = answer_keyboard(answer.sources, exchange_id, ui_lang)
        for i, part in enumerate(parts):
            try:
                await bot.send_message(
                    text=part,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=NO_PREVIEW,
                    reply_markup=keyboard if i == len(parts) - 1 else None,
                    **where.params(reply=i == 0),
                )
            except TimedOut:
                # Telegram most likely got it (the reply was late): send the rest, never
                # this part again, and no apology that would ask for the question again.
                logger.warning("answer part %d of %d timed out", i + 1, len(parts))
