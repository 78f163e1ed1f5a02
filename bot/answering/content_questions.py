"""The content's own headings (FAQ questions, section headings) as examples of what is asked.

The off-topic router compares a question with off-topic example questions. Compared only
with passages, a short question loses: "What currency is used?" is as close to "What is
the exchange rate of the euro to the dollar right now?" (a question, like itself) as to
the passage that answers it. The content's headings, embedded as questions, are like with
like: "What is the currency of Viet Nam?" (an FAQ entry) or "Opening hours" (a section of
an embassy's page) says the question is the service's to answer.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.retrieval.corpus import Corpus
from bot.retrieval.embeddings import embedding_name


def questions_of(corpus: Corpus) -> list[str]:
    """Return the distinct section headings (an FAQ entry's is its question), every language."""
    return sorted({str(m.get("section", "")).strip() for m in corpus.metas} - {""})


class ContentQuestions:
    """Vectors of the content's headings, embedded as queries; new ones embedded once."""

    def __init__(self, embeddings: Embeddings, cache_dir: Path | None = None) -> None:
        """Keep the model; vectors are cached on disk per model (only new headings cost)."""
        self.embeddings = embeddings
        self.cache_dir = cache_dir
        self._known: dict[str, np.ndarray[Any, Any]] = {}
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._corpus: Corpus | None = None
        self._lock = threading.Lock()

    def nearest(self, corpus: Corpus, query_vector: np.ndarray[Any, Any]) -> float:
        """Return the question's highest cosine similarity to a content heading (-1: none)."""
        with self._lock:
            if self._corpus is not corpus:
                self._build(corpus)
            matrix = self._matrix
        if not matrix.size:
            return -1.0
        norm = float(np.linalg.norm(query_vector)) or 1.0
        return float((matrix @ query_vector).max()) / norm

    def _path(self) -> Path | None:
        if self.cache_dir is None:
            return None
        model = hashlib.sha1(embedding_name(self.embeddings).encode()).hexdigest()[:8]
        return self.cache_dir / f"content-questions-{model}.npz"

    def _save(self, path: Path) -> None:
        """Write the cache whole, then move it in place (workers may read it meanwhile)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        texts = list(self._known)
        partial = path.with_suffix(f".{os.getpid()}.npz")
        np.savez(partial, texts=np.array(texts), vectors=np.stack([self._known[t] for t in texts]))
        os.replace(partial, path)

    def _build(self, corpus: Corpus) -> None:
        questions = questions_of(corpus)
        path = self._path()
        if not self._known and path is not None and path.exists():
            saved = np.load(path)
            self._known = dict(zip(saved["texts"].tolist(), saved["vectors"], strict=True))
        missing = [q for q in questions if q not in self._known]
        if missing:
            batch = getattr(self.embeddings, "embed_queries", None)
            vectors = batch(missing) if batch else [self.embeddings.embed_query(q) for q in missing]
            self._known.update(zip(missing, np.asarray(vectors, dtype=np.float32), strict=True))
            if path is not None:
                self._save(path)
        if questions:
            matrix = np.stack([self._known[q] for q in questions]).astype(np.float32)
            matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
            self._matrix = matrix
        else:
            self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._corpus = corpus
