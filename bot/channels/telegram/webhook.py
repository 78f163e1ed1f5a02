"""Receive Telegram updates on POST /telegram/webhook inside the FastAPI app."""

from __future__ import annotations

import json
import logging
import re
import secrets
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response
from telegram import Update
from telegram.error import TelegramError

from bot.channels.telegram.application import (
    ALLOWED_UPDATES,
    TelegramApp,
    TelegramConfigError,
    publish_commands,
)

if TYPE_CHECKING:
    from bot.config import Settings

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_FORMAT = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as secret_token
MAX_UPDATE_BYTES = 256 * 1024  # a real update is a few KB; Telegram caps texts at 4096 chars


def webhook_secret(settings: Settings) -> str:
    """Return the configured webhook secret; webhook mode refuses to run without one."""
    secret = settings.telegram_webhook_secret
    if secret is None:
        raise TelegramConfigError("webhook mode needs ASKVN_TELEGRAM_WEBHOOK_SECRET")
    value = secret.get_secret_value()
    if not SECRET_FORMAT.fullmatch(value):
        raise TelegramConfigError(
            "ASKVN_TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"
        )
    return value


def telegram_router(application: TelegramApp, settings: Settings) -> APIRouter:
    """Return a router whose POST /telegram/webhook feeds authenticated updates to PTB."""
    expected = webhook_secret(settings).encode()
    router = APIRouter()

    @router.post(WEBHOOK_PATH, include_in_schema=False)
    async def telegram_webhook(request: Request) -> Response:
        """Check the secret header, parse the update and queue it for the handlers."""
        given = request.headers.get(SECRET_HEADER, "").encode("latin-1")
        if not secrets.compare_digest(given, expected):
            return Response(status_code=403)
        if not application.running:
            return Response(status_code=503)  # Telegram retries later
        body = await _read_capped(request, MAX_UPDATE_BYTES)
        if body is None:
            return Response(status_code=413)
        try:
            data = json.loads(body)
            if not isinstance(data, dict):
                raise ValueError("an update is a JSON object")
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return router


async def _read_capped(request: Request, limit: int) -> bytes | None:
    """Return the request body, or None as soon as it exceeds `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


async def start_webhook(application: TelegramApp, settings: Settings) -> None:
    """Start processing updates and, when ASKVN_PUBLIC_URL is set, register the webhook."""
    secret = webhook_secret(settings)
    await application.initialize()
    await publish_commands(application)
    await application.start()
    if not settings.public_url:
        logger.info("ASKVN_PUBLIC_URL unset: webhook not registered with Telegram")
        return
    url = settings.public_url.rstrip("/") + WEBHOOK_PATH
    try:
        await application.bot.set_webhook(
            url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )
    except TelegramError as exc:  # the web API keeps serving; Telegram just cannot reach us
        logger.error("setWebhook failed (%s): Telegram will not deliver updates", exc)


async def stop_webhook(application: TelegramApp) -> None:
    """Stop processing updates and release the application's resources."""
    if application.running:
        await application.stop()
    await application.shutdown()
