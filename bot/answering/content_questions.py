"""The content's own headings (FAQ questions, section headings) as examples of what is asked.

The off-topic router compares a question with off-topic example questions. Compared only
with passages, a short question loses: "What currency is used?" is as close to "What is
the exchange rate of the euro to the dollar right now?" (a question, like itself) as to
the passage that answers it. The content's headings, embedded as questions, are like with
like: "What is the currency of Viet Nam?" (an FAQ entry) or "Opening hours" (a section of
an embassy's page) says the question is the service's to answer.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.answering.question_vectors import QuestionVectors
from bot.retrieval.corpus import Corpus


def questions_of(corpus: Corpus) -> list[str]:
    """Return the distinct section headings (an FAQ entry's is its question), every language."""
    return sorted({str(m.get("section", "")).strip() for m in corpus.metas} - {""})


class ContentQuestions:
    """The content's headings as normalised query vectors, rebuilt when the corpus changes."""

    def __init__(self, embeddings: Embeddings, cache_dir: Path | None = None) -> None:
        """Keep the model; vectors are cached on disk per model (only new headings cost)."""
        self._vectors = QuestionVectors(embeddings, cache_dir, "content-questions")
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._corpus: Corpus | None = None
        self._lock = threading.Lock()

    def nearest(self, corpus: Corpus, query_vector: np.ndarray[Any, Any]) -> float:
        """Return the question's highest cosine similarity to a content heading (-1: none)."""
        with self._lock:
            if self._corpus is not corpus:
                matrix = self._vectors.vectors(questions_of(corpus))
                if matrix.size:
                    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
                self._matrix, self._corpus = matrix, corpus
            matrix = self._matrix
        if not matrix.size:
            return -1.0
        norm = float(np.linalg.norm(query_vector)) or 1.0
        return float((matrix @ query_vector).max()) / norm
