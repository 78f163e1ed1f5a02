"""Telegram channel end to end: groups, abuse limits and Bot API failures (polling and webhook)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest

from bot.channels.telegram.strings import ui
from tests.fakes import telegram_fixtures as fx
from tests.fakes.telegram_bot import CHAT, Bot
from tests.fakes.telegram_fixtures import EVISA_Q, LONG_Q, exchanges, settle

# The shared Telegram fixtures (module-level, so `settings` overrides the conftest one).
bot = fx.bot
bot_settings = fx.bot_settings
fake_api = fx.fake_api
settings = fx.settings


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


async def test_a_database_outage_still_sends_the_answer(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    from sqlalchemy import text

    with bot.services.store.engine.begin() as db:
        db.execute(text("DROP TABLE feedback"))
        db.execute(text("DROP TABLE exchanges"))
    answer = await bot.say(EVISA_Q)
    # The official answer arrives; only the 👍/👎 row, which needs the record, is left out.
    assert "25 USD" in answer.params["text"]
    assert not any(
        b.get("callback_data", "").startswith("fb:") for row in answer.buttons for b in row
    )
    assert "could not record the exchange" in caplog.text and "e-visa" not in caplog.text


async def test_a_second_tap_on_an_old_keyboard_is_not_an_error(bot: Bot) -> None:
    answer = await bot.say(EVISA_Q)
    (exchange,) = exchanges(bot.services)
    # Telegram refuses to set the markup the message already has.
    bot.fake.fail_next(
        "editMessageReplyMarkup",
        1,
        code=400,
        description="Bad Request: message is not modified: specified new message content "
        "and reply markup are exactly the same",
    )
    await bot.press(answer, f"fb:up:{exchange.id}")
    await bot.fake.wait_for("answerCallbackQuery")
    await settle(bot.fake, 0.5)
    assert [c.params["text"] for c in bot.fake.sent()] == [answer.params["text"]]  # no apology


async def test_a_quick_follow_up_waits_for_the_slow_question_before_it(bot: Bot) -> None:
    # The first answer is slow (as with an LLM); "And the fee?" sent right after must
    # not overtake it: it is answered second, with the first question as its context.
    answerer = bot.services.answerer
    plain = answerer.answer

    def slow_first(question: str, **kw: Any) -> Any:
        if question == EVISA_Q:
            time.sleep(0.6)
        return plain(question, **kw)

    answerer.answer = slow_first  # type: ignore[method-assign]
    await bot.send(bot.updates.message(EVISA_Q))
    await bot.send(bot.updates.message("What about the processing time?"))
    first, second = await bot.fake.wait_for(count=2)
    questions = [e.question for e in exchanges(bot.services)]
    assert questions == [EVISA_Q, "What about the processing time?"]
    assert "25 USD" in first.params["text"]
    # Alone this question is refused; with the e-visa question as context it is answered.
    assert "3 working days" in second.params["text"]


@pytest.mark.parametrize("bot_settings", [{"telegram_timeout_seconds": 0.5}])
async def test_a_late_reply_to_one_part_neither_repeats_it_nor_drops_the_rest(bot: Bot) -> None:
    # Telegram delivers the first part of a long answer but replies after the timeout.
    deliver = bot.fake._methods["sendMessage"]
    calls = 0

    async def slow_first(params: dict[str, Any]) -> Any:
        nonlocal calls
        calls += 1
        message = await deliver(params)
        if calls == 1:
            await asyncio.sleep(1.0)
        return message

    bot.fake._methods["sendMessage"] = slow_first
    await bot.send(bot.updates.message(LONG_Q))
    await bot.fake.wait_for(count=2)
    await settle(bot.fake, 1.5)
    texts = [p.params["text"] for p in bot.fake.sent()]
    assert len(texts) == len(set(texts)) >= 2  # each part once
    assert ui("error", "en") not in texts  # no apology asking to ask again
    assert bot.fake.sent()[-1].buttons  # the last part, with sources and 👍/👎, arrived
