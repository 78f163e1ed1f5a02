"""Load the shared cross-lingual retrieval benchmarks (XQuAD, MLQA) from ../shared/bench."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "bench"


@dataclass(frozen=True)
class Passage:
    """One benchmark paragraph; `group` links its translations."""

    id: str
    group: str
    lang: str
    text: str


@dataclass(frozen=True)
class Query:
    """One question and the group of the paragraph that answers it."""

    lang: str
    text: str
    group: str
    pair: str  # question language → passage language, e.g. "zh→vi"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def xquad(
    split: str, langs: list[str], passage_langs: tuple[str, ...] = ("vi", "en")
) -> tuple[list[Passage], list[Query]]:
    """XQuAD: questions of `split` in `langs` against every vi+en paragraph."""
    root = BENCH_DIR / "xquad"
    passages = [
        Passage(f"{r['paragraph_id']}:{r['lang']}", r["paragraph_id"], r["lang"], r["text"])
        for r in _rows(root / "corpus.jsonl")
        if r["lang"] in passage_langs
    ]
    queries = [
        Query(r["lang"], r["question"], r["paragraph_id"], f"{r['lang']}→vi/en")
        for r in _rows(root / "questions.jsonl")
        if r["split"] == split and r["lang"] in langs
    ]
    return passages, queries


def mlqa(
    langs: list[str], per_pair: int = 200, context_langs: tuple[str, ...] = ("vi", "en")
) -> tuple[list[Passage], list[Query]]:
    """MLQA: questions in `langs` whose paragraph is in vi or en, against the vi+en paragraphs."""
    root = BENCH_DIR / "mlqa"
    passages = [
        Passage(r["paragraph_id"], r["paragraph_id"], r["lang"], r["text"])
        for r in _rows(root / "corpus.jsonl")
        if r["lang"] in context_langs
    ]
    counts: dict[str, int] = {}
    queries: list[Query] = []
    for r in _rows(root / "questions.jsonl"):
        if r["question_lang"] not in langs or r["context_lang"] not in context_langs:
            continue
        pair = f"{r['question_lang']}→{r['context_lang']}"
        if counts.get(pair, 0) >= per_pair:
            continue
        counts[pair] = counts.get(pair, 0) + 1
        queries.append(Query(r["question_lang"], r["question"], r["paragraph_id"], pair))
    return passages, queries
