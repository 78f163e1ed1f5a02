"""Sentence windows and the per-question language gap, on vectors with known similarities."""

from __future__ import annotations

import math
import uuid
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_core.documents import Document

from bot.answering.extractive import best_sentences, compose
from bot.answering.service import AnswerService
from bot.config import Settings
from bot.knowledge.splitting import parent_key, sentence_windows
from bot.retrieval.hybrid import Hit, HybridRetriever
from bot.retrieval.store import open_collection
from bot.sites import Site

QUERY = np.array([1.0, 0.0, 0.0], dtype=np.float32)


def at(similarity: float, twist: float = 0.0) -> list[float]:
    """Return a unit vector whose cosine with QUERY is `similarity`."""
    rest = math.sqrt(1 - similarity**2)
    return [similarity, rest * math.cos(twist), rest * math.sin(twist)]


class NoEmbeddings:
    """The tests pass query vectors themselves; nothing may be embedded."""

    def embed_query(self, text: str) -> list[float]:
        raise AssertionError("unexpected embedding")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise AssertionError("unexpected embedding")


def retriever(rows: list[dict[str, Any]], **overrides: object) -> HybridRetriever:
    """Index rows (id, vector, text and metadata) and return a retriever over them."""
    client = chromadb.EphemeralClient(ChromaSettings(anonymized_telemetry=False))
    collection = open_collection(client, "t" + uuid.uuid4().hex[:8])
    base = {"mission": "", "valid_until_num": 99991231, "updated_num": 1, "kind": "article"}
    collection.add(
        ids=[r["id"] for r in rows],
        embeddings=[r["vector"] for r in rows],
        documents=[r.get("text", r["id"]) for r in rows],
        metadatas=[{**base, **r["meta"]} for r in rows],
    )
    values: dict[str, object] = {"lexical_weight": 0.0, "cross_language_bonus": 0.02}
    values.update(overrides)
    settings = Settings(_env_file=None, embedding_model="fake", **values)  # type: ignore[arg-type, call-arg]
    return HybridRetriever(settings, collection, NoEmbeddings())  # type: ignore[arg-type]


def chunk(cid: str, sim: float, lang: str, group: str, twist: float = 0.0) -> dict[str, Any]:
    meta = {"lang": lang, "group": group, "cgroup": f"{group}#s0", "source": cid, "chunk": 0}
    return {"id": cid, "vector": at(sim, twist), "meta": meta}


def window(parent: dict[str, Any], win: int, sim: float) -> dict[str, Any]:
    meta = {**parent["meta"], "unit": "window", "parent": parent_key(parent["meta"]), "win": win}
    return {"id": f"{parent['id']}~{win}", "vector": at(sim, 0.5 + win), "meta": meta}


def test_windows_link_to_their_chunk_and_start_at_each_sentence() -> None:
    doc = Document(
        page_content="Visas › Fees\n\nOne. Two. Three.",
        metadata={"source": "visas.en.md", "chunk": 3, "heading": "Visas › Fees", "lang": "en"},
    )
    windows = sentence_windows([doc], 2)
    assert [w.page_content for w in windows] == [
        "Visas › Fees: One. Two.",
        "Visas › Fees: Two. Three.",
    ]
    assert {w.metadata["parent"] for w in windows} == {"visas.en.md#3"}
    assert [w.metadata["win"] for w in windows] == [0, 1]
    assert all(w.metadata["lang"] == "en" and w.metadata["unit"] == "window" for w in windows)


def test_a_chunk_whose_one_sentence_matches_beats_a_vaguely_similar_chunk() -> None:
    long = chunk("long", 0.70, "en", "long")
    vague = chunk("vague", 0.78, "en", "vague", twist=1.0)
    rows = [long, vague, window(long, 0, 0.60), window(long, 4, 0.95), window(vague, 0, 0.76)]
    with_windows = retriever(rows, window_weight=0.6).search("q", lang="en", vector=QUERY)
    assert [h.metadata["group"] for h in with_windows][:2] == ["long", "vague"]
    assert with_windows[0].window == 4  # the answer starts at the sentence that matched
    without = retriever(rows, window_weight=0.0).search("q", lang="en", vector=QUERY)
    assert without[0].metadata["group"] == "vague" and without[0].window is None


