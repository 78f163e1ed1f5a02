"""Telegram channel end to end: the real bot and services against a fake Bot API server.

Every test that takes `bot` runs twice: with the real Updater long-polling the fake
server, and with updates POSTed to the FastAPI webhook route. No test reaches the internet.
"""

from __future__ import annotations

import html

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.answering.models import Answer
from bot.channels.telegram.formatting import TELEGRAM_LIMIT, tg_len
from bot.channels.telegram.strings import ui
from bot.services import Services
from bot.storage.db import Feedback
from tests.fakes import telegram_fixtures as fx
from tests.fakes.telegram_api import FakeBotApi
from tests.fakes.telegram_bot import CHAT, Bot, running_bot, visible
from tests.fakes.telegram_fixtures import EVISA_LINK, EVISA_Q, LONG_Q, exchanges, settle

# The shared Telegram fixtures (module-level, so `settings` overrides the conftest one).
bot = fx.bot
bot_settings = fx.bot_settings
fake_api = fx.fake_api
settings = fx.settings


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
    def count(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    answers_before = count(
        "askvn_answers_total", channel="telegram", site="default", answered="true"
    )
    votes_before = count("askvn_feedback_total", channel="telegram", rating="up")
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
    # Telegram counts in /metrics like the web channel.
    answered = count("askvn_answers_total", channel="telegram", site="default", answered="true")
    assert answered == answers_before + 1
    assert count("askvn_feedback_total", channel="telegram", rating="up") == votes_before + 1


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


async def test_the_language_choice_survives_a_restart(
    fake_api: FakeBotApi, services: Services
) -> None:
    async with running_bot("polling", fake_api, services) as first:
        picker = await first.say("/language")
        await first.press(picker, "lang:fr")
        await first.fake.wait_for("editMessageText")
        await settle(first.fake)
    # A new process (a deployment, or another webhook worker) over the same store.
    async with running_bot("polling", fake_api, services) as restarted:
        answer = await restarted.say("e-visa fee")
        assert answer.params["text"].startswith("Ce texte officiel n&#x27;existe pas encore")
        # "Automatic" is remembered too.
        picker = await restarted.say("/language")
        await restarted.press(picker, "lang:auto")
        await restarted.fake.wait_for("editMessageText", count=2)
        await settle(restarted.fake)
    async with running_bot("polling", fake_api, services) as again:
        answer = await again.say("e-visa fee")
        assert "Ce texte officiel" not in answer.params["text"]
