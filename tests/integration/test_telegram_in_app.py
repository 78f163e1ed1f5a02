"""Telegram inside the web server built by create_app: webhook and polling modes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from bot.channels.web.app import create_app
from bot.config import Settings
from bot.services import build_services
from tests.fakes import telegram_fixtures as fx
from tests.fakes.telegram_api import FakeBotApi
from tests.fakes.telegram_bot import PUBLIC_URL, SECRET
from tests.fakes.telegram_updates import Updates

HEADER = "X-Telegram-Bot-Api-Secret-Token"
fake_api = fx.fake_api
settings = fx.settings


def web(app: Any) -> httpx.AsyncClient:
    """Return a client of the app's web API (in process)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def ask_by_webhook(client: httpx.AsyncClient, updates: Updates, fake_api: FakeBotApi) -> Any:
    """Deliver a question as Telegram would (with the secret); return the bot's reply."""
    ok = await client.post(
        "/telegram/webhook",
        json=updates.message("How much is an e-visa?"),
        headers={HEADER: SECRET},
    )
    assert ok.status_code == 200
    return (await fake_api.wait_for("sendMessage"))[0]


async def answers_on_the_web(client: httpx.AsyncClient) -> bool:
    """Return True when the web API answers a question."""
    chat = await client.post("/api/chat", json={"message": "e-visa fee"})
    return chat.status_code == 200 and bool(chat.json()["answer"])


async def test_serve_mounts_the_webhook_registers_it_and_answers(
    settings: Settings, fake_api: FakeBotApi
) -> None:
    app = create_app(build_services(settings, ingest_if_empty=True))
    updates = Updates(bot_id=fake_api.bot_id, username=fake_api.username)
    async with app.router.lifespan_context(app):
        hook = fake_api.sent("setWebhook")
        assert hook and hook[0].params["url"] == PUBLIC_URL.rstrip("/") + "/telegram/webhook"
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t"
        ) as client:
            wrong = await client.post(
                "/telegram/webhook", json=updates.message("hi"), headers={HEADER: "nope"}
            )
            assert wrong.status_code == 403
            sent = await ask_by_webhook(client, updates, fake_api)
            assert "25 USD" in sent.params["text"] and sent.params["parse_mode"] == "HTML"
            assert (
                await client.post("/api/chat", json={"message": "e-visa fee"})
            ).status_code == 200


async def test_serve_polls_when_no_webhook_secret(settings: Settings, fake_api: FakeBotApi) -> None:
    polling = settings.model_copy(update={"telegram_webhook_secret": None})
    app = create_app(build_services(polling, ingest_if_empty=True))
    assert not any(getattr(r, "path", "") == "/telegram/webhook" for r in app.routes)
    updates = Updates(bot_id=fake_api.bot_id, username=fake_api.username)
    async with app.router.lifespan_context(app):
        fake_api.push_update(updates.message("How much is an e-visa?"))
        sent = await fake_api.wait_for("sendMessage")
        assert "25 USD" in sent[0].params["text"]


def test_without_a_token_the_web_app_runs_without_telegram(settings: Settings) -> None:
    plain = settings.model_copy(update={"telegram_token": None, "telegram_webhook_secret": None})
    app = create_app(build_services(plain, ingest_if_empty=True))
    assert not any(getattr(r, "path", "").startswith("/telegram") for r in app.routes)
    assert isinstance(settings.telegram_token, SecretStr)


async def test_telegram_down_at_start_up_leaves_the_web_api_serving_then_starts(
    settings: Settings, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    retrying = settings.model_copy(update={"telegram_start_retry_seconds": 0.2})
    app = create_app(build_services(retrying, ingest_if_empty=True))
    fake_api.fail_next("getMe", times=3, code=502)  # Bad Gateway, beyond the request retries
    updates = Updates(bot_id=fake_api.bot_id, username=fake_api.username)
    async with app.router.lifespan_context(app):
        assert "Telegram could not start" in caplog.text
        async with web(app) as client:
            assert await answers_on_the_web(client)
            # Started in the background once Telegram answers: the webhook is set.
            await fake_api.wait_for("setWebhook")
            assert "25 USD" in (await ask_by_webhook(client, updates, fake_api)).params["text"]


async def test_a_rejected_token_turns_telegram_off_not_the_web_api(
    settings: Settings, fake_api: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(build_services(settings, ingest_if_empty=True))
    fake_api.fail_next("getMe", times=1, code=401)
    async with app.router.lifespan_context(app):
        assert "Telegram rejected the bot token" in caplog.text
        async with web(app) as client:
            assert await answers_on_the_web(client)
    assert not fake_api.sent("setWebhook")
