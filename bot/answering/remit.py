"""Requests that are plainly outside an official information service's remit."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import numpy as np
import yaml
from langchain_core.embeddings import Embeddings

# Tasks, not questions about Viet Nam: writing code, poems or homework, role play.
_TASKS = re.compile(
    r"\b(write|generate|create|debug|fix)\b.{0,40}\b(code|program|script|function|poem|song|"
    r"essay|story|sql|regex|html|css|javascript|python)\b"
    r"|\b(écri[rstv]\w*|génér\w*)\b.{0,40}\b(code|programme|script|poème|chanson)\b"
    r"|\b(escrib\w*|genera\w*)\b.{0,40}\b(código|programa|poema|canción)\b"
    r"|\b(schreib\w*)\b.{0,40}\b(code|programm|gedicht|lied)\b"
    r"|\b(напиши\w*)\b.{0,40}\b(код|программ\w*|стих\w*)\b"
    r"|\b(viết)\b.{0,30}\b(code|mã|chương trình|bài thơ)\b"
    r"|(写|编写).{0,10}(代码|程序|诗)|(コード|プログラム|詩).{0,10}(書いて|作って)"
    r"|```",
    re.IGNORECASE | re.DOTALL,
)


def out_of_remit(question: str) -> bool:
    """Return True for requests the bot must decline whatever the content says."""
    return bool(_TASKS.search(question))


class OffTopicGuard:
    """Semantic router: questions closer to off-topic exemplars than to any official text."""

    def __init__(self, embeddings: Embeddings, margin: float) -> None:
        """Keep the model; exemplar vectors are computed on first use."""
        self.embeddings = embeddings
        self.margin = margin
        self._vectors: np.ndarray[Any, Any] | None = None

    @staticmethod
    def exemplars() -> list[str]:
        """Return the bundled off-topic exemplar questions."""
        text = (resources.files("bot.answering") / "off_topic.yaml").read_text(encoding="utf-8")
        return [str(q) for q in yaml.safe_load(text)]

    def similarity(self, query_vector: np.ndarray[Any, Any]) -> float:
        """Return the query's similarity to the closest off-topic exemplar."""
        if self._vectors is None:
            vectors = [self.embeddings.embed_query(q) for q in self.exemplars()]
            self._vectors = np.asarray(vectors, dtype=np.float32)
        return float((self._vectors @ query_vector).max())

    def declines(self, query_vector: np.ndarray[Any, Any], best_passage: float) -> bool:
        """Return True when the question is clearly closer to off-topic requests."""
        return self.similarity(query_vector) - best_passage > self.margin
