"""Requests that are plainly outside an official information service's remit."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from langchain_core.embeddings import Embeddings

from bot.answering.country import swap_countries
from bot.answering.question_vectors import QuestionVectors
from bot.language import choose_language

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
    # Writing for the visitor: "write me a cover letter", "viết giúp tôi một đoạn…".
    r"|\b(write|draft) (me|for me)\b|\bviết (giúp|hộ|dùm) (tôi|mình|em|anh|chị)\b"
    r"|\b(écris|rédige)[-\s]moi\b|\b(escríbeme|redáctame)\b|\bschreib(e|en sie)? mir\b"
    r"|\bнапиши(те)? мне\b|帮我写|替我写|書いてください"
    r"|```",
    re.IGNORECASE | re.DOTALL,
)


def out_of_remit(question: str) -> bool:
    """Return True for requests the bot must decline whatever the content says."""
    return bool(_TASKS.search(question))


class OffTopicGuard:
    """Semantic router: a question much closer to off-topic examples than to any passage.

    The examples (bot/answering/off_topic.yaml) are kinds of requests an official
    information service does not handle; the relevance thresholds catch the rest.
    """

    def __init__(
        self, embeddings: Embeddings, margin: float, cache_dir: Path | None = None
    ) -> None:
        """Keep the model; example vectors are computed on first use and cached on disk."""
        self.margin = margin
        self._vectors = QuestionVectors(embeddings, cache_dir, "off-topic-examples")
        self._off: np.ndarray[Any, Any] | None = None
        self._foreign: np.ndarray[Any, Any] | None = None

    @staticmethod
    def exemplars() -> list[str]:
        """Return the bundled off-topic exemplar questions."""
        text = (resources.files("bot.answering") / "off_topic.yaml").read_text(encoding="utf-8")
        return [str(q) for q in yaml.safe_load(text)]

    def _embed(self, questions: list[str]) -> np.ndarray[Any, Any]:
        return self._vectors.vectors(questions)

    def declines(
        self, query_vector: np.ndarray[Any, Any], best_passage: float, *, home: bool = False
    ) -> bool:
        """Return True when the question is clearly closer to off-topic requests.

        For a question that names only Viet Nam or its places (`home`), the examples
        about another country ("How do I get a tourist visa for Thailand?") do not count:
        such a question is merely close to them in topic.
        """
        if self._off is None or self._foreign is None:
            questions = self.exemplars()
            self._off = self._embed(questions)
            self._foreign = np.array(
                [swap_countries(q, choose_language(q, None)) is not None for q in questions]
            )
        similarities = self._off @ query_vector
        if home:
            similarities = similarities[~self._foreign]
        return bool(len(similarities)) and float(similarities.max()) - best_passage > self.margin
