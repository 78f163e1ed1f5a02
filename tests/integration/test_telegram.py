"""Telegram channel end to end: the real bot and services against a fake Bot API server.

Every test that takes `bot` runs twice: with the real Updater long-polling the fake
server, and with updates POSTed to the FastAPI webhook route. No test reaches the internet.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.answering.models import Answer
from bot.channels.telegram.formatting import TELEGRAM_LIMIT, tg_len
from bot.channels.telegram.strings import ui
from bot.channels.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH, telegram_router
from bot.config import Settings
from bot.i18n import SUPPORTED_LANGUAGES
from bot.services import Services
from bot.storage.db import Exchange, Feedback
from tests.conftest import make_settings
from tests.fakes.telegram_api import FakeBotApi
from tests.fakes.telegram_bot import (
    CHAT,
    PUBLIC_URL,
    SECRET,
    Bot,
    running_bot,
    telegram_fields,
    visible,
)
from tests.fakes.telegram_updates import Updates

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
    return list(reversed(services.store.recent(100)))


async def settle(fake: FakeBotApi, seconds: float = 0.3) -> None:
    """Give the bot time to (wrongly) send something more."""
    await asyncio.sleep(seconds)


# -- /start, /help, /language, /sources --------------------------------------------------


async def test_start_in_french_greets_and_suggests_questions(bot: Bot) -> None:
    greeting = await bot.say("/start", language_code="fr")
    assert greeting.params == {
        "chat_id": CHAT,
        "text": "Bonjour ! Posez vos questions sur le Viet Nam.\n\n"
        + ui("help", "fr")
        + "\n\n"
        + ui("suggest", "fr"),
        "reply_markup": {
            "inline_keyboard": [
                [{"text": "Combien coûte un e-visa ?", "callback_data": "ask:fr:0"}]
            ]
        },
    }
    await bot.press(greeting, "ask:fr:0", language_code="fr")
    await bot.fake.wait_for("answerCallbackQuery")
    answer = (await bot.fake.wait_for(count=2))[1]
    assert answer.params["parse_mode"] == "HTML"
    assert [e.question for e in exchanges(bot.services)] == ["Combien coûte un e-visa ?"]


async def test_help_and_language_choice(bot: Bot) -> None:
    help_message = await bot.say("/help", language_code="de")
    assert help_message.params["text"].startswith(ui("help", "de"))
    assert "/language – Sprache der Antworten wählen" in help_message.params["text"]

    picker = await bot.say("/language")
    assert picker.params["text"] == "Choose the language of my answers:"
    rows = picker.buttons
    assert rows[0][1] == {"text": "Tiếng Việt", "callback_data": "lang:vi"}
    assert rows[-1] == [{"text": "Automatic", "callback_data": "lang:auto"}]
    await bot.press(picker, "lang:fr")
    (edit,) = await bot.fake.wait_for("editMessageText")
    assert edit.params["text"] == "C'est noté : je répondrai en Français."
    # the choice is kept for the chat: the UI follows it, and it is passed as `lang`
    assert (await bot.say("/sources")).params["text"] == ui("no_sources", "fr")
    # too short to tell its language: the chosen one applies (no French page: a French note)
    answer = await bot.say("e-visa fee")
    assert answer.params["text"].startswith("Ce texte officiel n&#x27;existe pas encore")
    assert answer.buttons[-1] == [{"text": "🆕 Nouvelle conversation", "callback_data": "new"}]


async def test_sources_lists_the_last_answer_in_full(bot: Bot) -> None:
    await bot.say(EVISA_Q)
    listing = await bot.say("/sources")
    assert listing.params["parse_mode"] == "HTML"
    assert visible(listing.params["text"]).startswith("Sources\n\n1. Electronic visa (e-visa)")
    assert '<a href="https://evisa.gov.vn/">https://evisa.gov.vn/</a>' in listing.params["text"]
    assert "published 2025-06-01" in listing.params["text"]


# -- answering --------------------------------------------------------------------------


def expected_html(answer: Answer) -> str:
    """Format an answer the way the bot should, written out independently of the bot's code."""
    body = html.escape(answer.answer)
    for n, source in enumerate(answer.sources, 1):
        body = body.replace(f"[{n}]", f'<a href="{html.escape(source.url)}">[{n}]</a>')
    listing = [
        f'{n}. <a href="{html.escape(s.url)}">{html.escape(s.title)}</a>'
        for n, s in enumerate(answer.sources, 1)
    ]
    return "\n\n".join([body, "<b>Sources</b>\n" + "\n".join(listing)])


