"""Put the Vietnamese diacritics back into place names typed without them.

Visitors write "Dien Bien Phu", "Hanoi" or "Phu Quoc"; the official texts write Điện
Biên Phủ, Hà Nội and Phú Quốc. To E5 and to the lexical index those are different
words, so a question about a place can miss the text about it. The names the content
itself uses are the dictionary: a capitalised ASCII run in a question that folds to one
of them is rewritten the way the content spells it, before the question is searched.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# A Vietnamese syllable is short; longer capitalised words ("Government") end a name.
_MAX_SYLLABLE = 7
_MAX_WORDS = 4


def fold(text: str) -> str:
    """Lowercase and strip diacritics (đ → d): "Điện Biên Phủ" → "dien bien phu"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _runs(text: str) -> Iterable[list[str]]:
    """Yield runs of consecutive capitalised, syllable-sized words."""
    run: list[str] = []
    last_end = -1
    for match in _WORD.finditer(text):
        word = match.group()
        joined = last_end >= 0 and text[last_end : match.start()] == " "
        if word[0].isupper() and len(word) <= _MAX_SYLLABLE:
            if run and not joined:
                yield run
                run = []
            run.append(word)
        elif run:
            yield run
            run = []
        last_end = match.end()
    if run:
        yield run


class NameRestorer:
    """Map diacritic-free spellings of the content's Vietnamese names to the real ones."""

    def __init__(self, texts: Iterable[str]) -> None:
        """Collect every name of 2 to 4 syllables that carries a Vietnamese diacritic.

        One-syllable names are left alone: "Thai", "Son" or "Le" are ordinary words too.
        A spelling the content itself uses without diacritics ("Ho Chi Minh City") is
        never rewritten.
        """
        counts: Counter[tuple[str, str]] = Counter()
        plain: set[str] = set()
        runs = Counter(tuple(run) for text in texts for run in _runs(text))
        for run, seen in runs.items():
            for i in range(len(run)):
                for n in range(1, min(_MAX_WORDS, len(run) - i) + 1):
                    words = run[i : i + n]
                    if all(w.isascii() for w in words):
                        plain.add(" ".join(words).lower())
                        plain.add("".join(words).lower())
                    elif n > 1:
                        name = " ".join(words)
                        counts[(fold(name), name)] += seen
                        counts[(fold("".join(words)), name)] += seen
        self.names: dict[str, str] = {}
        for (key, name), _ in counts.most_common():
            if key not in plain:
                self.names.setdefault(key, name)

    def __len__(self) -> int:
        """Return how many spellings are known."""
        return len(self.names)

    def restore(self, question: str) -> str:
        """Return the question with known names spelled as the content spells them."""
        if not self.names:
            return question
        matches = list(_WORD.finditer(question))
        out: list[str] = []
        pos = 0
        i = 0
        while i < len(matches):
            first = matches[i]
            found = None
            if first.group()[0].isupper() and first.group().isascii():
                for n in range(min(_MAX_WORDS, len(matches) - i), 0, -1):
                    span = matches[i : i + n]
                    gaps = [question[a.end() : b.start()] for a, b in pairwise(span)]
                    if any(g != " " for g in gaps) or not all(m.group().isascii() for m in span):
                        continue
                    name = self.names.get(fold(" ".join(m.group() for m in span)))
                    if name is not None:
                        found = (n, name)
                        break
            if found is None:
                i += 1
                continue
            n, name = found
            out.append(question[pos : first.start()])
            out.append(name)
            pos = matches[i + n - 1].end()
            i += n
        out.append(question[pos:])
        return "".join(out)