def test_language_gap_is_measured_on_texts_published_in_both_languages() -> None:
    # For this question E5 scores French passages 0.08 above their English versions.
    rows = [
        chunk("faq-fr", 0.88, "fr", "faq"),
        chunk("faq-en", 0.80, "en", "faq", twist=1.0),
        chunk("other-fr", 0.83, "fr", "other", twist=2.0),
        chunk("other-en", 0.75, "en", "other", twist=3.0),
        # Only in English, and the right answer: 0.83 in English is 0.91 "in French".
        chunk("visa-en", 0.83, "en", "visa", twist=4.0),
    ]
    measured = retriever(rows, language_gap_pairs=5).search("q", lang="fr", vector=QUERY)
    assert measured[0].metadata["group"] == "visa"
    constant = retriever(rows, language_gap_pairs=0).search("q", lang="fr", vector=QUERY)
    assert constant[0].metadata["group"] == "faq"
    # The French version is still the one served for a text that has it.
    assert next(h for h in measured if h.metadata["group"] == "faq").lang == "fr"


def test_an_embassy_site_ranks_its_own_pages_first() -> None:
    national = chunk("national", 0.84, "en", "consular")
    local = chunk("local", 0.82, "en", "paris-consular", twist=1.0)
    local["meta"]["mission"] = "fr-paris"
    rows = [national, local]
    on_site = retriever(rows, local_bonus=0.04).search(
        "q", lang="en", mission="fr-paris", vector=QUERY
    )
    assert [h.metadata["group"] for h in on_site] == ["paris-consular", "consular"]
    # Ranking only: the reported similarity stays the passage's own, for the thresholds.
    assert abs(on_site[0].dense - 0.82) < 1e-3
    no_bonus = retriever(rows, local_bonus=0.0).search(
        "q", lang="en", mission="fr-paris", vector=QUERY
    )
    assert no_bonus[0].metadata["group"] == "consular"
    elsewhere = retriever(rows, local_bonus=0.04).search("q", lang="en", mission=None, vector=QUERY)
    assert [h.metadata["group"] for h in elsewhere] == ["consular"]
    # A national channel asked about Paris sees the embassy's pages, on equal terms.
    asked_about = retriever(rows, local_bonus=0.04).search(
        "q", lang="en", mission="fr-paris", local_first=False, vector=QUERY
    )
    assert [h.metadata["group"] for h in asked_about] == ["consular", "paris-consular"]


def test_answer_run_contains_the_matched_window() -> None:
    text = "Intro about visas. Visas matter. Visas again. Other topic. Fee is 25 USD. Paid online."
    # Lexically the start wins; the window that matched the question says where the fee is.
    assert best_sentences("visas", text, 2) == ["Intro about visas.", "Visas matter."]
    assert best_sentences("visas", text, 2, (4, 2)) == ["Fee is 25 USD.", "Paid online."]
    assert best_sentences("visas", text, 3, (4, 2))[-2:] == ["Fee is 25 USD.", "Paid online."]


def test_composed_answer_uses_the_hit_window() -> None:
    rows = [chunk("c", 0.7, "en", "c")]
    rows[0]["text"] = "Fees\n\nA. B. C. D. The fee is 25 USD. E."
    rows[0]["meta"]["heading"] = "Fees"
    rows.append(window(rows[0], 4, 0.95))
    hits = retriever(rows, window_weight=0.6).search("q", lang="en", vector=QUERY)
    assert "The fee is 25 USD." in compose("how much", hits, 2)


class OneQuestion(NoEmbeddings):
    """Every question embeds to QUERY."""

    def embed_query(self, text: str) -> list[float]:
        return QUERY.tolist()


def test_off_topic_router_weighs_the_best_passage_not_the_first_ranked() -> None:
    # On the embassy's site its own page ranks first although a national text is closer;
    # the question is still about official content, so it must not be declined.
    national = chunk("national", 0.88, "en", "consular")
    national["text"] = "The consular section certifies documents. It is open on weekdays."
    local = chunk("local", 0.84, "en", "paris-consular", twist=1.0)
    local["meta"]["mission"] = "fr-paris"
    local["text"] = "Appointments are booked online. Documents can also be sent by post."
    search = retriever(
        [national, local], local_bonus=0.06, min_relevance=0.8, off_topic_margin=-0.01
    )
    search.embeddings = OneQuestion()  # type: ignore[assignment]
    service = AnswerService(settings=search.settings, retriever=search)
    # An off-topic example question 0.86 from this one: closer than the local page
    # (0.84), further than the national text (0.88).
    service.off_topic._off = np.array([at(0.86)], dtype=np.float32)
    service.off_topic._foreign = np.array([False])  # not about another country
    site = Site(id="embassy-fr", mission="fr-paris")
    answer = service.answer("How do I book an appointment?", site=site, lang="en")
    assert answer.answered and answer.sources[0].group == "paris-consular"
    # Closer to the off-topic example than to any passage: declined.
    service.off_topic._off = np.array([at(0.95)], dtype=np.float32)
    declined = service.answer("How do I book an appointment?", site=site, lang="en")
    assert not declined.answered and declined.kind == "refusal"


