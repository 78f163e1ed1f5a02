"""Build the PTB Application of the bot, for long polling or for a webhook."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from typing import TYPE_CHECKING, Any

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, ExtBot

from bot.channels.telegram.guards import chat_session
from bot.channels.telegram.handlers import Handlers
from bot.channels.telegram.locales import TEXTS
from bot.channels.telegram.ordering import PerChatOrder
from bot.channels.telegram.persistence import ChatLanguages
from bot.channels.telegram.retry import RetryingRateLimiter
from bot.channels.telegram.strings import COMMANDS, ui
from bot.storage.retention import purge_periodically

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.services import Services

logger = logging.getLogger(__name__)

TelegramApp = Application[
    ExtBot[None], ContextTypes.DEFAULT_TYPE, dict[Any, Any], dict[Any, Any], dict[Any, Any], None
]
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
CONCURRENT_UPDATES = 8  # answers run in threads; other chats must not wait behind one


class TelegramConfigError(RuntimeError):
    """The Telegram channel is not configured well enough to start."""


class RedactBotToken(logging.Filter):
    """Hide the bot token that httpx writes into its request log lines (the URL holds it)."""

    TOKEN = re.compile(r"/bot\d+:[\w-]+")

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with the token replaced."""
        message = record.getMessage()
        if "/bot" in message:
            record.msg, record.args = self.TOKEN.sub("/bot<token>", message), None
        return True


def redact_token_in_logs() -> None:
    """Install the token filter on the httpx loggers, once."""
    for name in ("httpx", "httpcore"):
        target = logging.getLogger(name)
        if not any(isinstance(f, RedactBotToken) for f in target.filters):
            target.addFilter(RedactBotToken())


def id_salt(settings: Settings) -> bytes:
    """Return the key that pseudonymizes chat and user ids (stable while the token is)."""
    if settings.telegram_token is None:
        raise TelegramConfigError("set ASKVN_TELEGRAM_TOKEN to run the Telegram channel")
    token = settings.telegram_token.get_secret_value()
    return hashlib.sha256(b"askvn-telegram-ids:" + token.encode()).digest()


def build_application(services: Services, *, webhook: bool) -> TelegramApp:
    """Return the bot's Application (no Updater in webhook mode) with every handler."""
    settings = services.settings
    salt = id_salt(settings)
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    builder = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .connect_timeout(5.0)
        .read_timeout(settings.telegram_timeout_seconds)
        .write_timeout(settings.telegram_timeout_seconds)
        .pool_timeout(5.0)
        .rate_limiter(RetryingRateLimiter())
        .concurrent_updates(PerChatOrder(CONCURRENT_UPDATES))
        .job_queue(None)
        .persistence(ChatLanguages(services.store, lambda chat_id: chat_session(salt, chat_id)))
        .post_init(publish_commands)
    )
    if webhook:
        builder = builder.updater(None)
    application = builder.build()
    Handlers(services, salt).register(application)
    redact_token_in_logs()
    return application


async def publish_commands(application: TelegramApp) -> None:
    """Publish the command menu in every UI language (failure is logged, not fatal)."""
    try:
        for lang in TEXTS:
            commands = [BotCommand(name, ui(f"cmd_{name}", lang)) for name in COMMANDS]
            await application.bot.set_my_commands(
                commands, language_code=None if lang == "en" else lang
            )
    except TelegramError as exc:
        logger.warning("command menu not published: %s", type(exc).__name__)


def run_polling(services: Services) -> None:
    """Run the bot with long polling until interrupted (`python -m bot telegram`)."""
    application = build_application(services, webhook=False)
    purging: list[asyncio.Task[None]] = []

    async def start(app: TelegramApp) -> None:
        await publish_commands(app)
        days = services.settings.retention_days
        purging.append(asyncio.create_task(purge_periodically(services.store, days)))

    async def stop(_app: TelegramApp) -> None:
        for task in purging:
            task.cancel()

    application.post_init, application.post_shutdown = start, stop
    logger.info("Telegram bot polling (site %s)", services.settings.telegram_site)
    application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=5)
