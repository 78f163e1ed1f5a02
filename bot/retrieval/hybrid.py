"""Dense retrieval from Chroma, nudged by lexical evidence where it can help."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.config import Settings
from bot.retrieval.corpus import Corpus, load_corpus
from bot.text import anchor_tokens, tokenize


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

    @property
    def lang(self) -> str:
        """Return the chunk's language."""
        return str(self.metadata.get("lang", ""))


class HybridRetriever:
    """Search the index with a site's scope, freshness and language preferences."""

    def __init__(self, settings: Settings, collection: Any, embeddings: Embeddings) -> None:
        """Keep handles; the corpus cache is loaded lazily and refreshed on change."""
        self.settings = settings
        self.collection = collection
        self.embeddings = embeddings
        self._corpus: Corpus | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Reload the corpus cache (after an ingest)."""
        with self._lock:
            self._corpus = load_corpus(self.collection)
            self._checked = time.monotonic()

    @property
    def corpus(self) -> Corpus:
        """Return the corpus cache, reloading it if another process changed the index."""
        now = time.monotonic()
        if self._corpus is None or now - self._checked > 15:
            self._checked = now
            if self._corpus is None or self.collection.count() != len(self._corpus):
                self.refresh()
        assert self._corpus is not None
        return self._corpus

    def embed(self, query: str) -> np.ndarray[Any, Any]:
        """Embed a question."""
        return np.asarray(self.embeddings.embed_query(query), dtype=np.float32)

    def search(
        self,
        query: str,
        *,
        lang: str | None = None,
        mission: str | None = None,
        k: int | None = None,
        today: date | None = None,
        vector: np.ndarray[Any, Any] | None = None,
    ) -> list[Hit]:
        """Return the best chunks for `query`, one per text, preferring the user's language."""
        corpus = self.corpus
        if not len(corpus):
            return []
        k = k or self.settings.top_k
        today_num = int((today or date.today()).strftime("%Y%m%d"))
        qvec = self.embed(query) if vector is None else vector
        dense = self._dense(corpus, qvec, mission, today_num)
        lexical = self._lexical(corpus, query, lang, dense, mission, today_num)
        rows = set(dense) | set(lexical)
        missing = [r for r in rows if r not in dense]
        dense.update(self._similarities(corpus, qvec, missing))
        weight, bonus = self.settings.lexical_weight, self.settings.cross_language_bonus

        def fused(r: int) -> float:
            extra = bonus if lang and corpus.lacks_language(r, lang) else 0.0
            return dense[r] + weight * lexical.get(r, 0.0) + extra

        scored = sorted(((fused(r), r) for r in rows), reverse=True)
        return self._one_per_text(corpus, scored, dense, lexical, qvec, lang, mission, today_num, k)

    def _dense(
        self, corpus: Corpus, qvec: np.ndarray[Any, Any], mission: str | None, today_num: int
    ) -> dict[int, float]:
        """Return cosine similarities of the nearest chunks this site may serve today.

        An unfiltered HNSW query takes under a millisecond on 50,000 chunks; Chroma's
        metadata filter makes it a scan (over 200 ms). So over-fetch, filter here, and use
        the filtered query only when too few allowed chunks come back.
        """
        want = min(self.settings.dense_candidates, len(corpus))
        out = self._query(corpus, qvec, min(3 * want, len(corpus)), None)
        out = {r: s for r, s in out.items() if corpus.allowed(r, mission, today_num)}
        if len(out) < min(want, self.settings.top_k * 2):
            missions = ["", mission] if mission else [""]
            where: dict[str, Any] = {
                "$and": [{"mission": {"$in": missions}}, {"valid_until_num": {"$gte": today_num}}]
            }
            filtered = self._query(corpus, qvec, want, where)
            out.update({r: s for r, s in filtered.items() if corpus.allowed(r, mission, today_num)})
        return out

    def _query(
        self, corpus: Corpus, qvec: np.ndarray[Any, Any], n: int, where: dict[str, Any] | None
    ) -> dict[int, float]:
        res = self.collection.query(
            query_embeddings=[qvec.tolist()], n_results=n, where=where, include=["distances"]
        )
        out: dict[int, float] = {}
        for cid, dist in zip(res["ids"][0], res["distances"][0], strict=True):
            row = corpus.row.get(cid)
            if row is not None:
                out[row] = 1.0 - float(dist)
        return out

    def _lexical(
        self,
        corpus: Corpus,
        query: str,
        lang: str | None,
        dense: dict[int, float],
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
        scores = corpus.lexical_scores(tokens)
        top = np.argsort(-scores)[: self.settings.dense_candidates // 3]
        rows = set(dense) | {int(r) for r in top if scores[r] > 0}
        out: dict[int, float] = {}
        for r in rows:
            if not corpus.allowed(r, mission, today_num):
                continue
            same_lang = lang is None or corpus.metas[r].get("lang") == lang
            value = corpus.coverage(r, words, words if same_lang else anchors)
            if value > 0:
                out[r] = value
        return out

    def _similarities(
        self, corpus: Corpus, qvec: np.ndarray[Any, Any], rows: list[int]
    ) -> dict[int, float]:
        if not rows:
            return {}
        got = self.collection.get(ids=[corpus.ids[r] for r in rows], include=["embeddings"])
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        sims = vectors @ qvec / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(qvec) + 1e-9)
        return {corpus.row[cid]: float(s) for cid, s in zip(got["ids"], sims, strict=True)}

    def _one_per_text(
        self,
        corpus: Corpus,
        scored: list[tuple[float, int]],
        dense: dict[int, float],
        lexical: dict[int, float],
        qvec: np.ndarray[Any, Any],
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
            for preferred in (lang, "en") if lang else ():
                if corpus.metas[row].get("lang") == preferred:
                    break
                own = [r for r in siblings if corpus.metas[r].get("lang") == preferred]
                if own:
                    sims = self._similarities(corpus, qvec, [r for r in own if r not in dense])
                    sims.update({r: dense[r] for r in own if r in dense})
                    chosen = max(own, key=lambda r: sims.get(r, -1.0))
                    break
            hits.append(
                Hit(
                    id=corpus.ids[chosen],
                    text=corpus.texts[chosen],
                    metadata=corpus.metas[chosen],
                    score=score,
                    dense=dense.get(row, 0.0),
                    lexical=lexical.get(row, 0.0),
                    matched_lang=str(corpus.metas[row].get("lang", "")),
                )
            )
            if len(hits) >= k:
                break
        return hits
