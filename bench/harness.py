"""Build a throwaway index of benchmark passages with the bot's own retriever."""

from __future__ import annotations

import hashlib
import tempfile
import time
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_core.documents import Document

from bench.datasets import Passage, Query
from bot.config import Settings
from bot.knowledge.splitting import sentence_windows
from bot.retrieval.embeddings import E5Embeddings
from bot.retrieval.hybrid import HybridRetriever
from bot.retrieval.store import open_collection

CACHE = Path(__file__).parent / "results" / "cache"


def cached_vectors(model: E5Embeddings, texts: list[str], kind: str) -> np.ndarray[Any, Any]:
    """Embed texts (passages or queries), caching the vectors on disk by content hash."""
    digest = hashlib.sha256(("\x00".join(texts) + kind + model.name).encode()).hexdigest()[:16]
    path = CACHE / f"{kind}-{digest}.npy"
    if path.exists():
        return np.load(path)
    started = time.perf_counter()
    if kind == "passage":
        vectors = np.asarray(model.embed_documents(texts), dtype=np.float32)
    else:
        vectors = model.embed_queries(texts)
    print(f"  embedded {len(texts)} {kind}s in {time.perf_counter() - started:.1f}s")
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def build_retriever(
    settings: Settings, model: E5Embeddings, passages: list[Passage]
) -> HybridRetriever:
    """Index passages in an in-memory Chroma collection and return a retriever over it."""
    vectors = cached_vectors(model, [p.text for p in passages], "passage")
    client = chromadb.EphemeralClient(ChromaSettings(anonymized_telemetry=False))
    collection = open_collection(
        client, "bench-" + hashlib.sha1(str(tempfile.mktemp()).encode()).hexdigest()[:8]
    )
    for start in range(0, len(passages), 2000):
        batch = passages[start : start + 2000]
        collection.add(
            ids=[p.id for p in batch],
            embeddings=vectors[start : start + 2000].tolist(),
            documents=[p.text for p in batch],
            metadatas=[
                {
                    "group": p.group,
                    "cgroup": p.group,
                    "lang": p.lang,
                    "mission": "",
                    "valid_until_num": 99991231,
                    "updated_num": 0,
                    "source": p.id,
                    "chunk": 0,
                }
                for p in batch
            ],
        )
    if settings.sentence_window:
        _add_windows(collection, model, passages, settings.sentence_window)
    return HybridRetriever(settings, collection, model)


def _add_windows(collection: Any, model: E5Embeddings, passages: list[Passage], size: int) -> None:
    """Index the passages' sentence windows, exactly as the bot's sync does."""
    chunks = [
        Document(page_content=p.text, metadata={"source": p.id, "chunk": 0, "lang": p.lang})
        for p in passages
    ]
    windows = sentence_windows(chunks, size)
    vectors = cached_vectors(model, [w.page_content for w in windows], "passage")
    for start in range(0, len(windows), 2000):
        batch = windows[start : start + 2000]
        collection.add(
            ids=[f"{w.metadata['parent']}~w{w.metadata['win']}" for w in batch],
            embeddings=vectors[start : start + 2000].tolist(),
            documents=[w.page_content for w in batch],
            metadatas=[{**w.metadata, "mission": "", "valid_until_num": 99991231} for w in batch],
        )


def evaluate(
    retriever: HybridRetriever, queries: list[Query], qvecs: np.ndarray[Any, Any], k: int = 10
) -> dict[str, dict[str, float]]:
    """Return recall@1, recall@5 and MRR@10 per query language and overall."""
    from bot.language import choose_language

    per: dict[str, list[int]] = {}
    for query, vec in zip(queries, qvecs, strict=True):
        lang = choose_language(query.text, query.lang)
        hits = retriever.search(query.text, lang=lang, k=k, vector=vec)
        rank = next((i + 1 for i, h in enumerate(hits) if h.metadata["group"] == query.group), 0)
        per.setdefault(query.pair, []).append(rank)
    table: dict[str, dict[str, float]] = {}
    everything: list[int] = []
    for key, ranks in sorted(per.items()):
        table[key] = _metrics(ranks)
        everything += ranks
    table["all"] = _metrics(everything)
    return table


def _metrics(ranks: list[int]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "n": len(ranks),
        "recall@1": sum(r == 1 for r in ranks) / n,
        "recall@5": sum(0 < r <= 5 for r in ranks) / n,
        "mrr@10": sum(1 / r for r in ranks if 0 < r <= 10) / n,
    }
