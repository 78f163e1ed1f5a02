"""A parsed content file: its metadata and text, before chunking."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KINDS = {"article", "faq", "statement", "notice"}


@dataclass
class FaqEntry:
    """One official question/answer pair."""

    id: str
    question: str
    answer: str


@dataclass
class ContentFile:
    """One knowledge-base file after parsing."""

    source: str  # stable id: path relative to the knowledge root
    title: str
    url: str
    lang: str
    kind: str
    group: str
    text: str  # Markdown-ish body (headings kept) for articles
    mission: str = ""  # "" = national content
    published: date | None = None
    updated: date | None = None
    valid_until: date | None = None
    tags: list[str] = field(default_factory=list)
    faq: list[FaqEntry] = field(default_factory=list)

    def base_metadata(self) -> dict[str, str | int]:
        """Return the metadata every chunk of this file carries (Chroma-safe scalars)."""
        return {
            "source": self.source,
            "title": self.title,
            "url": self.url,
            "lang": self.lang,
            "kind": self.kind,
            "group": self.group,
            "mission": self.mission,
            "published": self.published.isoformat() if self.published else "",
            "updated": self.updated.isoformat() if self.updated else "",
            "updated_num": _num(self.updated or self.published, 0),
            "valid_until": self.valid_until.isoformat() if self.valid_until else "",
            "valid_until_num": _num(self.valid_until, 99991231),
            "tags": ",".join(self.tags),
        }


def _num(value: date | None, default: int) -> int:
    return int(value.strftime("%Y%m%d")) if value else default
