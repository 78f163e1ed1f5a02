"""Put the tone marks back into Vietnamese questions typed without any.

"nam hoc bat dau vao thang may?" is how many people type Vietnamese on a phone or a
foreign keyboard. Without its diacritics every syllable is ambiguous (ma: ma, má, mà,
mả, mã, mạ) and neither E5 nor the lexical index links it to the official text. The
Vietnamese content itself is the dictionary: each syllable typed plainly becomes the
spelling that best fits its neighbours in the content (a bigram model decoded with
Viterbi), so "truong dai hoc" becomes "trường đại học". Syllables the content never
uses are left as typed.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources
from itertools import pairwise

from bot.retrieval.names import fold

_WORD = re.compile(r"[^\W\d_]+")
# A Latin letter with a mark (á, ư, đ, ệ…), or a combining mark: a question with one
# already has its diacritics. Curly quotes, emoji, × or ÷ do not count.
_MARKED = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u0300-\u036f]")
# Spellings kept per plain syllable, and the weight of a syllable's own frequency
# when a pair was never seen (interpolated smoothing).
_CANDIDATES = 6
_BACKOFF = 0.1


# Question phrases, which official prose lacks; counted as this many sentences each.
_QUESTIONS_WEIGHT = 5


def question_phrases() -> list[str]:
    """Return the bundled Vietnamese question phrases (comments left out)."""
    text = (resources.files("bot.retrieval") / "vi_questions.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


class AccentRestorer:
    """Restore Vietnamese diacritics from the syllable pairs of the Vietnamese content."""

    def __init__(self, texts: Iterable[str], phrases: Iterable[str] = ()) -> None:
        """Count every syllable and every pair of neighbouring syllables.

        `phrases` (how people ask: "cho tôi hỏi", "mấy giờ") count several times over, so
        a question's own words win over look-alikes common in prose ("tôi", not "tối").
        """
        unigrams: Counter[str] = Counter()
        self.bigrams: Counter[tuple[str, str]] = Counter()
        for text in [*texts, *(list(phrases) * _QUESTIONS_WEIGHT)]:
            for sentence in re.split(r"[.!?;:,\n()\"«»]+", text.lower()):
                words = _WORD.findall(sentence)
                unigrams.update(words)
                self.bigrams.update(pairwise(words))
        self.unigrams = unigrams
        self.total = sum(unigrams.values()) or 1
        by_plain: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for word, count in unigrams.items():
            if not _MARKED.search(fold(word)):
                by_plain[fold(word)].append((count, word))
        self.spellings = {
            plain: [w for _, w in sorted(forms, reverse=True)[:_CANDIDATES]]
            for plain, forms in by_plain.items()
        }

    def _logp(self, previous: str | None, word: str) -> float:
        """Return log P(word | previous), interpolated with the syllable's own frequency."""
        own = self.unigrams[word] / self.total
        if previous is None or not self.unigrams[previous]:
            return math.log(own + 1e-9)
        pair = self.bigrams[(previous, word)] / self.unigrams[previous]
        return math.log((1 - _BACKOFF) * pair + _BACKOFF * own + 1e-9)

    def restore(self, question: str) -> str:
        """Return the question with diacritics restored, if it was typed with none."""
        if not self.spellings or _MARKED.search(question):
            return question
        matches = list(_WORD.finditer(question))
        if not matches:
            return question
        choices = [self.spellings.get(m.group().lower(), [m.group().lower()]) for m in matches]
        # Viterbi over the candidate spellings; a run is broken where punctuation
        # or digits stand between two words.
        best: list[dict[str, tuple[float, str | None]]] = []
        for i, options in enumerate(choices):
            joined = i > 0 and question[matches[i - 1].end() : matches[i].start()].strip() == ""
            column: dict[str, tuple[float, str | None]] = {}
            for word in options:
                if not joined:
                    before = max(score for score, _ in best[-1].values()) if best else 0.0
                    column[word] = (before + self._logp(None, word), None)
                    continue
                paths = [(sc + self._logp(prev, word), prev) for prev, (sc, _) in best[-1].items()]
                column[word] = max(paths, key=lambda path: path[0])
            best.append(column)
        picked: list[str] = []
        word = max(best[-1], key=lambda w: best[-1][w][0])
        for i in range(len(best) - 1, -1, -1):
            picked.append(word)
            back = best[i][word][1]
            if i and back is None:
                word = max(best[i - 1], key=lambda w: best[i - 1][w][0])
            elif back is not None:
                word = back
        picked.reverse()
        out: list[str] = []
        pos = 0
        for match, word in zip(matches, picked, strict=True):
            typed = match.group()
            if word == typed.lower() or fold(word) != typed.lower():
                word = typed  # unchanged, or not a spelling of this syllable: as typed
            elif typed.isupper() and len(typed) > 1:
                word = word.upper()
            elif typed[0].isupper():
                word = word[0].upper() + word[1:]
            out.append(question[pos : match.start()])
            out.append(word)
            pos = match.end()
        out.append(question[pos:])
        return "".join(out)
