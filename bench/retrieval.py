"""Retrieval benchmark on XQuAD / MLQA: hybrid vs dense-only, per language.

python -m bench.retrieval --dataset xquad --split dev
python -m bench.retrieval --dataset xquad --split heldout   # final numbers only
python -m bench.retrieval --dataset mlqa                    # final numbers only
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.datasets import mlqa, xquad
from bench.harness import build_retriever, cached_vectors, evaluate
from bot.config import Settings
from bot.retrieval.e5_build import ensure_e5_model
from bot.retrieval.embeddings import E5Embeddings

LANGS = ["en", "vi", "zh", "es", "ru", "de", "ar", "th"]


def main() -> None:
    """Run the benchmark and print a table (and JSON into bench/results/)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", choices=["xquad", "mlqa"], default="xquad")
    parser.add_argument("--split", choices=["dev", "heldout"], default="dev")
    parser.add_argument("--langs", default=",".join(LANGS))
    parser.add_argument("--limit", type=int, default=0, help="questions per language (0 = all)")
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    args = parser.parse_args()
    langs = args.langs.split(",")
    if args.dataset == "xquad":
        passages, queries = xquad(args.split, langs)
    else:
        passages, queries = mlqa([lang for lang in langs if lang != "th" and lang != "ru"])
    if args.limit:
        seen: dict[str, int] = {}
        queries = [
            q
            for q in queries
            if seen.setdefault(q.pair, 0) < args.limit
            and not seen.__setitem__(q.pair, seen[q.pair] + 1)
        ]
    model = E5Embeddings(str(ensure_e5_model(args.data_dir)))
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    retriever = build_retriever(settings, model, passages)
    qvecs = cached_vectors(model, [q.text for q in queries], "query")
    hybrid = evaluate(retriever, queries, qvecs)
    retriever.settings = settings.model_copy(update={"lexical_weight": 0.0})
    dense = evaluate(retriever, queries, qvecs)
    name = f"{args.dataset}-{args.split if args.dataset == 'xquad' else 'dev'}"
    table = Table(
        title=f"Retrieval on {name}: {len(passages)} passages, {len(queries)} questions (hybrid vs dense-only)"
    )
    for col in ("questions", "n", "R@1", "R@1 dense", "R@5", "R@5 dense", "MRR@10", "MRR dense"):
        table.add_column(col, justify="right")
    for key in hybrid:
        h, d = hybrid[key], dense[key]
        table.add_row(
            key, str(int(h["n"])), f"{h['recall@1']:.3f}", f"{d['recall@1']:.3f}", f"{h['recall@5']:.3f}",
            f"{d['recall@5']:.3f}", f"{h['mrr@10']:.3f}", f"{d['mrr@10']:.3f}",
        )  # fmt: skip
    Console().print(table)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"retrieval-{name}.json").write_text(
        json.dumps({"hybrid": hybrid, "dense": dense}, indent=2)
    )


if __name__ == "__main__":
    main()
