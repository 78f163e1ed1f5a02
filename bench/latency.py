"""Query latency of `answer()` in-process on an index of 50,000 chunks, and peak memory.

    python -m bench.latency [--chunks 50000] [--queries 300]

The index holds real text (XQuAD and MLQA paragraphs cut into passages) with real E5
vectors; to reach the target size without hours of embedding on 2 cores, passages beyond
the embedded ones are copies whose vectors are jittered (Gaussian noise, renormalised), so
the HNSW graph, the BM25 index and the corpus cache have their full size. Questions are
real XQuAD questions in 8 languages, embedded at query time by the real model.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.documents import Document

from bench.datasets import mlqa, xquad
from bench.harness import cached_vectors
from bot.answering.service import AnswerService
from bot.config import Settings
from bot.knowledge.indexing import KnowledgeIndex
from bot.knowledge.splitting import sentence_windows
from bot.retrieval.e5_build import ensure_e5_model
from bot.retrieval.embeddings import E5Embeddings
from bot.retrieval.store import make_client, pages


def main() -> None:
    """Build the large index, then time answers."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    model = E5Embeddings(str(ensure_e5_model(args.data_dir)), threads=1)
    passages = xquad("dev", [])[0] + mlqa([])[0]
    vectors = cached_vectors(model, [p.text for p in passages], "passage")
    rng = np.random.default_rng(7)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    size = settings.sentence_window
    tmp = Path(__file__).parent / "results" / f"latency-index-{args.chunks}-w{size}"
    settings = settings.model_copy(update={"data_dir": tmp, "knowledge_dir": tmp / "kb"})
    windows = sentence_windows(
        [Document(p.text, metadata={"source": str(i), "chunk": 0}) for i, p in enumerate(passages)],
        size,
    ) if size else []  # fmt: skip
    window_vectors = cached_vectors(model, [w.page_content for w in windows], "passage")
    windows_of: dict[int, list[int]] = {}
    for k, w in enumerate(windows):
        windows_of.setdefault(int(w.metadata["source"]), []).append(k)
    index = KnowledgeIndex(
        settings,
        make_client(settings),
        lambda: model,
    )
    started = time.perf_counter()
    batch = 5000
    # Resume an interrupted build: count the passages already stored.
    done = len(
        {
            str(m["source"])
            for got in pages(index.collection, ["metadatas"])
            for m in got["metadatas"]
        }
    )
    for start in range(done - done % batch, args.chunks, batch):
        ids: list[str] = []
        embs: list[list[float]] = []
        docs: list[str] = []
        metas: list[Any] = []
        for i in range(start, min(start + batch, args.chunks)):
            p = passages[i % len(passages)]
            vec = vectors[i % len(passages)]
            if i >= len(passages):
                vec = vec + rng.normal(0, 0.02, vec.shape).astype(np.float32)
                vec /= np.linalg.norm(vec)
            ids.append(f"c{i}")
            embs.append(vec.tolist())
            docs.append(f"{p.group}\n\n{p.text}")
            meta: dict[str, str | int] = {
                "source": f"bench/{i}.md", "title": p.group, "url": f"https://example.org/{i}",
                "lang": p.lang, "group": f"{p.group}/{i // len(passages)}", "cgroup": f"{p.group}/{i // len(passages)}#s0",
                "mission": "" if i % 10 else f"m{i % 70}", "kind": "article", "heading": p.group,
                "updated_num": 20250101, "valid_until_num": 99991231, "chunk": 0,
            }  # fmt: skip
            metas.append(meta)
            for k in windows_of.get(i % len(passages), []):
                wvec = window_vectors[k]
                if i >= len(passages):
                    wvec = wvec + rng.normal(0, 0.02, wvec.shape).astype(np.float32)
                    wvec /= np.linalg.norm(wvec)
                ids.append(f"c{i}~w{k}")
                embs.append(wvec.tolist())
                docs.append(windows[k].page_content)
                win = int(windows[k].metadata["win"])
                metas.append({**meta, "unit": "window", "parent": f"bench/{i}.md#0", "win": win})
        for at in range(0, len(ids), 5000):  # Chroma's largest batch is about 5,400
            part = slice(at, at + 5000)
            index.collection.upsert(
                ids=ids[part], embeddings=embs[part], documents=docs[part], metadatas=metas[part]
            )
    print(
        f"indexed {index.count()} vectors ({args.chunks} chunks and their sentence windows)"
        f" in {time.perf_counter() - started:.0f}s"
    )
    answerer = AnswerService(settings=settings, retriever=index.retriever())
    t0 = time.perf_counter()
    _ = index.retriever().corpus
    print(
        f"corpus cache + BM25 over {index.count()} chunks loaded in {time.perf_counter() - t0:.1f}s"
    )
    if args.profile:
        import cProfile

        qs = [q.text for q in xquad("heldout", ["en", "zh"])[1]][:40]
        answerer.answer(qs[0])
        cProfile.runctx("for q in qs: answerer.answer(q)", globals(), locals(), sort="cumtime")
        return
    questions = [
        q.text for q in xquad("heldout", ["en", "vi", "zh", "es", "ru", "de", "ar", "th"])[1]
    ]
    rng.shuffle(questions)
    for q in questions[:10]:  # warm-up
        answerer.answer(q)
    times = []
    for q in questions[: args.queries]:
        t = time.perf_counter()
        answerer.answer(q)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"answer() latency over {len(times)} questions on {index.count()} chunks: "
        f"p50 {statistics.median(times):.0f} ms, p95 {times[int(0.95 * (len(times) - 1))]:.0f} ms, "
        f"max {times[-1]:.0f} ms; peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
