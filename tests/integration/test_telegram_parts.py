"""The Telegram channel's pieces without a server: HTML, splitting, guards, strings, retries."""

from __future__ import annotations

import datetime as dtm
import string
from pathlib import Path

import httpx
import pytest
from limits.errors import ConfigurationError
from telegram import Chat, InlineKeyboardMarkup, Message, MessageEntity, User
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.answering.models import Source
from bot.channels.telegram import formatting as fmt
from bot.channels.telegram.guards import UserRateLimiter, addressed_text, clean_text, pseudonym
from bot.channels.telegram.keyboards import answer_keyboard, feedback_chosen, parse_feedback
from bot.channels.telegram.locales import TEXTS
from bot.channels.telegram.retry import RetryingRateLimiter
from bot.channels.telegram.strings import COMMANDS, help_text, ui, ui_language
from bot.i18n import SUPPORTED_LANGUAGES
from bot.text import plain_text
from tests.fakes.telegram_bot import visible

KB = Path(__file__).resolve().parents[1] / "fixtures" / "kb"
EVISA = Source(title="Electronic visa (e-visa)", url="https://evisa.gov.vn/", snippet="")
HOSTILE = Source(title='<b>"x"</b>', url="javascript:alert(1)", snippet="")


def official_text() -> str:
    """Return the real sentences of the test knowledge base (several scripts), with markers."""
    bodies = []
    for name in ("national/evisa.en.md", "national/evisa.vi.md", "national/hung-kings.vi.md",
                 "national/script-notice.en.md"):  # fmt: skip
        body = (KB / name).read_text(encoding="utf-8").split("---", 2)[2]
        bodies.append(" ".join(plain_text(body).split()) + " [1]")
    return "\n\n".join(bodies)


# -- HTML ---------------------------------------------------------------------------------


def test_text_is_escaped_and_only_safe_citations_become_links() -> None:
    html = fmt.format_text('<img src=x onerror=alert(1)> & "q" [1] [2] [3]', [EVISA, HOSTILE])
    assert html == (
        "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; "
        '<a href="https://evisa.gov.vn/">[1]</a> [2] [3]'
    )


def test_urls_are_escaped_inside_href() -> None:
    tricky = Source(title="t", url='https://a.example/?q="x"&y=<1>', snippet="")
    assert fmt.format_text("[1]", [tricky]) == (
        '<a href="https://a.example/?q=&quot;x&quot;&amp;y=&lt;1&gt;">[1]</a>'
    )


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,x", "ftp://a.example/", "https://", "//a.example",
     "https://a.example/\nx", "https://a b.example/", "", "tg://resolve?domain=x"],
)  # fmt: skip
def test_unsafe_urls_are_never_linked(url: str) -> None:
    assert fmt.safe_url(url) is None


def test_sources_list_escapes_titles_and_skips_unsafe_links() -> None:
    (part,) = fmt.render_answer("Answer [1] [2].", [EVISA, HOSTILE], "fr")
    assert part.endswith(
        '<b>Sources</b>\n1. <a href="https://evisa.gov.vn/">Electronic visa (e-visa)</a>\n'
        "2. &lt;b&gt;&quot;x&quot;&lt;/b&gt;"
    )
    visible(part)


# -- splitting ----------------------------------------------------------------------------


def test_official_text_is_split_at_sentence_ends_and_rejoins_exactly() -> None:
    text = "\n\n".join([official_text()] * 8)
    assert fmt.tg_len(text) > fmt.TELEGRAM_LIMIT
    parts = fmt.render_answer(text, [EVISA], "vi")
    assert len(parts) >= 2
    for part in parts:
        assert fmt.tg_len(part) <= fmt.TELEGRAM_LIMIT
        shown = visible(part)
        assert shown.rstrip().endswith(("]", ".")) or "Nguồn" in shown
    joined = "\n\n".join(visible(p) for p in parts)
    assert " ".join(joined.split()).startswith(" ".join(text.split()))


