"""Inline keyboards and the callback data their buttons carry (at most 64 bytes each)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.answering.models import Source
from bot.channels.telegram.formatting import safe_url, shorten
from bot.channels.telegram.strings import ui
from bot.i18n import LANGUAGE_NAMES, SUPPORTED_LANGUAGES

MAX_CALLBACK_BYTES = 64
SOURCE_BUTTONS = 3
UP, DOWN = "👍", "👎"
ASK, FEEDBACK, LANGUAGE, NEW = "ask", "fb", "lang", "new"


def _fits(data: str) -> bool:
    return len(data.encode()) <= MAX_CALLBACK_BYTES


def suggestions_keyboard(questions: Sequence[str], lang: str) -> InlineKeyboardMarkup | None:
    """Return one button per suggested question (the button names it by index)."""
    rows = [
        [InlineKeyboardButton(shorten(q, 60), callback_data=f"{ASK}:{lang}:{i}")]
        for i, q in enumerate(questions[:3])
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def answer_keyboard(
    sources: Sequence[Source], exchange_id: str | None, lang: str
) -> InlineKeyboardMarkup:
    """Return buttons for the top sources, 👍/👎 feedback and a new conversation."""
    rows: list[list[InlineKeyboardButton]] = []
    seen: set[str] = set()
    for n, source in enumerate(sources, 1):
        url = safe_url(source.url)
        if url and url not in seen and len(rows) < SOURCE_BUTTONS:
            seen.add(url)  # two sections of one page: one button
            label = f"[{n}] {shorten(source.title or url, 40)}"
            rows.append([InlineKeyboardButton(label, url=url)])
    up, down = f"{FEEDBACK}:up:{exchange_id}", f"{FEEDBACK}:down:{exchange_id}"
    if exchange_id and _fits(up) and _fits(down):
        rows.append(
            [
                InlineKeyboardButton(UP, callback_data=up),
                InlineKeyboardButton(DOWN, callback_data=down),
            ]
        )
    rows.append([InlineKeyboardButton("🆕 " + ui("new_chat", lang), callback_data=NEW)])
    return InlineKeyboardMarkup(rows)


def parse_feedback(data: str) -> tuple[int, str] | None:
    """Return (rating, exchange id) from feedback callback data, or None."""
    _, _, rest = data.partition(":")
    vote, _, exchange_id = rest.partition(":")
    rating = {"up": 1, "down": -1}.get(vote)
    return (rating, exchange_id) if rating and exchange_id else None


def feedback_chosen(markup: InlineKeyboardMarkup | None, rating: int) -> InlineKeyboardMarkup:
    """Return `markup` with the 👍/👎 row replaced by the choice made (no longer pressable)."""
    chosen = [
        InlineKeyboardButton(f"✅ {UP if rating > 0 else DOWN}", callback_data=f"{FEEDBACK}:done")
    ]
    rows: list[list[InlineKeyboardButton]] = []
    for row in markup.inline_keyboard if markup else ():
        is_feedback = any(
            isinstance(b.callback_data, str) and b.callback_data.startswith(f"{FEEDBACK}:")
            for b in row
        )
        rows.append(chosen if is_feedback else list(row))
    if chosen not in rows:
        rows.append(chosen)
    return InlineKeyboardMarkup(rows)


def language_keyboard(lang: str) -> InlineKeyboardMarkup:
    """Return a button per supported answer language, plus 'automatic'."""
    buttons = [
        InlineKeyboardButton(LANGUAGE_NAMES.get(code, code), callback_data=f"{LANGUAGE}:{code}")
        for code in SUPPORTED_LANGUAGES
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([InlineKeyboardButton(ui("lang_auto", lang), callback_data=f"{LANGUAGE}:auto")])
    return InlineKeyboardMarkup(rows)
