"""Look up the Telegram channel's UI strings by key and language."""

from __future__ import annotations

from bot.channels.telegram.locales import TEXTS
from bot.i18n import normalize_lang

COMMANDS = ("start", "help", "language", "sources")


def ui_language(*codes: str | None) -> str:
    """Return the first of `codes` that has UI strings, else English."""
    for code in codes:
        lang = normalize_lang(code)
        if lang in TEXTS:
            return lang
    return "en"


def ui(key: str, lang: str | None, /, **values: object) -> str:
    """Return UI string `key` in `lang` (English when missing), filled with `values`."""
    table = TEXTS.get(lang or "en", TEXTS["en"])
    text = table.get(key) or TEXTS["en"][key]
    return text.format(**values) if values else text


def help_text(lang: str) -> str:
    """Return the /help message: what the bot does, its commands, how to use it in groups."""
    commands = "\n".join(f"/{name} – {ui('cmd_' + name, lang)}" for name in COMMANDS)
    return f"{ui('help', lang)}\n\n{commands}\n\n{ui('help_group', lang)}"
