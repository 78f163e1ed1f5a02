"""Questions embedded as queries, cached on disk per model: each text is embedded once."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.retrieval.embeddings import embedding_name


class QuestionVectors:
    """Vectors of example questions (`name` names the cache file), across restarts."""

    def __init__(self, embeddings: Embeddings, cache_dir: Path | None, name: str) -> None:
        """Keep the model; the cache is read on first use."""
        self.embeddings = embeddings
        self.path = None
        if cache_dir is not None:
            model = hashlib.sha1(embedding_name(embeddings).encode()).hexdigest()[:8]
            self.path = cache_dir / f"{name}-{model}.npz"
        self._known: dict[str, np.ndarray[Any, Any]] | None = None
        self._lock = threading.Lock()

    def vectors(self, questions: Sequence[str]) -> np.ndarray[Any, Any]:
        """Return one row per question, in order; only questions not seen before are embedded."""
        with self._lock:
            known = self._load()
            missing = list(dict.fromkeys(q for q in questions if q not in known))
            if missing:
                batch = getattr(self.embeddings, "embed_queries", None)
                new = batch(missing) if batch else [self.embeddings.embed_query(q) for q in missing]
                known.update(zip(missing, np.asarray(new, dtype=np.float32), strict=True))
                self._save(known)
            if not questions:
                return np.zeros((0, 0), dtype=np.float32)
            return np.stack([known[q] for q in questions]).astype(np.float32)

    def _load(self) -> dict[str, np.ndarray[Any, Any]]:
        if self._known is None:
            self._known = {}
            if self.path is not None and self.path.exists():
                saved = np.load(self.path)
                self._known = dict(zip(saved["texts"].tolist(), saved["vectors"], strict=True))
        return self._known

    def _save(self, known: dict[str, np.ndarray[Any, Any]]) -> None:
        """Write the cache whole, then move it in place (workers may read it meanwhile)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        texts = list(known)
        partial = self.path.with_suffix(f".{os.getpid()}.npz")
        np.savez(partial, texts=np.array(texts), vectors=np.stack([known[t] for t in texts]))
        os.replace(partial, self.path)
