"""Measure answer quality: `python -m bot.eval [--split test] [--gate FILE] [--benchmarks]`.

Runs a golden set through the real pipeline (real model, Chroma, answers) on the index of
the configured knowledge base, prints metrics per language and writes a markdown report
(bench/results/eval-<split>.md unless --report names another file).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bot.config import get_settings
from bot.evaluation.golden import load_golden
from bot.evaluation.run import Outcome, Summary, failures, run_item, summarise
from bot.evaluation.targets import Check, check, load_targets, wilson
from bot.services import build_services

COLUMNS = [
    "recall@1", "recall@5", "mrr", "key_facts", "citations", "grounded", "language",
    "refusal_precision", "refusal_recall", "p50_ms", "p95_ms",
]  # fmt: skip
HEADERS = {
    "recall@1": "R@1", "recall@5": "R@5", "mrr": "MRR", "key_facts": "facts",
    "citations": "cited", "grounded": "grounded", "language": "lang ok",
    "refusal_precision": "refusal P", "refusal_recall": "refusal R",
    "p50_ms": "p50 ms", "p95_ms": "p95 ms",
}  # fmt: skip
# Rates whose 95% intervals the report shows per language.
SURE = ["key_facts", "citations", "refusal_precision", "refusal_recall"]
DEFAULT_GOLDEN = Path("bench/golden/golden.jsonl")
DEFAULT_TARGETS = Path("bench/golden/targets.json")
REPORTS = Path("bench/results")


def report_path(report: Path | None, split: str, per_lang: int = 0) -> Path:
    """Return where the report goes: `report` when given, else bench/results/eval-<split>.md.

    A subset run (`--per-lang N`) gets a name of its own, so it never replaces the full
    report kept in the repository.
    """
    if report is not None:
        return report
    return REPORTS / (f"eval-{split}-{per_lang}-per-lang.md" if per_lang else f"eval-{split}.md")


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; exit 1 when a --gate threshold is missed."""
    parser = argparse.ArgumentParser(prog="python -m bot.eval", description=__doc__)
    parser.add_argument("--golden", type=Path, default=DEFAULT_GOLDEN)
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument(
        "--per-lang", type=int, default=0, help="at most N items per language (fast subset)"
    )
    parser.add_argument(
        "--report",
        type=Path,
        default=None,
        help="markdown report to write (default: bench/results/eval-<split>.md)",
    )
    parser.add_argument(
        "--gate", type=Path, help="JSON of minimum (or, for *_ms, maximum) overall metrics"
    )
    parser.add_argument(
        "--benchmarks", action="store_true", help="also run the XQuAD and MLQA retrieval benchmarks"
    )
    parser.add_argument(
        "--targets",
        type=Path,
        default=DEFAULT_TARGETS,
        help="JSON of quality targets to report as met or missed (does not change the exit code)",
    )
    args = parser.parse_args(argv)
    args.report = report_path(args.report, args.split, args.per_lang)
    items = [i for i in load_golden(args.golden) if args.split in ("all", i.split)]
    if args.per_lang:
        counts: dict[tuple[str, str], int] = {}
        kept = []
        for item in items:
            key = (item.lang, item.expect)
            if counts.get(key, 0) < args.per_lang:
                counts[key] = counts.get(key, 0) + 1
                kept.append(item)
        items = kept
    services = build_services(get_settings(), ingest_if_empty=True)
    outcomes = [run_item(services, item) for item in items]
    summary = summarise(outcomes)
    checks: list[Check] = []
    if args.targets and args.targets.exists():
        content = services.answerer.retriever.corpus.languages
        checks = check(load_targets(args.targets), summary, content)
    # Wide enough for every column: a narrow terminal must not cut numbers to "0.…".
    console = Console(width=max(Console().width, 132))
    console.print(_table(summary, f"Golden set {args.golden} ({args.split}, {len(items)} items)"))
    for line in _target_lines(checks):
        console.print(line, markup=False, highlight=False)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(_markdown(summary, outcomes, checks, args), encoding="utf-8")
    console.print(f"Report written to {args.report}")
    if args.benchmarks:
        for extra in (["--dataset", "xquad", "--split", "heldout"], ["--dataset", "mlqa"]):
            subprocess.run([sys.executable, "-m", "bench.retrieval", *extra], check=True)
    return _gate(summary, args.gate, console) if args.gate else 0


