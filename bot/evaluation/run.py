"""Run a golden set through the real pipeline and summarise quality per language."""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from bot.answering.models import Answer, Turn
from bot.evaluation.golden import GoldenItem, citations_ok, facts_ok, grounded, source_rank
from bot.language import choose_language
from bot.services import Services


@dataclass
class Outcome:
    """What happened to one golden item."""

    item: GoldenItem
    answer: Answer
    seconds: float
    rank: int  # retrieval rank of an expected group (0 = not in top k)
    facts: bool
    cited: tuple[int, int]
    grounded: bool
    lang_ok: bool | None  # answered in the user's language when the cited text has it


@dataclass
class Summary:
    """Metrics for one slice (a language, or everything)."""

    n: int = 0
    metrics: dict[str, float | None] = field(default_factory=dict)
    # (successes, trials) behind each rate, for intervals
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)


def run_item(services: Services, item: GoldenItem, k: int = 5) -> Outcome:
    """Answer one item (with its history) and judge it."""
    site = services.sites.get(item.site)
    history = [Turn(question=q) for q in item.history]
    started = time.perf_counter()
    answer = services.answerer.answer(item.question, site=site, lang=None, history=history)
    seconds = time.perf_counter() - started
    retriever = services.answerer.retriever
    rank = 0
    if item.expect == "answer" and not item.history:
        lang = choose_language(item.question, None)
        mission = site.mission if site else None
        hits = retriever.search(item.question, lang=lang, mission=mission, k=k)
        rank = source_rank(
            item, [(h.metadata.get("group"), h.metadata.get("cgroup")) for h in hits]
        )
    lang_ok = None
    if answer.answered and answer.sources:
        versions = retriever.corpus.group_langs.get(answer.sources[0].group or "", set())
        lang_ok = answer.language == item.lang if item.lang in versions else True
    return Outcome(
        item=item,
        answer=answer,
        seconds=seconds,
        rank=rank,
        facts=facts_ok(item, answer),
        cited=citations_ok(item, answer),
        grounded=grounded(answer),
        lang_ok=lang_ok,
    )


def summarise(outcomes: list[Outcome]) -> dict[str, Summary]:
    """Return metrics per question language plus 'all'."""
    slices: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        slices[o.item.lang].append(o)
        slices["all"].append(o)
    return {key: _summary(group) for key, group in sorted(slices.items())}


def _summary(outcomes: list[Outcome]) -> Summary:
    answerable = [o for o in outcomes if o.item.expect == "answer"]
    retrieval = [o for o in answerable if not o.item.history]
    answered = [o for o in outcomes if o.answer.answered]
    declined = [o for o in outcomes if not o.answer.answered]
    should_decline = [o for o in outcomes if o.item.expect == "decline"]
    true_declines = sum(o.item.expect == "decline" for o in declined)
    lang_ok = [o.lang_ok for o in answerable if o.lang_ok is not None]
    counts = {
        "recall@1": (sum(o.rank == 1 for o in retrieval), len(retrieval)),
        "recall@5": (sum(0 < o.rank <= 5 for o in retrieval), len(retrieval)),
        "key_facts": (sum(o.facts for o in answerable), len(answerable)),
        "citations": (sum(o.cited[0] for o in answerable), sum(o.cited[1] for o in answerable)),
        "grounded": (sum(o.grounded for o in answered), len(answered)),
        "language": (sum(lang_ok), len(lang_ok)),
        "refusal_precision": (true_declines, len(declined)),
        "refusal_recall": (true_declines, len(should_decline)),
    }
    metrics: dict[str, float | None] = {k: n / d if d else None for k, (n, d) in counts.items()}
    latencies = sorted(o.seconds for o in outcomes)
    metrics |= {
        "mrr": sum(1 / o.rank for o in retrieval if o.rank) / len(retrieval) if retrieval else None,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else None,
    }
    return Summary(n=len(outcomes), metrics=metrics, counts=counts)


def failures(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    """Describe the items that went wrong, for the report."""
    rows = []
    for o in outcomes:
        wrong = (o.item.expect == "decline") == o.answer.answered or (
            o.item.expect == "answer" and not o.facts
        )
        if wrong:
            rows.append({
                "id": o.item.id, "lang": o.item.lang, "question": o.item.question,
                "expect": o.item.expect, "answered": o.answer.answered,
                "confidence": o.answer.confidence, "answer": o.answer.answer[:200],
            })  # fmt: skip
    return rows
