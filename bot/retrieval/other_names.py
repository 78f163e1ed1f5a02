"""Names visitors use for what the content names otherwise (knowledge_base/names.yaml).

Visitors ask "Do the Spratly Islands belong to China?"; the official texts say "the Trường
Sa (Spratly) archipelago". To E5 those are far enough apart that the statement answering
the question scored under the relevance threshold and the bot declined one of the
questions it most needs to answer. Editors list the other names; a question using one is
searched with the content's own name added, in the question's language (or English).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from bot.language import plain_syllables
from bot.retrieval.hybrid import PIVOT

# Latin and Cyrillic names match at the start of a word, whatever ending follows.
_ALPHABETIC = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff]")


class OtherName(BaseModel):
    """The content's name for one thing, per language, and what visitors call it instead."""

    name: dict[str, str]
    also: list[str] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _has_english(cls, value: dict[str, str]) -> dict[str, str]:
        if not value.get(PIVOT):
            raise ValueError("needs the English name (en)")
        return value

    def pattern(self, *, vietnamese: bool = False) -> re.Pattern[str] | None:
        """Return a pattern matching any of the other names, or None when none applies.

        A name in Latin or Cyrillic letters is a whole word ("Tet" is not in "Tetanus");
        one ending with `*` is the start of words ("Spratl*" finds "Spratlys"). For a
        Vietnamese question, names that are Vietnamese typed without diacritics ("pho",
        "Hoang Sa") are left out: the reader may mean another word (phố, phó), and the
        respelling of unmarked Vietnamese restores what they meant.
        """
        aliases = {a.strip() for a in self.also if a.strip()}
        if vietnamese:
            aliases = {a for a in aliases if not plain_syllables(a.rstrip("*"))}
        if not aliases:
            return None
        parts = []
        for alias in sorted(aliases, key=len, reverse=True):
            stem = alias.endswith("*")
            escaped = re.escape(alias.rstrip("*"))
            if _ALPHABETIC.match(alias):
                escaped = rf"(?<!\w){escaped}" + ("" if stem else r"(?!\w)")
            parts.append(escaped)
        return re.compile("|".join(parts), re.IGNORECASE)


class NamesFileError(ValueError):
    """names.yaml cannot be read or does not describe names as expected."""


class OtherNames:
    """Add the content's name to a question that uses another name for the same thing."""

    def __init__(self, names: list[OtherName]) -> None:
        """Keep the names with their compiled patterns."""
        self._names = [(n, n.pattern(), n.pattern(vietnamese=True)) for n in names]

    @classmethod
    def load(cls, path: Path) -> OtherNames:
        """Read names.yaml; a missing file means no other names."""
        if not path.exists():
            return cls([])
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            if not isinstance(raw, list):
                raise NamesFileError(f"{path}: expected a list of names")
            return cls([OtherName.model_validate(item) for item in raw])
        except (yaml.YAMLError, ValidationError) as exc:
            raise NamesFileError(f"{path}: {exc}") from exc

    def __len__(self) -> int:
        """Return how many things have other names."""
        return len(self._names)

    def expand(self, question: str, lang: str) -> str:
        """Return the question with the content's name added for each other name it uses."""
        added = []
        folded = question.casefold()
        for entry, anywhere, in_vietnamese in self._names:
            pattern = in_vietnamese if lang == "vi" else anywhere
            name = entry.name.get(lang) or entry.name[PIVOT]
            core = re.split(r"\s?[(（]", name)[0].casefold()
            if pattern is not None and core not in folded and pattern.search(question):
                added.append(name)
        return f"{question} ({'; '.join(added)})" if added else question
