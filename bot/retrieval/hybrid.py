"""Dense retrieval from Chroma, nudged by lexical evidence where it can help."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.config import Settings
from bot.retrieval.corpus import Corpus, load_corpus
from bot.text import anchor_tokens, stem_tokens, tokenize

# The language every text is published in (the brief: every document in English).
PIVOT = "en"


@dataclass
class Hit:
    """One retrieved chunk with its scores."""

    id: str
    text: str
    metadata: dict[str, Any]
    score: float  # fused score used for ranking
    dense: float  # cosine similarity of query and chunk
    lexical: float = 0.0  # normalised BM25 evidence in [0, 1]
    matched_lang: str = ""  # language of the chunk whose similarity is `dense`
    window: int | None = None  # first sentence of the window that matched best

    @property
    def lang(self) -> str:
        """Return the chunk's language."""
        return str(self.metadata.get("lang", ""))


class Similarities:
    """One query's similarities to chunks and to their sentence windows."""

    def __init__(
        self, corpus: Corpus, collection: Any, qvec: np.ndarray[Any, Any], window_weight: float
    ) -> None:
        """Start empty; `add` records search results, `complete` fetches what is missing."""
        self.corpus = corpus
        self.collection = collection
        self.qvec = qvec
        self.window_weight = window_weight if corpus.window else 0.0
        self.chunk: dict[int, float] = {}
        self.best: dict[int, tuple[float, int]] = {}
        # The store holds vectors the corpus cache does not know, or lacks ones it does:
        # the index changed since the cache was loaded.
        self.stale = False

    def add(self, ids: Sequence[str], similarities: Sequence[float]) -> None:
        """Record similarities of chunks and windows (by id)."""
        for cid, sim in zip(ids, similarities, strict=True):
            row = self.corpus.row.get(cid)
            if row is not None:
                self.chunk[row] = sim
            elif cid in self.corpus.window:
                row, win = self.corpus.window[cid]
                if sim > self.best.get(row, (-2.0, 0))[0]:
                    self.best[row] = (sim, win)
            else:
                self.stale = True

    def complete(self, rows: Iterable[int]) -> None:
        """Compute the similarities of `rows` (and of all their windows) not yet known."""
        rows = list(rows)
        ids = [self.corpus.ids[r] for r in rows if r not in self.chunk]
        if self.window_weight:
            ids += [
                wid for r in rows if r not in self.best for wid in self.corpus.windows_of.get(r, ())
            ]
        if not ids:
            return
        got = self.collection.get(ids=ids, include=["embeddings"])
        if len(got["ids"]) < len(ids):
            self.stale = True
        if not got["ids"]:
            return
        vectors = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(got["ids"]), -1)
        norms = np.linalg.norm(vectors, axis=1) * np.linalg.norm(self.qvec) + 1e-9
        self.add(got["ids"], (vectors @ self.qvec / norms).tolist())

    def score(self, row: int) -> float:
        """Return a chunk's similarity, blended with its best window's when there is one."""
        own = self.chunk.get(row, 0.0)
        if not self.window_weight or row not in self.best:
            return own
        return (1 - self.window_weight) * own + self.window_weight * self.best[row][0]

    def window(self, row: int) -> int | None:
        """Return the first sentence of the chunk's best window, if windows are used."""
        return self.best[row][1] if self.window_weight and row in self.best else None


