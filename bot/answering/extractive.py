"""Compose an answer from the retrieved official sentences themselves (no LLM)."""

from __future__ import annotations

import math
import re

from bot.answering.models import Source
from bot.retrieval.hybrid import Hit
from bot.text import anchor_tokens, split_sentences, tokenize

_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")
_MD_MARKS = re.compile(r"(\*\*|__|`|^#+\s*|^\s*[-*+]\s+|^\s*\d+\.\s+|^>\s*)", re.MULTILINE)


def plain_text(markdown: str) -> str:
    """Strip Markdown syntax, keeping the words."""
    text = _MD_LINK.sub(r"\1", markdown)
    return _MD_MARKS.sub("", text).strip()


def body_of(hit: Hit) -> str:
    """Return the chunk text without the heading line added for embedding."""
    heading = str(hit.metadata.get("heading", ""))
    text = hit.text
    if heading and text.startswith(heading):
        text = text[len(heading) :]
    return plain_text(text)


def faq_answer(hit: Hit) -> str:
    """Return an FAQ entry's official answer, verbatim."""
    question = str(hit.metadata.get("heading", ""))
    text = hit.text[len(question) :] if hit.text.startswith(question) else hit.text
    return text.strip()


def best_sentences(question: str, text: str, limit: int) -> list[str]:
    """Pick the run of consecutive sentences that best answers `question`.

    A run, never a selection: skipping sentences can change what a text says (an
    ordered list that loses its first items, a rule that loses its exception).
    """
    sentences = split_sentences(text)
    if len(sentences) <= limit:
        return sentences
    wanted = set(tokenize(question)) | set(anchor_tokens(question))
    scores = []
    for i, sentence in enumerate(sentences):
        words = tokenize(sentence)
        overlap = len(wanted.intersection(words)) / math.sqrt(len(words) + 1)
        # Official texts put the answer first; earlier sentences win ties.
        scores.append(overlap + 0.6 / (i + 1))
    start = max(range(len(sentences) - limit + 1), key=lambda i: sum(scores[i : i + limit]))
    return sentences[start : start + limit]


def to_source(hit: Hit, snippet_chars: int = 280) -> Source:
    """Describe a hit as a citation."""
    meta = hit.metadata
    snippet = body_of(hit)
    if len(snippet) > snippet_chars:
        snippet = snippet[: snippet_chars - 1].rsplit(" ", 1)[0] + "…"
    section = str(meta.get("section") or "")
    title = str(meta.get("title", ""))
    return Source(
        title=f"{title} — {section}" if section and section != title else title,
        url=str(meta.get("url", "")),
        snippet=snippet,
        published=str(meta.get("updated") or meta.get("published") or "") or None,
        lang=str(meta.get("lang") or "") or None,
        kind=str(meta.get("kind") or "") or None,
        group=str(meta.get("group") or "") or None,
        entry=str(meta.get("cgroup") or "") or None,
        passage=body_of(hit),
    )


def compose(question: str, hits: list[Hit], max_sentences: int, close: float = 0.02) -> str:
    """Return answer text: best sentences of the top hit [1], and of a close second [2]."""
    top = hits[0]
    parts = [" ".join(best_sentences(question, body_of(top), max_sentences)) + " [1]"]
    if len(hits) > 1:
        second = hits[1]
        if second.lang == top.lang and top.score - second.score <= close:
            extra = best_sentences(question, body_of(second), max(1, max_sentences // 2))
            parts.append(" ".join(extra) + " [2]")
    return "\n\n".join(parts)