async def test_question_is_answered_with_cited_escaped_html(bot: Bot) -> None:
    answer = await bot.say(EVISA_Q)
    (typing, *_) = bot.fake.sent("sendChatAction")
    assert typing.params == {"chat_id": CHAT, "action": "typing"}
    assert bot.fake.calls.index(typing) < bot.fake.calls.index(answer)
    (exchange,) = exchanges(bot.services)
    expected = bot.services.answerer.answer(EVISA_Q, site=bot.services.sites.get("default"))
    assert answer.params == {
        "chat_id": CHAT,
        "text": expected_html(expected),
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
        "reply_markup": {
            "inline_keyboard": [
                [{"text": f"[1] {expected.sources[0].title}", "url": "https://evisa.gov.vn/"}],
                [
                    {"text": "👍", "callback_data": f"fb:up:{exchange.id}"},
                    {"text": "👎", "callback_data": f"fb:down:{exchange.id}"},
                ],
                [{"text": "🆕 New conversation", "callback_data": "new"}],
            ]
        },
    }
    text = answer.params["text"]
    assert "The fee is 25 USD for a single entry and 50 USD for multiple entries." in text
    assert EVISA_LINK in text
    assert '\n\n<b>Sources</b>\n1. <a href="https://evisa.gov.vn/">Electronic visa' in text
    assert exchange.channel == "telegram" and exchange.site == "default"
    assert exchange.answer == expected.answer
    assert str(CHAT) not in exchange.session_id


async def test_html_in_question_and_content_is_escaped(bot: Bot) -> None:
    payload = "<img src=x onerror=alert(1)>"
    answer = await bot.say(f"{payload} What does the test notice about script tags say?")
    text = answer.params["text"]
    assert "<img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert payload in visible(text)  # shown to the user as text
    for call in bot.fake.sent():
        visible(call.params["text"]) if call.params.get("parse_mode") else None


async def test_follow_up_keeps_context_and_start_resets_it(bot: Bot) -> None:
    await bot.say(EVISA_Q)
    follow_up = await bot.say("What about the processing time?")
    first, second = exchanges(bot.services)
    assert first.session_id == second.session_id
    # alone this question is refused; with the e-visa question as context it is answered
    assert second.answered
    assert "3 working days" in follow_up.params["text"]
    history = bot.services.store.history(first.session_id, 4)
    assert [turn.question for turn in history] == [EVISA_Q, "What about the processing time?"]
    await bot.say("/start")
    assert bot.services.store.history(first.session_id, 4) == []


async def test_new_conversation_button_resets_context(bot: Bot) -> None:
    answer = await bot.say(EVISA_Q)
    await bot.press(answer, "new")
    (ack,) = await bot.fake.wait_for("answerCallbackQuery")
    assert ack.params["text"] == ui("reset_done", "en")
    (exchange,) = exchanges(bot.services)
    await bot.fake.wait_for(count=2)
    assert bot.services.store.history(exchange.session_id, 4) == []


async def test_long_answer_is_split_at_sentence_ends(bot: Bot) -> None:
    before = len(bot.fake.sent())
    await bot.send(bot.updates.message(LONG_Q))
    await bot.fake.wait_for(count=before + 2)
    await settle(bot.fake)
    parts = bot.fake.sent()[before:]
    (exchange,) = exchanges(bot.services)
    assert len(exchange.answer) > TELEGRAM_LIMIT
    assert len(parts) >= 2
    for part in parts:
        assert part.params["parse_mode"] == "HTML"
        assert tg_len(part.params["text"]) <= TELEGRAM_LIMIT
        visible(part.params["text"])  # every part is well-formed on its own
    assert [bool(p.buttons) for p in parts] == [False] * (len(parts) - 1) + [True]
    shown = [visible(p.params["text"]) for p in parts]
    assert all(s.rstrip().endswith(".") for s in shown[:-1])
    body = " ".join(shown).split("\n\nSources\n")[0]
    assert body == exchange.answer


async def test_feedback_button_is_recorded(bot: Bot) -> None:
    answer = await bot.say(EVISA_Q)
    (exchange,) = exchanges(bot.services)
    await bot.press(answer, f"fb:up:{exchange.id}")
    (ack,) = await bot.fake.wait_for("answerCallbackQuery")
    assert ack.params["text"] == "Thank you for your feedback!"
    (edit,) = await bot.fake.wait_for("editMessageReplyMarkup")
    assert edit.params["chat_id"] == CHAT
    assert edit.params["message_id"] == answer.result["message_id"]
    assert edit.buttons == [
        answer.buttons[0],
        [{"text": "✅ 👍", "callback_data": "fb:done"}],
        answer.buttons[2],
    ]
    with Session(bot.services.store.engine) as db:
        rows = db.scalars(select(Feedback)).all()
    assert [(r.exchange_id, r.rating, r.channel) for r in rows] == [(exchange.id, 1, "telegram")]


