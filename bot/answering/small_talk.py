"""Greetings and thanks: answered politely, never searched in the official content.

"hi" or "merci" alone finds no official text worth quoting, yet E5 scores such short
messages close to some passage; a visitor who says hello gets a greeting instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml

Kind = Literal["greeting", "thanks"]


@dataclass(frozen=True)
class SmallTalk:
    """What a message was, and the language its words belong to (None: any)."""

    kind: Kind
    lang: str | None


def _normalise(text: str) -> str:
    """Casefold and keep only letters, digits and single spaces (no punctuation, emoji)."""
    kept = "".join(
        c if unicodedata.category(c)[0] in "LNM" else " "
        for c in unicodedata.normalize("NFC", text)
    )
    return re.sub(r"\s+", " ", kept.casefold()).strip()


@cache
def _phrases() -> dict[str, tuple[Kind, str | None]]:
    """Return every bundled phrase, normalised, with its kind and language."""
    raw = (resources.files("bot.answering") / "small_talk.yaml").read_text(encoding="utf-8")
    data: dict[Kind, dict[str, list[str]]] = yaml.safe_load(raw)
    found: dict[str, tuple[Kind, str | None]] = {}
    for kind, by_lang in data.items():
        for lang, phrases in by_lang.items():
            for phrase in phrases:
                key = _normalise(str(phrase))
                # A phrase of several languages ("ok") keeps the visitor's language.
                shared = lang == "any" or key in found
                found[key] = (kind, None if shared else lang)
    return found


def small_talk(text: str) -> SmallTalk | None:
    """Return what `text` is when it is only a greeting, thanks, or emoji; else None."""
    key = _normalise(text)
    if not key:
        return SmallTalk("greeting", None) if text.strip() else None
    match = _phrases().get(key)
    return SmallTalk(*match) if match else None
