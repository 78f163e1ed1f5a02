"""Embedding models: multilingual E5 through sentence-transformers, or a fake for tests."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.config import Settings
from bot.retrieval.batching import QueryBatcher
from bot.text import tokenize

ProgressFn = Callable[[int], None]

E5_ALIASES = {"e5-small", "multilingual-e5-small", "intfloat/multilingual-e5-small"}


class E5Embeddings(Embeddings):
    """Sentence-transformers model used with E5's `query: ` / `passage: ` prompts."""

    def __init__(self, model_path: str, batch_size: int = 32, threads: int | None = None) -> None:
        """Load the model from a local path or name, offline."""
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)

        self.name = model_path
        self.model = SentenceTransformer(model_path, device="cpu", local_files_only=True)
        self.batch_size = batch_size
        self.on_progress: ProgressFn | None = None
        prompts: dict[str, str] = getattr(self.model, "prompts", {}) or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None
        self._batcher = QueryBatcher(self.embed_queries)

    def _encode(self, texts: list[str], prompt_name: str | None) -> np.ndarray[Any, Any]:
        out: list[np.ndarray[Any, Any]] = []
        # Sort by length so batches hold texts of similar size (less padding, faster).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            batch = [texts[i] for i in order[start : start + self.batch_size]]
            vectors = self.model.encode(
                batch,
                prompt_name=prompt_name,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            out.append(np.asarray(vectors, dtype=np.float32))
            if self.on_progress:
                self.on_progress(len(batch))
        if not out:
            return np.zeros((0, self.dimension), dtype=np.float32)
        stacked = np.concatenate(out)
        result = np.empty_like(stacked)
        result[order] = stacked
        return result

    @property
    def dimension(self) -> int:
        """Return the embedding size."""
        dim = self.model.get_sentence_embedding_dimension()
        return int(dim or 384)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages with the passage prompt."""
        return self._encode(texts, self._passage_prompt).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """Embed one question with the query prompt (batched with concurrent questions)."""
        return self._batcher.embed(text).tolist()  # type: ignore[no-any-return]

    def embed_queries(self, texts: list[str]) -> np.ndarray[Any, Any]:
        """Embed many questions at once (benchmarks)."""
        return self._encode(texts, self._query_prompt)


class FakeEmbeddings(Embeddings):
    """Deterministic bag-of-words hashing embedding for fast unit tests (no model).

    Texts sharing words get similar vectors, so retrieval behaves sensibly within one
    language; there is no cross-lingual meaning.
    """

    name = "fake"

    def __init__(self, size: int = 384) -> None:
        """Create an embedding of `size` dimensions."""
        self.size = size
        self.on_progress: ProgressFn | None = None

    def _vector(self, text: str) -> list[float]:
        vec = np.zeros(self.size, dtype=np.float32)
        for token in tokenize(text):
            digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
            vec[int.from_bytes(digest[:4], "little") % self.size] += 1.0
        norm = float(np.linalg.norm(vec))
        return (vec / norm if norm else vec).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages."""
        vectors = [self._vector(t) for t in texts]
        if self.on_progress:
            self.on_progress(len(texts))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        """Embed one question."""
        return self._vector(text)


def make_embeddings(settings: Settings) -> Embeddings:
    """Build the configured embedding model."""
    name = settings.embedding_model
    match name:
        case "fake":
            return FakeEmbeddings(size=384)
        case _ if name in E5_ALIASES:
            from bot.retrieval.e5_build import ensure_e5_model

            path: Path = ensure_e5_model(settings.data_dir)
            return E5Embeddings(str(path), settings.embedding_batch_size, settings.torch_threads)
        case _:
            return E5Embeddings(name, settings.embedding_batch_size, settings.torch_threads)


def embedding_name(embeddings: Embeddings) -> str:
    """Return a readable name of an embedding model."""
    return str(getattr(embeddings, "name", type(embeddings).__name__))
