"""Script-aware text helpers: tokens for lexical search, sentences, input cleaning."""

from __future__ import annotations

import re
import unicodedata

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
    """Strip invisible tag/bidi characters and control characters; normalise spaces."""
    text = _INVISIBLE_RE.sub("", text)
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs"}
    )
    return re.sub(r"[ \t]+", " ", text).strip()
