"""Golden-set items and how an answer is judged against them."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bot.answering.models import Answer

_MARKER = re.compile(r"\s*\[\d+\]")


@dataclass(frozen=True)
class GoldenItem:
    """One question with what a correct answer must contain."""

    id: str
    lang: str
    question: str
    expect: str  # "answer" | "decline"
    split: str = "dev"
    site: str | None = None
    groups: list[str] = field(default_factory=list)
    facts: list[list[str]] = field(default_factory=list)
    history: list[str] = field(default_factory=list)


def load_golden(path: Path) -> list[GoldenItem]:
    """Read a golden set (JSON lines)."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            items.append(
                GoldenItem(**{k: raw[k] for k in GoldenItem.__dataclass_fields__ if k in raw})
            )
    return items


def normalize(text: str) -> str:
    """Fold case, Unicode forms and space variants (incl. no-break spaces) for matching."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def fact_found(fact: list[str], text: str) -> bool:
    """Return True when any surface form of the fact is in the text."""
    haystack = normalize(text)
    return any(normalize(form) in haystack for form in fact)


def facts_ok(item: GoldenItem, answer: Answer) -> bool:
    """Return True when the answer was given and contains every key fact."""
    return answer.answered and all(fact_found(f, answer.answer) for f in item.facts)


def citations_ok(item: GoldenItem, answer: Answer) -> tuple[int, int]:
    """Count (supported, found) key facts: a fact is supported when a cited passage has it."""
    found = supported = 0
    for fact in item.facts:
        if fact_found(fact, answer.answer):
            found += 1
            supported += any(fact_found(fact, s.passage) for s in answer.sources)
    return supported, found


def grounded(answer: Answer) -> bool:
    """Return True when every paragraph with a marker [n] is verbatim text of source n."""
    for paragraph in answer.answer.split("\n\n"):
        markers = [int(n) for n in re.findall(r"\[(\d+)\]", paragraph)]
        if not markers:
            continue
        body = normalize(_MARKER.sub("", paragraph)).strip()
        if not any(
            0 < n <= len(answer.sources) and _contained(body, answer.sources[n - 1].passage)
            for n in markers
        ):
            return False
    return True


def _contained(body: str, passage: str) -> bool:
    from bot.text import split_sentences

    text = normalize(passage)
    return all(sentence in text for sentence in split_sentences(body))


def source_rank(item: GoldenItem, groups: list[tuple[str | None, str | None]]) -> int:
    """Return the 1-based rank of the first source from an expected group (0 = none)."""
    wanted = set(item.groups)
    for rank, (group, entry) in enumerate(groups, 1):
        if group in wanted or entry in wanted:
            return rank
    return 0
