"""Ingest speed: chunks/s of a first ingest, and a no-change re-ingest of 2,000 documents.

    python -m bench.ingest [--docs 2000] [--model e5-small|fake]

Documents are Markdown files written from real XQuAD/MLQA paragraphs (one per file, with
front matter). The first ingest runs `ingest.py`'s own sync with the real model; the
re-ingest is timed twice: the sync itself in-process, and the whole `python ingest.py`
command (interpreter start and imports included).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.datasets import mlqa, xquad
from bot.config import Settings
from bot.knowledge.indexing import KnowledgeIndex


def write_corpus(root: Path, n: int) -> None:
    """Write n Markdown documents from benchmark paragraphs."""
    passages = (
        xquad("dev", [], passage_langs=("en", "vi", "zh", "es", "ru", "de", "ar", "th"))[0]
        + mlqa([])[0]
    )
    for i in range(n):
        p = passages[i % len(passages)]
        path = root / p.lang / f"doc{i:05d}.{p.lang}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: {p.group.split('#')[0]!r}\nlang: {p.lang}\nupdated: 2025-01-01\n---\n"
            f"# {p.group.split('#')[0]}\n\n{p.text}\n",
            encoding="utf-8",
        )


def main() -> None:
    """Run the ingest benchmark and print the numbers."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--model", default="e5-small")
    parser.add_argument(
        "--data-dir", type=Path, default=Path("data"), help="where the model cache lives"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="askvn-ingest-"))
    kb = tmp / "kb"
    write_corpus(kb, args.docs)
    model = args.model
    if model == "e5-small":
        from bot.retrieval.e5_build import ensure_e5_model

        model = str(ensure_e5_model(args.data_dir))
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, knowledge_dir=kb, data_dir=tmp / "data", embedding_model=model,
        torch_threads=os.cpu_count() or 1,  # as ingest.py does
    )  # fmt: skip
    index = KnowledgeIndex.from_settings(settings)
    _ = index.embeddings  # load the model before timing
    first = index.sync([kb])
    print(f"first ingest: {len(first.added)} documents, {first.chunks_added} chunks in {first.seconds:.1f}s "
          f"= {first.chunks_added / first.seconds:.1f} chunks/s")  # fmt: skip
    again = index.sync([kb])
    assert not again.changed
    print(
        f"no-change re-ingest (sync in-process): {again.unchanged} documents in {again.seconds:.2f}s"
    )
    env = {
        **os.environ,
        "ASKVN_KNOWLEDGE_DIR": str(kb),
        "ASKVN_DATA_DIR": str(tmp / "data"),
        "ASKVN_EMBEDDING_MODEL": model,
    }
    started = time.perf_counter()
    subprocess.run([sys.executable, "ingest.py"], env=env, check=True, capture_output=True)
    print(
        f"no-change re-ingest (whole `python ingest.py` command): {time.perf_counter() - started:.2f}s"
    )


if __name__ == "__main__":
    main()