@pytest.mark.parametrize("limit", [120, 300, 1000])
def test_every_part_fits_for_small_limits(limit: int) -> None:
    text = official_text()
    parts = fmt.split_plain(
        text, lambda chunk: fmt.tg_len(fmt.format_text(chunk, [EVISA])) <= limit
    )
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())
    for part in parts:
        assert fmt.tg_len(fmt.format_text(part, [EVISA])) <= limit
        visible(fmt.format_text(part, [EVISA]))  # no tag or entity cut in half


def test_cjk_text_splits_after_full_stops_and_a_giant_word_is_cut() -> None:
    cjk = "雄王祭祖节在每年农历三月初十举行。" * 40
    parts = fmt.split_plain(cjk, lambda chunk: len(chunk) <= 100)
    assert all(p.endswith("。") for p in parts) and "".join(parts) == cjk
    word = "https://example.org/" + "a" * 500
    parts = fmt.split_plain(word, lambda chunk: len(chunk) <= 100)
    assert "".join(parts) == word and all(len(p) <= 100 for p in parts)
    assert fmt.tg_len("🇻🇳") == 4 and fmt.tg_len("Việt") == 4  # Telegram counts UTF-16 units


# -- guards -------------------------------------------------------------------------------


def test_clean_text_strips_invisible_and_control_characters() -> None:
    smuggled = "visa\U000e0049\U000e0047\U000e004e fee\u202e\x00\x1b[31m\n please\u200b"
    assert clean_text(smuggled) == "visa fee[31m please"


def group_message(
    text: str, entities: list[MessageEntity], reply_from: User | None = None
) -> Message:
    chat = Chat(-1001, Chat.SUPERGROUP)
    reply = None
    if reply_from is not None:
        reply = Message(1, dtm.datetime.now(dtm.UTC), chat, from_user=reply_from, text="earlier")
    return Message(
        2, dtm.datetime.now(dtm.UTC), chat, from_user=User(7, "Ann", False), text=text,
        entities=entities, reply_to_message=reply,
    )  # fmt: skip


def addressed(message: Message) -> str | None:
    text = addressed_text(message, 99, "AskVnBot")
    return None if text is None else " ".join(text.split())


def test_group_messages_are_for_the_bot_only_when_mentioned_or_replied_to() -> None:
    bot_user = User(99, "Ask VN", True, username="AskVnBot")
    mention = MessageEntity(MessageEntity.MENTION, 0, 9)
    assert addressed(group_message("@askvnbot visa fee?", [mention])) == "visa fee?"
    assert addressed(group_message("@otherbot visa fee?", [mention])) is None
    assert addressed(group_message("@AskVnBot in text", [])) is None  # no entity: not a mention
    text_mention = MessageEntity(MessageEntity.TEXT_MENTION, 4, 6, user=bot_user)
    assert addressed(group_message("Hey Ask VN, fee?", [text_mention])) == "Hey , fee?"
    assert addressed(group_message("and the fee?", [], reply_from=bot_user)) == "and the fee?"
    to_someone = group_message("and the fee?", [], reply_from=User(8, "Bob", False))
    assert addressed(to_someone) is None


def test_user_rate_limit_and_single_notice() -> None:
    limiter = UserRateLimiter("2/minute")
    assert [limiter.allow("a") for _ in range(3)] == [True, True, False]
    assert [limiter.should_notify("a") for _ in range(3)] == [True, False, False]
    assert limiter.allow("b")
    # The storage named by ASKVN_RATE_LIMIT_STORAGE is the one used (redis:// is shared
    # by workers); a storage that does not exist fails at start, not silently.
    with pytest.raises(ConfigurationError):
        UserRateLimiter("2/minute", "nosuch://host")


def test_pseudonyms_are_stable_salted_and_not_the_id() -> None:
    one = pseudonym(b"salt", "chat", 4242)
    assert one == pseudonym(b"salt", "chat", 4242) and "4242" not in one
    assert one != pseudonym(b"pepper", "chat", 4242) != pseudonym(b"salt", "user", 4242)


# -- keyboards ----------------------------------------------------------------------------


