"""Fixtures for the Telegram tests: the fake server, settings pointing at it, a running bot.

Test modules import them by name (module-level fixtures override the conftest `settings`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.services import Services
from bot.storage.db import Exchange
from tests.conftest import make_settings
from tests.fakes.telegram_api import FakeBotApi
from tests.fakes.telegram_bot import Bot, running_bot, telegram_fields

EVISA_Q = "How much is an e-visa?"
EVISA_LINK = '<a href="https://evisa.gov.vn/">[1]</a>'
LONG_Q = "What are the steps of consular legalisation?"
STEPS = [
    "the applicant fills in the request form and signs it in front of the consular officer",
    "the consular section checks that the signature and seal on the document are authentic",
    "the applicant pays the legalisation fee at the counter and keeps the official receipt",
    "documents issued abroad are first certified by the competent authority of that country",
    "a translation into Vietnamese is attached and certified by a notary or the embassy",
    "the consular officer records the document in the legalisation register with its number",
]
LONG_DOC = (
    "---\ntitle: Consular legalisation, step by step\nurl: https://mofa.gov.vn/legalisation\nlang: en\ngroup: legalisation-steps\n---\n# Consular legalisation, step by step\n\n"
    + " ".join(f"Step {n} of consular legalisation: {STEPS[n % len(STEPS)]}." for n in range(1, 46))
)


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    fake = FakeBotApi()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def settings(kb_dir: Path, tmp_path: Path, fake_api: FakeBotApi) -> Settings:
    """Test settings plus the fake server, and a long official text for the split test."""
    (kb_dir / "national" / "legalisation-steps.en.md").write_text(LONG_DOC, encoding="utf-8")
    return make_settings(
        kb_dir,
        tmp_path / "data",
        chunk_size=8000,  # keep the long text in one chunk so its answer is long
        chunk_overlap=0,
        max_answer_sentences=100,
        **telegram_fields(fake_api),
    )


@pytest.fixture
def bot_settings() -> dict[str, object]:
    """Settings overrides for one test (parametrize to change)."""
    return {}


@pytest.fixture(params=["polling", "webhook"])
async def bot(
    request: pytest.FixtureRequest,
    fake_api: FakeBotApi,
    services: Services,
    bot_settings: dict[str, object],
) -> AsyncIterator[Bot]:
    async with running_bot(request.param, fake_api, services, **bot_settings) as running:
        yield running


def exchanges(services: Services) -> list[Exchange]:
    return list(reversed(services.store.recent(100).rows))


async def settle(fake: FakeBotApi, seconds: float = 0.3) -> None:
    """Give the bot time to (wrongly) send something more."""
    await asyncio.sleep(seconds)
