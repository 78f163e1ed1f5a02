"""In-memory view of the indexed chunks: metadata, BM25 index, version bookkeeping."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import bm25s
import numpy as np

from bot.knowledge.splitting import parent_key
from bot.retrieval.accents import AccentRestorer, question_phrases
from bot.retrieval.names import NameRestorer
from bot.retrieval.store import pages
from bot.text import stem_tokens, tokenize

Meta = dict[str, Any]


class Corpus:
    """Every chunk's text and metadata plus a BM25 index, loaded from the collection."""

    def __init__(
        self,
        ids: list[str],
        texts: list[str],
        metas: list[Meta],
        windows: Sequence[tuple[str, Meta]] = (),
    ) -> None:
        """Build the lexical index, the group/version tables and the window links."""
        self.ids = ids
        self.texts = texts
        self.metas = metas
        self.row = {cid: i for i, cid in enumerate(ids)}
        # Every text is published in English, which keeps Vietnamese names' diacritics.
        self.names = NameRestorer(
            t for t, m in zip(texts, metas, strict=True) if m.get("lang") == "en"
        )
        # The Vietnamese texts spell every syllable with its tone marks.
        self.accents = AccentRestorer(
            (t for t, m in zip(texts, metas, strict=True) if m.get("lang") == "vi"),
            question_phrases(),
        )
        self.bm25: bm25s.BM25 | None = None
        # Words as written (names and numbers match across languages) and their stems
        # (a question matches every form of a word in its own language).
        tokens = []
        for text, meta in zip(texts, metas, strict=True):
            raw = tokenize(text)
            stems = stem_tokens(raw, str(meta.get("lang", "")))
            tokens.append(raw + [s for s, r in zip(stems, raw, strict=True) if s != r])
        self.token_sets = [frozenset(t) for t in tokens]
        df: Counter[str] = Counter(tok for toks in self.token_sets for tok in toks)
        n = len(ids)
        self.idf = {tok: math.log(1 + (n - d + 0.5) / (d + 0.5)) for tok, d in df.items()}
        self._max_idf = math.log(1 + (n + 0.5) / 0.5)
        if ids:
            self.bm25 = bm25s.BM25()
            self.bm25.index([t or ["\u2205"] for t in tokens], show_progress=False)
        newest: dict[tuple[str, str, str], int] = defaultdict(int)
        for meta in metas:
            key = _edition(meta)
            newest[key] = max(newest[key], int(meta.get("updated_num", 0) or 0))
        # An older version of the same text in the same language (for the same mission)
        # is never served.
        self.superseded = np.array(
            [int(m.get("updated_num", 0) or 0) < newest[_edition(m)] for m in metas], dtype=bool
        )
        # The languages some text is written in.
        self.languages = frozenset(str(m.get("lang", "")) for m in metas)
        self.group_langs: dict[str, set[str]] = defaultdict(set)
        for meta in metas:
            self.group_langs[str(meta.get("group", ""))].add(str(meta.get("lang", "")))
        self.by_cgroup: dict[str, list[int]] = defaultdict(list)
        for i, meta in enumerate(metas):
            self.by_cgroup[str(meta.get("cgroup", ids[i]))].append(i)
        # Sentence windows: extra vectors that each belong to one chunk row.
        by_key = {parent_key(m): i for i, m in enumerate(metas)}
        self.window: dict[str, tuple[int, int]] = {}
        self.windows_of: dict[int, list[str]] = defaultdict(list)
        for wid, meta in windows:
            row = by_key.get(str(meta.get("parent", "")))
            if row is not None:
                self.window[wid] = (row, int(meta.get("win", 0)))
                self.windows_of[row].append(wid)
        self.total = len(ids) + len(windows)

    def __len__(self) -> int:
        """Return the number of chunks."""
        return len(self.ids)

    def lexical_scores(self, tokens: list[str]) -> np.ndarray[Any, Any]:
        """Return BM25 scores of every chunk for `tokens` (zeros when no index)."""
        if self.bm25 is None or not tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)

    def lacks_language(self, row: int, lang: str) -> bool:
        """Return True when the text of chunk `row` has no version in `lang`."""
        return lang not in self.group_langs[str(self.metas[row].get("group", ""))]

    def versions(self, row: int, lang: str) -> list[int]:
        """Return the rows of the same passage (`cgroup`) in `lang`."""
        group = self.by_cgroup[str(self.metas[row].get("cgroup", self.ids[row]))]
        return [r for r in group if self.metas[r].get("lang") == lang]

    def coverage(self, row: int, query_tokens: set[str], counted: set[str]) -> float:
        """Return the share of the query's IDF mass that chunk `row` matches, in [0, 1].

        Only tokens in `counted` may match (all words for a chunk in the question's
        language; numbers, codes and names across languages).
        """
        total = sum(self.idf.get(t, self._max_idf) for t in query_tokens)
        if not total:
            return 0.0
        matched = query_tokens & counted & self.token_sets[row]
        return sum(self.idf[t] for t in matched) / total

    def allowed(self, row: int, mission: str | None, today_num: int) -> bool:
        """Return True when a chunk may be served to this site today."""
        meta = self.metas[row]
        if self.superseded[row] or int(meta.get("valid_until_num", 99991231)) < today_num:
            return False
        return meta.get("mission", "") in ("", mission or "")

    def source_served_at(self, url: str, today_num: int) -> str | None:
        """Return the content file of a text served at `url` today (None when none is)."""
        for row, meta in enumerate(self.metas):
            mission = str(meta.get("mission", "")) or None
            if meta.get("url") == url and self.allowed(row, mission, today_num):
                return str(meta.get("source", "")) or None
        return None


def _edition(meta: dict[str, Any]) -> tuple[str, str, str]:
    """Return what makes texts editions of one another: group, language and mission."""
    return str(meta.get("group", "")), str(meta.get("lang", "")), str(meta.get("mission", ""))


def load_corpus(collection: Any, page: int = 5000) -> Corpus:
    """Read every chunk (text + metadata, no vectors) and window link from a collection."""
    ids: list[str] = []
    texts: list[str] = []
    metas: list[Meta] = []
    windows: list[tuple[str, Meta]] = []
    for got in pages(collection, ["documents", "metadatas"], page):
        for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
            if (meta or {}).get("unit") == "window":
                windows.append((cid, dict(meta)))
            else:
                ids.append(cid)
                texts.append(doc or "")
                metas.append(dict(meta or {}))
    return Corpus(ids, texts, metas, windows)
