"""Script-aware text helpers: tokens for lexical search, sentences, input cleaning."""

from __future__ import annotations

import re
import threading
import unicodedata
from itertools import pairwise

import Stemmer

# Scripts written without spaces between words: index them as character bigrams.
_NO_SPACE = r"\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{_NO_SPACE}]+|[^\W_{_NO_SPACE}]+", re.UNICODE)
_NO_SPACE_RE = re.compile(rf"[{_NO_SPACE}]")
_NUMBER_RE = re.compile(r"\d")

# Sentence ends: Latin/Cyrillic/Arabic punctuation followed by space, or CJK full stops.
_SENTENCE_RE = re.compile(r"(?<=[.!?؟…])\s+(?=\S)|(?<=[。！？])\s*(?=\S)|\n+")

# Unicode "tag" characters (U+E0000–U+E007F) can smuggle invisible instructions;
# bidi overrides can disguise text. Control characters other than newline/tab go too.
_INVISIBLE_RE = re.compile("[\U000e0000-\U000e007f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")


def tokenize(text: str) -> list[str]:
    """Split text into lowercase search tokens (words; bigrams for CJK and Thai)."""
    tokens: list[str] = []
    for match in _TOKEN_RE.finditer(unicodedata.normalize("NFKC", text).lower()):
        piece = match.group()
        if _NO_SPACE_RE.match(piece):
            if len(piece) == 1:
                tokens.append(piece)
            tokens.extend(piece[i : i + 2] for i in range(len(piece) - 1))
        else:
            tokens.append(piece)
    return tokens


# Snowball stemmers for the inflected languages the bot serves ("partenariats" and
# "partenariat" are one search term); the others do not inflect words.
STEMMERS = {
    "ar": "arabic",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "id": "indonesian",
    "it": "italian",
    "pt": "portuguese",
    "ru": "russian",
    "tr": "turkish",
}
_local = threading.local()  # a Snowball stemmer must not be shared between threads


def stem_tokens(tokens: list[str], lang: str | None) -> list[str]:
    """Return the tokens stemmed for `lang` (unchanged for a language without a stemmer)."""
    name = STEMMERS.get(lang or "")
    if name is None or not tokens:
        return tokens
    cache: dict[str, Stemmer.Stemmer] = _local.__dict__.setdefault("stemmers", {})
    stemmer = cache.get(name)
    if stemmer is None:
        stemmer = cache[name] = Stemmer.Stemmer(name)
    return list(stemmer.stemWords(tokens))


def search_terms(text: str, lang: str | None) -> list[str]:
    """Return the lexical search terms of a text in `lang`: its tokens, stemmed."""
    return stem_tokens(tokenize(text), lang)


def has_digits(token: str) -> bool:
    """Return True for tokens such as numbers, years and codes."""
    return bool(_NUMBER_RE.search(token))


def anchor_tokens(text: str) -> list[str]:
    """Return tokens that match across languages: numbers, codes and capitalised names."""
    names = {m.lower() for m in re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w-]{2,}", text.strip())}
    return [t for t in tokenize(text) if has_digits(t) or t in names]


def split_sentences(text: str) -> list[str]:
    """Split text into sentences for any of the supported scripts."""
    parts = (p.strip() for p in _SENTENCE_RE.split(text))
    return [p for p in parts if p]


def sentence_pieces(text: str) -> list[str]:
    """Cut text after each sentence end; the pieces, joined, are exactly the text.

    Line breaks and spaces stay with the sentence before them, so a list keeps its lines
    and Chinese or Japanese text gains no spaces.
    """
    cuts = [0, *(m.end() for m in _SENTENCE_RE.finditer(text)), len(text)]
    return [text[a:b] for a, b in pairwise(cuts) if b > a]


_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")
_MD_MARKS = re.compile(r"(\*\*|__|`|^#+\s*|^\s*[-*+]\s+|^\s*\d+\.\s+|^>\s*)", re.MULTILINE)


def plain_text(markdown: str) -> str:
    """Strip Markdown syntax, keeping the words."""
    text = _MD_LINK.sub(r"\1", markdown)
    return _MD_MARKS.sub("", text).strip()


def chunk_body(text: str, heading: str) -> str:
    """Return a chunk's words without the heading line that was added for embedding."""
    if heading and text.startswith(heading):
        text = text[len(heading) :]
    return plain_text(text)


def clean_input(text: str) -> str:
    """Strip invisible tag/bidi characters and control characters; normalise spaces.

    Text is composed (NFC): some keyboards type "ệ" as e + two combining marks, which
    would match neither the content nor the lexical index.
    """
    text = unicodedata.normalize("NFC", _INVISIBLE_RE.sub("", text))
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs"}
    )
    return re.sub(r"[ \t]+", " ", text).strip()


def any_of(patterns: list[str]) -> re.Pattern[str]:
    """Return one case-insensitive pattern matching any of `patterns` (none: never)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", re.IGNORECASE)