def _fmt(value: float | None, key: str) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if key.endswith("_ms") else f"{value:.3f}"


def _table(summary: dict[str, Summary], title: str) -> Table:
    table = Table(title=title)
    table.add_column("lang")
    table.add_column("n", justify="right")
    for column in COLUMNS:
        table.add_column(HEADERS[column], justify="right", no_wrap=True)
    for lang, s in summary.items():
        table.add_row(lang, str(s.n), *(_fmt(s.metrics[c], c) for c in COLUMNS))
    return table


def _span(ci: tuple[float, float]) -> str:
    return f"{ci[0]:.2f}–{ci[1]:.2f}"


def _interval(s: Summary, key: str) -> str:
    num, den = s.counts.get(key, (0, 0))
    ci = wilson(num, den)
    return "–" if ci is None else f"{num}/{den} ({_span(ci)})"


def _target_lines(checks: list[Check]) -> list[str]:
    lines = []
    for c in checks:
        mark = "met   " if c.met else "MISSED"
        where = "overall" if c.slice == "all" else f"in {c.slice}"
        ci = c.interval
        sure = f", 95% interval {_span(ci)}" if ci else ""
        got = "–" if c.value is None else f"{c.value:.3f}"
        lines.append(f"{mark} {c.metric} {where}: {got} (target ≥ {c.minimum:.2f}{sure})")
    if checks:
        lines.append(f"Targets met: {sum(c.met for c in checks)} of {len(checks)}")
    return lines


def _markdown(
    summary: dict[str, Summary],
    outcomes: list[Outcome],
    checks: list[Check],
    args: argparse.Namespace,
) -> str:
    lines = [
        f"# Evaluation report: {args.golden} ({args.split})", "",
        "| lang | n | " + " | ".join(COLUMNS) + " |",
        "|---|---|" + "---|" * len(COLUMNS),
    ]  # fmt: skip
    for lang, s in summary.items():
        lines.append(
            f"| {lang} | {s.n} | " + " | ".join(_fmt(s.metrics[c], c) for c in COLUMNS) + " |"
        )
    lines += [
        "", "## How sure: successes/trials (95% Wilson interval)", "",
        "| lang | " + " | ".join(HEADERS[c] for c in SURE) + " |",
        "|---|" + "---|" * len(SURE),
    ]  # fmt: skip
    for lang, s in summary.items():
        lines.append(f"| {lang} | " + " | ".join(_interval(s, c) for c in SURE) + " |")
    if checks:
        lines += ["", f"## Targets ({args.targets})", ""]
        lines += [f"- {line}" for line in _target_lines(checks)]
    lines += ["", "## Items that went wrong", ""]
    for row in failures(outcomes):
        head = f"`{row['id']}` ({row['lang']}, expected {row['expect']}, {row['confidence']})"
        lines.append(f"- {head}: {row['question']} → {row['answer']!r}")
    return "\n".join(lines) + "\n"


def _gate(summary: dict[str, Summary], path: Path, console: Console) -> int:
    thresholds: dict[str, float] = json.loads(path.read_text())
    overall = summary["all"].metrics
    failed = []
    for key, limit in thresholds.items():
        value = overall.get(key)
        bad = value is None or (value > limit if key.endswith("_ms") else value < limit)
        if bad:
            failed.append(f"{key} = {_fmt(value, key)} (limit {limit})")
    for line in failed:
        console.print(f"[red]Quality gate failed: {line}[/red]")
    if not failed:
        console.print("[green]Quality gate passed.[/green]")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