class HybridRetriever:
    """Search the index with a site's scope, freshness and language preferences."""

    def __init__(
        self,
        settings: Settings,
        collection: Any,
        embeddings: Embeddings,
        version: Callable[[], str] | None = None,
    ) -> None:
        """Keep handles; the corpus cache is loaded lazily and refreshed on change.

        `version` returns the index's generation token (changed by every sync that changes
        the index, in any process); without it only a change in size is noticed.
        """
        self.settings = settings
        self.collection = collection
        self.embeddings = embeddings
        self._version = version
        self._corpus: Corpus | None = None
        self._seen: tuple[int, str] | None = None
        self._checked = 0.0
        self._stale = False
        self._lock = threading.Lock()

    def _stamp(self) -> tuple[int, str]:
        return int(self.collection.count()), self._version() if self._version else ""

    def refresh(self) -> None:
        """Reload the corpus cache (after an ingest)."""
        with self._lock:
            stamp = self._stamp()  # read first: a change during the load is seen next time
            self._corpus = load_corpus(self.collection)
            self._seen, self._stale = stamp, False
            self._checked = time.monotonic()

    @property
    def corpus(self) -> Corpus:
        """Return the corpus cache, reloading it when the index changed (in any process)."""
        now = time.monotonic()
        if self._corpus is None or self._stale or now - self._checked > 15:
            self._checked = now
            if self._corpus is None or self._stale or self._stamp() != self._seen:
                self.refresh()
        assert self._corpus is not None
        return self._corpus

    def restore(self, query: str) -> str:
        """Return the question with Vietnamese names spelled as the content spells them."""
        return self.corpus.names.restore(query)

    def respell(self, question: str, lang: str) -> str:
        """Return a Vietnamese question typed without diacritics with them put back."""
        return self.corpus.accents.restore(question) if lang == "vi" else question

    def embed(self, query: str) -> np.ndarray[Any, Any]:
        """Embed a question (names restored first: "Hanoi" is searched as "Hà Nội")."""
        return np.asarray(self.embeddings.embed_query(self.restore(query)), dtype=np.float32)

    def search(
        self,
        query: str,
        *,
        lang: str | None = None,
        mission: str | None = None,
        local_first: bool = True,
        k: int | None = None,
        today: date | None = None,
        vector: np.ndarray[Any, Any] | None = None,
    ) -> list[Hit]:
        """Return the best chunks for `query`, one per text, preferring the user's language.

        `mission` adds that mission's pages to the national texts; with `local_first` they
        rank `local_bonus` higher (on the mission's own site).
        """
        corpus = self.corpus
        if not len(corpus):
            return []
        k = k or self.settings.top_k
        query = corpus.names.restore(query)
        today_num = int((today or date.today()).strftime("%Y%m%d"))
        qvec = self.embed(query) if vector is None else vector
        sims = Similarities(corpus, self.collection, qvec, self.settings.window_weight)
        candidates = self._dense(corpus, sims, mission, today_num)
        lexical = self._lexical(corpus, query, lang, candidates, mission, today_num)
        rows = candidates | set(lexical)
        sims.complete(rows)
        weight = self.settings.lexical_weight
        bonus = self._language_gap(corpus, sims, candidates, lang)

        local = self.settings.local_bonus if mission and local_first else 0.0

        def fused(r: int) -> float:
            extra = bonus if lang and corpus.lacks_language(r, lang) else 0.0
            if local and corpus.metas[r].get("mission") == mission:
                extra += local
            return sims.score(r) + weight * lexical.get(r, 0.0) + extra

        scored = sorted(((fused(r), r) for r in rows), reverse=True)
        hits = self._one_per_text(corpus, scored, sims, lexical, lang, mission, today_num, k)
        if sims.stale:  # answer from what is known now; reload before the next question
            self._stale = True
        return hits

    def _language_gap(
        self, corpus: Corpus, sims: Similarities, rows: set[int], lang: str | None
    ) -> float:
        """Return how much more E5 likes passages in the question's language, for this question.

        E5 scores a passage in the question's language higher than the same passage in
        English, by 0.03 to 0.10 depending on the language and the question. Texts
        published in both languages measure that gap directly: the mean difference over
        the best such pairs is what an English-only text gets back to compete fairly.
        Without pairs the configured `cross_language_bonus` applies.
        """
        fallback = self.settings.cross_language_bonus
        if not lang or lang == PIVOT or not self.settings.language_gap_pairs:
            return fallback
        gaps: list[float] = []
        for row in sorted(rows, key=sims.score, reverse=True):
            if corpus.metas[row].get("lang") != lang:
                continue
            pivots = corpus.versions(row, PIVOT)
            if pivots:
                sims.complete(pivots)
                gaps.append(sims.score(row) - max(sims.score(r) for r in pivots))
                if len(gaps) >= self.settings.language_gap_pairs:
                    break
        return sum(gaps) / len(gaps) if gaps else fallback

    def _dense(
        self, corpus: Corpus, sims: Similarities, mission: str | None, today_num: int
    ) -> set[int]:
        """Return the chunks nearest to the query (or to one of their sentence windows).

        An unfiltered HNSW query takes under a millisecond on 50,000 chunks; Chroma's
        metadata filter makes it a scan (over 200 ms). So over-fetch, filter here, and use
        the filtered query only when too few allowed chunks come back.
        """
        want = min(self.settings.dense_candidates, len(corpus))
        per_chunk = corpus.total / len(corpus)
        n = min(int(3 * want * per_chunk), corpus.total)
        rows = self._query(corpus, sims, n, None, mission, today_num, 2 * want)
        if len(rows) < min(want, self.settings.top_k * 2):
            missions = ["", mission] if mission else [""]
            where: dict[str, Any] = {
                "$and": [{"mission": {"$in": missions}}, {"valid_until_num": {"$gte": today_num}}]
            }
            n = int(want * per_chunk)
            rows |= self._query(corpus, sims, n, where, mission, today_num, want)
        return rows

    def _query(
        self,
        corpus: Corpus,
        sims: Similarities,
        n: int,
        where: dict[str, Any] | None,
        mission: str | None,
        today_num: int,
        limit: int,
    ) -> set[int]:
        """Query Chroma; return up to `limit` allowed chunk rows, nearest first."""
        res = self.collection.query(
            query_embeddings=[sims.qvec.tolist()], n_results=n, where=where, include=["distances"]
        )
        ids = res["ids"][0]
        sims.add(ids, [1.0 - float(d) for d in res["distances"][0]])
        rows: set[int] = set()
        for cid in ids:
            row = corpus.row.get(cid)
            if row is None and cid in corpus.window:
                row = corpus.window[cid][0]
            if row is not None and corpus.allowed(row, mission, today_num):
                rows.add(row)
                if len(rows) >= limit:
                    break
        return rows

    def _lexical(
        self,
        corpus: Corpus,
        query: str,
        lang: str | None,
        dense: set[int],
        mission: str | None,
        today_num: int,
    ) -> dict[int, float]:
        """Return lexical evidence: all words within a language, anchors across languages.

        Evidence is the share of the query's IDF mass a chunk matches, so a single
        common word or number never outweighs the meaning of the whole question.
        """
        tokens = tokenize(query)
        if not tokens:
            return {}
        words, anchors = set(tokens), set(anchor_tokens(query))
        stems = set(stem_tokens(tokens, lang))
        scores = corpus.lexical_scores(sorted(words | stems))
        top = np.argsort(-scores)[: self.settings.dense_candidates // 3]
        rows = set(dense) | {int(r) for r in top if scores[r] > 0}
        out: dict[int, float] = {}
        for r in rows:
            if not corpus.allowed(r, mission, today_num):
                continue
            same_lang = lang is None or corpus.metas[r].get("lang") == lang
            value = (
                corpus.coverage(r, stems, stems)
                if same_lang
                else corpus.coverage(r, words, anchors)
            )
            if value > 0:
                out[r] = value
        return out

    def _one_per_text(
        self,
        corpus: Corpus,
        scored: list[tuple[float, int]],
        sims: Similarities,
        lexical: dict[int, float],
        lang: str | None,
        mission: str | None,
        today_num: int,
        k: int,
    ) -> list[Hit]:
        hits: list[Hit] = []
        seen: set[str] = set()
        for score, row in scored:
            cgroup = str(corpus.metas[row].get("cgroup", corpus.ids[row]))
            if cgroup in seen:
                continue
            seen.add(cgroup)
            siblings = [
                r for r in corpus.by_cgroup[cgroup] if corpus.allowed(r, mission, today_num)
            ]
            chosen = row
            # The user's language first; failing that English, the most widely read.
            for preferred in (lang, PIVOT) if lang else ():
                if corpus.metas[row].get("lang") == preferred:
                    break
                own = [r for r in siblings if corpus.metas[r].get("lang") == preferred]
                if own:
                    sims.complete(own)
                    chosen = max(own, key=sims.score)
                    break
            hits.append(
                Hit(
                    id=corpus.ids[chosen],
                    text=corpus.texts[chosen],
                    metadata=corpus.metas[chosen],
                    score=score,
                    dense=sims.score(row),
                    lexical=lexical.get(row, 0.0),
                    matched_lang=str(corpus.metas[row].get("lang", "")),
                    window=sims.window(chosen),
                )
            )
            if len(hits) >= k:
                break
        return hits