def test_a_name_typed_without_diacritics_finds_the_text_that_spells_it() -> None:
    battle = chunk("battle", 0.80, "en", "history")
    battle["text"] = "The battle of Điện Biên Phủ ended on 7 May 1954."
    other = chunk("other", 0.80, "en", "culture", twist=1.0)
    other["text"] = "The battle for the best noodle soup is won every morning."
    hits = retriever([battle, other], lexical_weight=0.08).search(
        "When was the battle of Dien Bien Phu won?", lang="en", vector=QUERY
    )
    assert hits[0].metadata["group"] == "history" and hits[0].lexical > hits[1].lexical


def test_a_question_matches_other_forms_of_its_words() -> None:
    # "partenariat stratégique global" in the question, plural forms in the list.
    listing = chunk("listing", 0.80, "fr", "partnerships")
    listing["text"] = "Partenariats stratégiques globaux : la France (2024) et le Japon (2023)."
    other = chunk("other", 0.81, "fr", "other", twist=1.0)  # a little closer in meaning
    other["text"] = "Depuis quand ? Depuis 2010."
    hits = retriever([listing, other], lexical_weight=0.06).search(
        "Depuis quand la France a-t-elle un partenariat stratégique global ?",
        lang="fr",
        vector=QUERY,
    )
    assert hits[0].metadata["group"] == "partnerships"


PARTNERS = """Partners

By 2026 there were five partners. They were established in this order:

- China (2008);
- Russia (2012);
- India (2016);
- Japan (2023);
- France (2024).

The list may grow. Ask the ministry for the current status."""


def list_hit(text: str, window: int | None = None) -> Hit:
    meta = {"heading": "Partners", "lang": "en", "group": "g", "cgroup": "g"}
    return Hit(id="c", text=text, metadata=meta, score=0.9, dense=0.9, window=window)


def test_an_answer_that_reaches_into_a_list_shows_the_whole_list() -> None:
    # The window that matched "When did Japan…" is the Japan item: the answer still
    # gives the list from its first item, with the sentence that introduces it.
    answer = compose("When did Japan become a partner?", [list_hit(PARTNERS, window=5)], 2)
    lines = answer.removesuffix(" [1]").split("\n")
    assert lines[0].endswith("They were established in this order:")
    assert lines[1:] == [
        "China (2008);",
        "Russia (2012);",
        "India (2016);",
        "Japan (2023);",
        "France (2024).",
    ]
    assert "The list may grow." not in answer


def test_a_run_that_ends_on_a_list_introduction_takes_the_list() -> None:
    answer = compose("How many partners?", [list_hit(PARTNERS)], 2)
    assert answer.startswith("By 2026 there were five partners. They were established")
    assert "France (2024)." in answer


def test_a_list_longer_than_the_limit_keeps_the_plain_run() -> None:
    answer = compose(
        "When did Japan become a partner?", [list_hit(PARTNERS, window=5)], 2, most_items=3
    )
    assert "Japan (2023);" in answer
    assert "China (2008);" not in answer


def test_runs_without_lists_are_joined_as_prose() -> None:
    text = "Partners\n\nOne fact. Two facts. Three facts. Four facts."
    assert compose("facts", [list_hit(text)], 2) == "One fact. Two facts. [1]"


def test_a_close_second_passage_that_is_short_is_quoted_whole() -> None:
    first = list_hit("Civil status\n\nThe section registers births. It also certifies copies.")
    rule = (
        "Legalisation\n\nSince 2026 an apostille replaces legalisation of public documents. "
        "Documents that still need legalisation go to the ministry first. "
        "The receiving authority often asks for a translation of the document."
    )
    second = Hit(
        id="d",
        text=rule,
        metadata={"heading": "Legalisation", "lang": "en", "group": "h", "cgroup": "h"},
        score=0.89,
        dense=0.89,
    )
    answer = compose("How is a birth document recognised by the authority?", [first, second], 4)
    assert "Since 2026 an apostille replaces legalisation" in answer
    assert answer.endswith("asks for a translation of the document. [2]")
    # A long second passage still gets half the room.
    longer = Hit(
        id="e",
        text=rule + " It is stamped. It is then returned.",
        metadata=second.metadata,
        score=0.89,
        dense=0.89,
    )
    cut = compose("How is a birth document recognised by the authority?", [first, longer], 4)
    assert len(cut.split("\n\n")[1].removesuffix(" [2]").split(". ")) == 2
