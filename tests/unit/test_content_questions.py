"""The content's own questions as on-topic evidence: embedded once, cached, kept current."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.answering.content_questions import ContentQuestions, questions_of
from bot.retrieval.corpus import Corpus
from bot.retrieval.embeddings import FakeEmbeddings


class CountingEmbeddings(FakeEmbeddings):
    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_query(self, text: str) -> list[float]:
        self.embedded.append(text)
        return super().embed_query(text)


def corpus(*sections: str) -> Corpus:
    metas = [{"section": s, "lang": "en", "group": f"g{i}"} for i, s in enumerate(sections)]
    return Corpus([f"c{i}" for i in range(len(sections))], list(sections), metas)


def test_every_heading_counts_once() -> None:
    found = questions_of(corpus("Fees", "How much is an e-visa?", "签证多少钱？", "Fees", ""))
    assert found == ["Fees", "How much is an e-visa?", "签证多少钱？"]


def test_the_closest_content_question_is_found(tmp_path: Path) -> None:
    model = CountingEmbeddings()
    questions = ContentQuestions(model, tmp_path)
    content = corpus("What currency is used in Viet Nam?", "How long is an e-visa valid?")
    same = np.asarray(model.embed_query("What currency is used in Viet Nam?"))
    assert questions.nearest(content, same) > 0.999
    other = np.asarray(model.embed_query("Who won the football match last night?"))
    assert questions.nearest(content, other) < 0.9


def test_each_question_is_embedded_once_across_changes_and_restarts(tmp_path: Path) -> None:
    model = CountingEmbeddings()
    query = np.asarray(model.embed_query("probe"))
    model.embedded.clear()
    ContentQuestions(model, tmp_path).nearest(corpus("A?", "B?"), query)
    assert sorted(model.embedded) == ["A?", "B?"]
    model.embedded.clear()
    restarted = ContentQuestions(model, tmp_path)  # another worker, or after a restart
    restarted.nearest(corpus("A?", "B?"), query)
    assert model.embedded == []
    restarted.nearest(corpus("A?", "B?", "C?"), query)  # an ingest added a heading
    assert model.embedded == ["C?"]


def test_no_headings_means_no_evidence(tmp_path: Path) -> None:
    assert ContentQuestions(FakeEmbeddings(), tmp_path).nearest(corpus(""), np.ones(8)) == -1.0
