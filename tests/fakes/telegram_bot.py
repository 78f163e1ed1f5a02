"""Run the real bot against the fake Bot API server, by long polling or through the webhook."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from html.parser import HTMLParser
from typing import Any

import httpx
from fastapi import FastAPI
from pydantic import SecretStr

from bot.channels.telegram.application import ALLOWED_UPDATES, TelegramApp, build_application
from bot.channels.telegram.webhook import (
    SECRET_HEADER,
    WEBHOOK_PATH,
    start_webhook,
    stop_webhook,
    telegram_router,
)
from bot.services import Services
from tests.fakes.telegram_api import Call, FakeBotApi
from tests.fakes.telegram_updates import Updates

SECRET = "webhook-secret_0123456789"
PUBLIC_URL = "https://askvn.example.org"
CHAT = 4242  # private chat with user 4242


def telegram_fields(fake: FakeBotApi, **overrides: object) -> dict[str, object]:
    """Return the settings that point the bot at the fake server."""
    return {
        "telegram_token": SecretStr(fake.token),
        "telegram_webhook_secret": SecretStr(SECRET),
        "telegram_base_url": fake.base_url,
        "telegram_base_file_url": fake.base_file_url,
        "public_url": PUBLIC_URL,
        **overrides,
    }


@dataclasses.dataclass
class Bot:
    """A running bot: feed it updates, read what it sent to the fake server."""

    mode: str
    fake: FakeBotApi
    services: Services
    application: TelegramApp
    send: Callable[[dict[str, Any]], Awaitable[None]]
    updates: Updates

    async def say(self, text: str, *, chat_id: int = CHAT, **kwargs: Any) -> Call:
        """Send a text message and return the next message the bot sends to that chat."""
        before = len(self.fake.sent(chat_id=chat_id))
        await self.send(self.updates.message(text, chat_id=chat_id, **kwargs))
        return (await self.fake.wait_for(count=before + 1, chat_id=chat_id))[before]

    async def press(self, call: Call, data: str, **kwargs: Any) -> None:
        """Press the button carrying `data` under the message sent by `call`."""
        await self.send(self.updates.press(self.fake.sent_message(call), data, **kwargs))


@asynccontextmanager
async def running_bot(
    mode: str, fake: FakeBotApi, services: Services, **overrides: object
) -> AsyncIterator[Bot]:
    """Run the bot built by `build_application` in `mode` ("polling" or "webhook")."""
    settings = services.settings.model_copy(update=telegram_fields(fake, **overrides))
    services = dataclasses.replace(services, settings=settings)
    updates = Updates(bot_id=fake.bot_id, username=fake.username)
    if mode == "polling":
        application = build_application(services, webhook=False)
        updater = application.updater
        assert updater is not None
        async with application:
            await updater.start_polling(timeout=1, allowed_updates=ALLOWED_UPDATES)
            await application.start()

            async def push(update: dict[str, Any]) -> None:
                fake.push_update(update)

            try:
                yield Bot(mode, fake, services, application, push, updates)
            finally:
                await updater.stop()
                await application.stop()
        return
    application = build_application(services, webhook=True)
    web = FastAPI()
    web.include_router(telegram_router(application, settings))
    await start_webhook(application, settings)
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:

        async def post(update: dict[str, Any]) -> None:
            response = await client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
            assert response.status_code == 200

        try:
            yield Bot(mode, fake, services, application, post, updates)
        finally:
            await stop_webhook(application)


class TelegramHTML(HTMLParser):
    """Check that text uses only the tags we emit, balanced, with http(s) links."""

    def __init__(self) -> None:
        """Start with no open tag and no text."""
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Accept only <a href="http(s)://..."> and <b>."""
        assert tag in {"a", "b"}, f"unexpected tag <{tag}>"
        if tag == "a":
            href = dict(attrs)["href"] or ""
            assert href.startswith(("https://", "http://")), href
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        """Check the tag closes the last one opened."""
        assert self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        """Collect the visible text."""
        self.text += data


def visible(text: str) -> str:
    """Return what the user sees of a Telegram HTML message, after checking its markup."""
    parser = TelegramHTML()
    parser.feed(text)
    parser.close()
    assert not parser.stack, f"unclosed tags {parser.stack}"
    return parser.text