def test_feedback_keyboard_round_trip() -> None:
    exchange_id = "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9"
    markup = answer_keyboard([EVISA, EVISA, HOSTILE], exchange_id, "en")
    rows = markup.inline_keyboard
    assert [b.url for b in rows[0]] == ["https://evisa.gov.vn/"] and len(rows) == 3
    for row in rows:
        for button in row:
            assert button.callback_data is None or len(str(button.callback_data).encode()) <= 64
    assert parse_feedback(str(rows[1][1].callback_data)) == (-1, exchange_id)
    assert parse_feedback("fb:done") is None and parse_feedback("fb:maybe:x") is None
    chosen = feedback_chosen(markup, -1).inline_keyboard
    assert chosen[0] == rows[0] and chosen[2] == rows[2]
    assert [(b.text, b.callback_data) for b in chosen[1]] == [("✅ 👎", "fb:done")]
    assert feedback_chosen(InlineKeyboardMarkup([]), 1).inline_keyboard[0][0].text == "✅ 👍"


# -- strings ------------------------------------------------------------------------------


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_string_with_the_same_placeholders() -> None:
    assert set(TEXTS) == set(SUPPORTED_LANGUAGES)
    for lang, table in TEXTS.items():
        assert set(table) == set(TEXTS["en"]), lang
        for key, text in table.items():
            assert fields(text) == fields(TEXTS["en"][key]), (lang, key)
            assert text.strip(), (lang, key)


def test_ui_language_and_fallbacks() -> None:
    assert ui_language("pt-BR", "fr") == "fr"
    assert ui_language(None, "zh-hans") == "zh"
    assert ui_language("xx") == "en"
    assert ui("thanks", "xx") == "Thank you for your feedback!"
    assert all(f"/{c} – " in help_text("ko") for c in COMMANDS)


# -- retries ------------------------------------------------------------------------------


class Flaky:
    """A Bot API call that fails with the given errors, then succeeds."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> bool:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return True


async def run(
    limiter: RetryingRateLimiter, call: Flaky, endpoint: str = "sendMessage"
) -> bool | object:
    return await limiter.process_request(call, (), {}, endpoint, {}, None)


def timed_out(cause: Exception) -> TimedOut:
    """Return TimedOut as PTB raises it: from the HTTP client's own timeout."""
    error = TimedOut()
    error.__cause__ = cause
    return error


async def test_retry_after_and_network_errors_are_retried() -> None:
    limiter = RetryingRateLimiter(max_retries=2, backoff=0.01)
    short = dtm.timedelta(milliseconds=10)
    flaky = Flaky(RetryAfter(short), timed_out(httpx.ConnectTimeout("no route")))
    assert await run(limiter, flaky) is True and flaky.calls == 3
    with pytest.raises(RetryAfter):
        await run(limiter, Flaky(RetryAfter(short), RetryAfter(short), RetryAfter(short)))


async def test_a_message_that_may_have_been_sent_is_not_sent_again() -> None:
    # A read timeout on sendMessage: Telegram often delivered it. Repeating the call
    # would show the user the answer twice.
    limiter = RetryingRateLimiter(max_retries=2, backoff=0.01)
    late = Flaky(timed_out(httpx.ReadTimeout("slow")))
    with pytest.raises(TimedOut):
        await run(limiter, late)
    assert late.calls == 1
    # A call that changes nothing new when repeated is retried as before.
    edit = Flaky(timed_out(httpx.ReadTimeout("slow")))
    assert await run(limiter, edit, "editMessageReplyMarkup") is True and edit.calls == 2
    # A connection that never opened sent nothing: the message is tried again.
    pooled = Flaky(timed_out(httpx.PoolTimeout("busy")), NetworkError("connection refused"))
    assert await run(limiter, pooled) is True and pooled.calls == 3


async def test_bad_requests_and_long_waits_are_not_retried() -> None:
    limiter = RetryingRateLimiter(max_retries=2, backoff=0.01, max_wait=5)
    bad = Flaky(BadRequest("can't parse entities"))
    with pytest.raises(BadRequest):
        await run(limiter, bad)
    assert bad.calls == 1
    flood = Flaky(RetryAfter(dtm.timedelta(seconds=60)))
    with pytest.raises(RetryAfter):
        await run(limiter, flood)
    assert flood.calls == 1
