"""Telegram channel: the webhook route's checks and the `python -m bot telegram` command."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from bot.channels.telegram.application import TelegramConfigError, build_application
from bot.channels.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH, telegram_router
from bot.config import Settings
from bot.i18n import SUPPORTED_LANGUAGES
from bot.services import Services
from tests.fakes import telegram_fixtures as fx
from tests.fakes.telegram_api import FakeBotApi
from tests.fakes.telegram_bot import PUBLIC_URL, SECRET, running_bot
from tests.fakes.telegram_fixtures import EVISA_LINK, EVISA_Q
from tests.fakes.telegram_updates import Updates

# The shared Telegram fixtures (module-level, so `settings` overrides the conftest one).
fake_api = fx.fake_api
settings = fx.settings


# -- webhook ----------------------------------------------------------------------------


async def test_webhook_checks_the_secret(fake_api: FakeBotApi, services: Services) -> None:
    async with running_bot("webhook", fake_api, services) as bot:
        (registered,) = bot.fake.sent("setWebhook")
        assert registered.params == {
            "url": f"{PUBLIC_URL}/telegram/webhook",
            "secret_token": SECRET,
            "allowed_updates": ["message", "callback_query"],
        }
        info = await bot.application.bot.get_webhook_info()
        assert info.url == f"{PUBLIC_URL}/telegram/webhook"
        web = FastAPI()
        web.include_router(telegram_router(bot.application, bot.services.settings))
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            update = bot.updates.message(EVISA_Q)
            for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}):
                response = await client.post(WEBHOOK_PATH, json=update, headers=headers)
                assert response.status_code == 403
            good = {SECRET_HEADER: SECRET}
            assert (
                await client.post(WEBHOOK_PATH, content=b"{no", headers=good)
            ).status_code == 400
            assert (await client.post(WEBHOOK_PATH, json=[1], headers=good)).status_code == 400
            huge = b'{"update_id": 1, "x": "' + b"a" * 300_000 + b'"}'
            assert (await client.post(WEBHOOK_PATH, content=huge, headers=good)).status_code == 413
            assert not bot.fake.sent()
            assert (await client.post(WEBHOOK_PATH, json=update, headers=good)).status_code == 200
            (answer,) = await bot.fake.wait_for()
            assert EVISA_LINK in answer.params["text"]


def test_webhook_refuses_to_mount_without_a_secret(settings: Settings, services: Services) -> None:

    application = build_application(services, webhook=True)
    unsafe = settings.model_copy(update={"telegram_webhook_secret": None})
    with pytest.raises(TelegramConfigError, match="WEBHOOK_SECRET"):
        telegram_router(application, unsafe)


# -- the command line: `python -m bot telegram` -------------------------------------------


async def test_cli_long_polls_and_stops_on_ctrl_c(
    fake_api: FakeBotApi, kb_dir: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "ASKVN_TELEGRAM_TOKEN": fake_api.token,
        "ASKVN_TELEGRAM_BASE_URL": fake_api.base_url,
        "ASKVN_TELEGRAM_BASE_FILE_URL": fake_api.base_file_url,
        "ASKVN_KNOWLEDGE_DIR": str(kb_dir),
        "ASKVN_DATA_DIR": str(tmp_path / "cli-data"),
        "ASKVN_EMBEDDING_MODEL": "fake",
        "ASKVN_LOG_LEVEL": "INFO",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "telegram",
        cwd=Path(__file__).resolve().parents[2], env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        updates = Updates(bot_id=fake_api.bot_id, username=fake_api.username)
        fake_api.push_update(updates.message("/start", language_code="vi"))
        (greeting,) = await fake_api.wait_for(timeout=90)
        assert greeting.params["text"].startswith("Xin chào! Tôi là Ask Viet Nam (test).\n\n")
        assert len(fake_api.sent("setMyCommands")) == len(SUPPORTED_LANGUAGES)
        assert fake_api.sent("deleteWebhook")  # polling clears any webhook first
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, output.decode()
    assert fake_api.token not in output.decode()  # httpx request logs are redacted
