"""The answer contract every channel relies on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """One cited official page."""

    title: str
    url: str
    snippet: str
    published: str | None = None
    lang: str | None = None
    kind: str | None = None
    group: str | None = None  # the text's group (links its language versions)
    entry: str | None = None  # the section or FAQ entry id inside the group
    passage: str = ""  # the full cited passage (for grounding checks; not sent to clients)


@dataclass(frozen=True)
class Turn:
    """One earlier exchange in a conversation."""

    question: str
    answer: str = ""


@dataclass
class Answer:
    """What `answer()` returns: text with numbered citations and its sources."""

    answer: str
    language: str
    sources: list[Source] = field(default_factory=list)
    answered: bool = True
    confidence: float = 0.0
    kind: str = "extractive"  # extractive | faq | generated | refusal | small_talk
    id: str | None = None
    # Why a refusal: "not_found" (a gap in the content) or "out_of_remit" (not ours to answer).
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict with the public keys."""
        data = asdict(self)
        data["sources"] = [{k: s[k] for k in PUBLIC_SOURCE_KEYS} for s in data["sources"]]
        return data


PUBLIC_SOURCE_KEYS = ("title", "url", "snippet", "published")
