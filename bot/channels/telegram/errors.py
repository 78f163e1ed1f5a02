"""Last-resort error handling: log without personal data, apologise to the user."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot.channels.telegram.guards import pseudonym
from bot.channels.telegram.strings import ui, ui_language

logger = logging.getLogger(__name__)
ErrorHandler = Callable[[object, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def make_error_handler(salt: bytes) -> ErrorHandler:
    """Return the application's error handler; ids in logs are hashed with `salt`."""

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure (hashed ids, no message text) and send a short apology."""
        error = context.error
        if not isinstance(update, Update):  # polling loop or job: nobody to apologise to
            logger.warning("telegram error outside an update: %s", type(error).__name__)
            return
        chat, user = update.effective_chat, update.effective_user
        chat_key = pseudonym(salt, "chat", chat.id) if chat else "-"
        user_key = pseudonym(salt, "user", user.id) if user else "-"
        if isinstance(error, Forbidden):  # the user blocked the bot, or it left the group
            logger.info("telegram forbidden chat=%s", chat_key)
            return
        if isinstance(error, BadRequest) and "not modified" in str(error).lower():
            # A second tap on an old keyboard asks for the edit already made: nothing to do.
            logger.debug("telegram edit not needed chat=%s", chat_key)
            return
        if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
            # a transient failure whose retries ran out: no traceback needed
            logger.warning("telegram %s chat=%s user=%s", type(error).__name__, chat_key, user_key)
        else:
            logger.error(
                "update %s failed chat=%s user=%s",
                update.update_id,
                chat_key,
                user_key,
                exc_info=(type(error), error, error.__traceback__) if error else None,
            )
        if chat is None:
            return
        lang = ui_language(
            context.chat_data.get("lang") if context.chat_data else None,
            user.language_code if user else None,
        )
        message = update.effective_message
        thread = message.message_thread_id if message and message.is_topic_message else None
        try:
            await context.bot.send_message(
                chat_id=chat.id, message_thread_id=thread, text=ui("error", lang)
            )
        except TelegramError as exc:
            logger.warning("apology not sent chat=%s: %s", chat_key, type(exc).__name__)

    return on_error
