"""Compose an answer from the retrieved official sentences themselves (no LLM)."""

from __future__ import annotations

import math
import re

from bot.answering.models import Source
from bot.retrieval.hybrid import Hit
from bot.text import anchor_tokens, chunk_body, plain_text, search_terms, split_sentences, tokenize

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LEAD_IN = (":", "：")  # a sentence ending so introduces a list


def body_of(hit: Hit) -> str:
    """Return the chunk text without the heading line added for embedding."""
    return chunk_body(hit.text, str(hit.metadata.get("heading", "")))


def faq_answer(hit: Hit) -> str:
    """Return an FAQ entry's official answer, verbatim."""
    question = str(hit.metadata.get("heading", ""))
    text = hit.text[len(question) :] if hit.text.startswith(question) else hit.text
    return text.strip()


def list_items(markdown: str) -> set[str]:
    """Return the sentences of `markdown` that belong to a bulleted or numbered list."""
    return {
        sentence
        for line in markdown.splitlines()
        if _LIST_ITEM.match(line)
        for sentence in split_sentences(plain_text(line))
    }


def whole_list(sentences: list[str], items: set[str], start: int, end: int, most: int) -> range:
    """Widen the run sentences[start:end] to the whole list it touches, with its lead-in.

    Half a list misleads ("the designated airports are: Nội Bài, Tân Sơn Nhất;" when
    there are thirteen), so a run that reaches into a list, or ends on the sentence that
    introduces one, takes all of its items and the introducing sentence, unless the list
    is longer than `most` items.
    """
    is_item = [s in items for s in sentences]
    inside = [i for i in range(start, end) if is_item[i]]
    if inside:
        first = inside[0]
    elif end < len(sentences) and is_item[end] and sentences[end - 1].endswith(_LEAD_IN):
        first = end
    else:
        return range(start, end)
    low = high = first
    while low > 0 and is_item[low - 1]:
        low -= 1
    while high < len(sentences) and is_item[high]:
        high += 1
    if high - low > most:
        return range(start, end)
    if low > 0 and sentences[low - 1].endswith(_LEAD_IN):
        low -= 1
    return range(min(start, low), max(end, high))


def join_sentences(sentences: list[str], items: set[str]) -> str:
    """Join sentences with spaces, putting each list item on a line of its own."""
    out = ""
    for i, sentence in enumerate(sentences):
        if i:
            out += "\n" if sentence in items or sentences[i - 1] in items else " "
        out += sentence
    return out


def best_sentences(
    question: str,
    text: str,
    limit: int,
    window: tuple[int, int] | None = None,
    lang: str | None = None,
    items: set[str] | None = None,
    most_items: int = 16,
) -> list[str]:
    """Pick the run of consecutive sentences that best answers `question`.

    A run, never a selection: skipping sentences can change what a text says (an
    ordered list that loses its first items, a rule that loses its exception). When
    `window` (first sentence, length) is the sentence window that matched the question
    best, the run includes it. Words are compared by their stems in the text's `lang`.
    A run that reaches into a list (sentences in `items`) takes the whole list.
    """
    sentences = split_sentences(text)
    if len(sentences) <= limit:
        return sentences
    starts = range(len(sentences) - limit + 1)
    if window is not None and window[0] < len(sentences):
        first, size = window
        around = range(max(0, first + min(size, limit) - limit), min(first, starts[-1]) + 1)
        starts = around or starts
    wanted = set(search_terms(question, lang)) | set(anchor_tokens(question))
    scores = []
    for i, sentence in enumerate(sentences):
        words = tokenize(sentence)
        terms = set(words) | set(search_terms(sentence, lang))
        overlap = len(wanted & terms) / math.sqrt(len(words) + 1)
        # Official texts put the answer first; earlier sentences win ties.
        scores.append(overlap + 0.6 / (i + 1))
    start = max(starts, key=lambda i: sum(scores[i : i + limit]))
    run = whole_list(sentences, items or set(), start, start + limit, most_items)
    return sentences[run.start : run.stop]


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


def compose(
    question: str,
    hits: list[Hit],
    max_sentences: int,
    close: float = 0.02,
    window: int = 2,
    most_items: int = 16,
) -> str:
    """Return answer text: best sentences of the top hit [1], and of a close second [2]."""
    top = hits[0]

    def run(hit: Hit, limit: int) -> str:
        matched = None if hit.window is None else (hit.window, window)
        items = list_items(hit.text)
        chosen = best_sentences(question, body_of(hit), limit, matched, hit.lang, items, most_items)
        return join_sentences(chosen, items)

    parts = [run(top, max_sentences) + " [1]"]
    if len(hits) > 1:
        second = hits[1]
        if second.lang == top.lang and top.score - second.score <= close:
            # The second text gets half the room, but a passage that fits in the room
            # of the first is quoted whole: cutting a short passage can drop the very
            # rule it states ("Since 2026 an apostille replaces legalisation…").
            short = len(split_sentences(body_of(second))) <= max_sentences
            room = max_sentences if short else max(1, max_sentences // 2)
            parts.append(run(second, room) + " [2]")
    return "\n\n".join(parts)