# -- groups -----------------------------------------------------------------------------


async def test_group_answers_only_when_mentioned_or_replied_to(bot: Bot) -> None:
    group = -100123
    await bot.send(bot.updates.message(EVISA_Q, chat_id=group, user_id=7))
    mentioned = bot.updates.mention(EVISA_Q, chat_id=group, user_id=7)
    await bot.send(mentioned)
    (answer,) = await bot.fake.wait_for(chat_id=group)
    await settle(bot.fake)
    assert len(bot.fake.sent(chat_id=group)) == 1
    assert answer.params["reply_parameters"]["message_id"] == mentioned["message"]["message_id"]
    assert [e.question for e in exchanges(bot.services)] == [EVISA_Q]  # mention stripped

    reply = bot.updates.message(
        "What time zone is Viet Nam in?",
        chat_id=group,
        user_id=8,
        reply_to=bot.fake.sent_message(answer),
    )
    await bot.send(reply)
    await bot.fake.wait_for(count=2, chat_id=group)
    assert exchanges(bot.services)[-1].question == "What time zone is Viet Nam in?"


# -- abuse and faults -------------------------------------------------------------------


@pytest.mark.parametrize("bot_settings", [{"telegram_rate_limit": "2/minute"}])
async def test_rate_limit_message_is_sent_once(bot: Bot) -> None:
    for _ in range(5):
        await bot.send(bot.updates.message(EVISA_Q, language_code="es"))
    await bot.fake.wait_for(count=3)
    await settle(bot.fake, 0.5)
    texts = [c.params["text"] for c in bot.fake.sent()]
    assert texts.count(ui("rate_limited", "es")) == 1
    assert len(texts) == 3 and len(exchanges(bot.services)) == 2


async def test_too_long_and_invisible_characters(bot: Bot) -> None:
    too_long = await bot.say("visa " * 250, language_code="vi")
    assert too_long.params["text"] == ui("too_long", "vi", count=1249, limit=1000)
    smuggled = "How much\U000e0049\U000e0047\U000e004e is an e-visa?\u202e\x07"
    await bot.say(smuggled)
    assert [e.question for e in exchanges(bot.services)] == [EVISA_Q]


async def test_retry_after_is_survived(bot: Bot) -> None:
    bot.fake.fail_next("sendMessage", 1, retry_after=1)
    answer = await bot.say(EVISA_Q)
    attempts = [c for c in bot.fake.calls if c.method == "sendMessage"]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[0].params == answer.params


async def test_failed_send_apologises_without_personal_data(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bot.fake.fail_next("sendMessage", 1, code=400)  # BadRequest: not retried, reaches the handler
    apology = await bot.say(EVISA_Q, language_code="ja")
    assert apology.params == {"chat_id": CHAT, "text": ui("error", "ja")}
    assert "failed" in caplog.text and "BadRequest" in caplog.text  # with its traceback
    assert str(CHAT) not in caplog.text and "e-visa" not in caplog.text
    assert bot.fake.token not in caplog.text


async def test_fake_server_answers_unknown_methods_with_404(bot: Bot) -> None:
    from telegram.error import EndPointNotFound

    with pytest.raises(EndPointNotFound):
        await bot.application.bot.do_api_request("sendTelepathy")


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
    from bot.channels.telegram.application import TelegramConfigError, build_application

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


# -- cross-lingual (real embedding model) -----------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_chinese_question_answered_from_vietnamese_text(
    mode: str, fake_api: FakeBotApi, real_services: Services
) -> None:
    # "When is Viet Nam's Hung Kings Commemoration Day?": only hung-kings.vi.md says it
    async with running_bot(mode, fake_api, real_services) as bot:
        answer = await bot.say("越南雄王祭祖节是哪一天？", language_code="zh")
    text = answer.params["text"]
    assert answer.params["parse_mode"] == "HTML"
    assert "ngày 10 tháng 3 âm lịch" in text and "Đền Hùng" in text
    assert '<a href="https://mofa.gov.vn/">[1]</a>' in text
    assert visible(text).startswith("目前还没有您所用语言的官方文本")
    assert visible(text).endswith("来源\n1. Giỗ Tổ Hùng Vương")
    assert answer.buttons[0] == [{"text": "[1] Giỗ Tổ Hùng Vương", "url": "https://mofa.gov.vn/"}]
