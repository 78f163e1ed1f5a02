"""Turn an Answer into Telegram HTML: escaped text, citation links, parts that fit a message.

Every piece of content goes through `html.escape`; the only tags emitted are `<a>` with an
http(s) URL and `<b>`. Long answers are split as plain text first, then each part is
formatted, so a tag or an entity is never cut in half.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from bot.answering.models import Source
from bot.channels.telegram.strings import ui
from bot.i18n import t

TELEGRAM_LIMIT = 4096  # characters (UTF-16 code units) in one message
CITATION = re.compile(r"\[(\d{1,3})\]")
# A sentence ends at terminal punctuation (plus closing quotes and citation markers) and
# the spaces after it, after a CJK full stop, or at a line break.
BOUNDARY = re.compile(
    r"[.!?…]+[\"'»”’)]*(?:\s*\[\d{1,3}\])*(?:\s+|$)|[。！？](?:\[\d{1,3}\])*\s*|\n+"
)
WORD = re.compile(r"\S+\s*|\s+")


def tg_len(text: str) -> int:
    """Return the length of `text` as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def safe_url(url: str | None) -> str | None:
    """Return `url` when it is an absolute http(s) URL, else None."""
    url = (url or "").strip()
    if not url or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return url


def link(url: str, label: str) -> str:
    """Return an HTML link; both the URL and the label are escaped."""
    return f'<a href="{html.escape(url)}">{html.escape(label)}</a>'


def shorten(text: str, width: int) -> str:
    """Return `text` on one line, cut to `width` characters (at a word) with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    at_space = cut.rsplit(" ", 1)[0]  # prefer a word boundary unless it loses too much
    return (at_space if len(at_space) > width // 2 else cut).rstrip(" ,;:—-") + "…"


def format_text(text: str, sources: Sequence[Source]) -> str:
    """Escape plain `text` and turn each citation marker [n] into a link to source n."""

    def cite(match: re.Match[str]) -> str:
        n = int(match.group(1))
        url = safe_url(sources[n - 1].url) if 1 <= n <= len(sources) else None
        return link(url, f"[{n}]") if url else match.group(0)

    return CITATION.sub(cite, html.escape(text))


def format_sources(sources: Sequence[Source], lang: str) -> str:
    """Return the short numbered list of sources shown under an answer."""
    lines = [f"<b>{html.escape(t('sources', lang))}</b>"]
    for n, source in enumerate(sources, 1):
        title = shorten(source.title or source.url, 90)
        url = safe_url(source.url)
        lines.append(f"{n}. {link(url, title)}" if url else f"{n}. {html.escape(title)}")
    return "\n".join(lines)


def format_sources_full(sources: Sequence[Source], lang: str) -> str:
    """Return every source with its title, address and publication date (for /sources)."""
    blocks = [f"<b>{html.escape(t('sources', lang))}</b>"]
    for n, source in enumerate(sources, 1):
        lines = [f"{n}. <b>{html.escape(shorten(source.title or source.url, 200))}</b>"]
        url = safe_url(source.url)
        lines.append(link(url, url) if url else html.escape(source.url))
        if source.published:
            lines.append(html.escape(ui("published", lang, date=source.published)))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def split_plain(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut plain `text` into the fewest parts that fit, at sentence ends whenever possible."""
    parts: list[str] = []
    current = ""
    for piece in _pieces(text.strip(), fits):
        if fits((current + piece).strip()):
            current += piece
            continue
        if current.strip():
            parts.append(current.strip())
        current = piece
    if current.strip():
        parts.append(current.strip())
    return parts


def render_answer(
    text: str, sources: Sequence[Source], lang: str, limit: int = TELEGRAM_LIMIT
) -> list[str]:
    """Return the HTML messages of an answer: its parts, the sources list under the last."""

    def fits(chunk: str) -> bool:
        return tg_len(format_text(chunk, sources)) <= limit

    parts = [format_text(part, sources) for part in split_plain(text, fits)]
    if sources:
        listing = format_sources(sources, lang)
        if parts and tg_len(parts[-1] + "\n\n" + listing) <= limit:
            parts[-1] += "\n\n" + listing
        else:
            parts.append(listing)
    return parts


def _pieces(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Split `text` into sentences (with their trailing spaces); cut any that cannot fit."""
    pieces: list[str] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        if match.end() > start:
            pieces.append(text[start : match.end()])
            start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    out: list[str] = []
    for piece in pieces:
        out.extend([piece] if fits(piece.strip()) else _cut(piece, fits))
    return out


def _cut(piece: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut one over-long sentence between words, and an over-long word between characters."""
    out: list[str] = []
    for word in WORD.findall(piece):
        while not fits(word.strip()):
            lo, hi = 1, len(word)
            while lo < hi:  # longest prefix that fits
                mid = (lo + hi + 1) // 2
                lo, hi = (mid, hi) if fits(word[:mid]) else (lo, mid - 1)
            out.append(word[:lo])
            word = word[lo:]
        out.append(word)
    return out
