"""Check that every language version of a text says what its English original says.

    python -m bot.knowledge.versions [knowledge_dir] [--lang ja]

A translation that drops a fee, a date, a phone number or a web address is a wrong
official answer in that language. For each `group` published in English, every other
version must carry the same section structure (its `##` headings, so passages line up
across languages), the same links, the same `url`/`valid_until`, and every number of the
English text (digits compared without thousands separators; extra numbers are fine, as
in dates written with month numbers). FAQ versions must have the same entry ids.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.documents import ContentFile
from bot.knowledge.loaders import LoadError, iter_content_files, load_file

PIVOT = "en"
_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+(?:[.,]\d+)?)(?![\d])\s*"
    r"(million|millions|millones|milliards?|billion|billions|млн|миллион\w*|млрд|миллиард\w*"
    r"|triệu|tỷ|万|萬|亿|億)?",
    re.IGNORECASE,
)
_RANGE = re.compile(
    r"\s*(?:to|and|or|-|–|—|à|a|et|y|до|и|đến|-|至|到|～|〜|から)\s*", re.IGNORECASE
)
_COMPOUND = re.compile(r"(\d+)\s*[億亿]\s*(\d{1,4}|\d,\d{3})\s*[万萬]")
_ROMAN = re.compile(r"\b([XVI]{2,6})(?:e|ème)?\b")
_SCALE = {
    "million": 6, "millions": 6, "millones": 6, "млн": 6, "миллион": 6, "triệu": 6,
    "milliard": 9, "milliards": 9, "billion": 9, "billions": 9, "млрд": 9, "миллиард": 9,
    "tỷ": 9, "万": 4, "萬": 4, "亿": 8, "億": 8,
}  # fmt: skip
_LINK = re.compile(r"https?://[^\s)\]>\"'、。，]+")
_SECTION = re.compile(r"^##\s", re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    """One difference between a version and its English original."""

    source: str
    message: str

    def __str__(self) -> str:
        """Return `source: message`."""
        return f"{self.source}: {self.message}"


def numbers(text: str) -> dict[str, set[str]]:
    """Return the numbers in `text`: digits (no thousands separators) → value with its scale.

    `5,000`, `5 000` and `5.000` are all `5000`; `100 million`, `1億` and `1 亿` all have
    the value 100000000, so a translation may use its own language's large-number words.
    """
    found: dict[str, set[str]] = defaultdict(set)
    matches = list(_NUMBER.finditer(text))
    for i, match in enumerate(matches):
        raw, scale = match.group(1), (match.group(2) or "").lower()
        following = matches[i + 1] if i + 1 < len(matches) else None
        if not scale and following and _RANGE.fullmatch(text[match.end() : following.start()]):
            scale = (following.group(2) or "").lower()  # "15 to 16 billion": both are billions
        if re.fullmatch(r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+", raw):
            digits, decimals = re.sub(r"\D", "", raw), ""
        else:
            digits, _, decimals = raw.replace(",", ".").partition(".")
        power = next((p for word, p in _SCALE.items() if scale.startswith(word)), 0)
        value = digits + decimals
        if power:
            value = str(int(digits + decimals) * 10 ** (power - len(decimals)))
        found[digits + decimals].add(value)
    # 1億100万 is one number: 101,000,000.
    for match in _COMPOUND.finditer(text):
        total = int(match.group(1)) * 10**8 + int(match.group(2).replace(",", "")) * 10**4
        found[f"{match.group(1)}+{match.group(2)}"].add(str(total))
    # Centuries are often written in Roman numerals (siglo XVII, XVIIe siècle, XVII век).
    for match in _ROMAN.finditer(text):
        value = str(_roman(match.group(1)))
        found[value].add(value)
    return dict(found)


def _roman(numeral: str) -> int:
    values = [{"I": 1, "V": 5, "X": 10}[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def links(text: str) -> set[str]:
    """Return the web addresses in `text`, without trailing punctuation."""
    return {m.group().rstrip(".,;:") for m in _LINK.finditer(text)}


def compare(original: ContentFile, version: ContentFile) -> list[Problem]:
    """Return how `version` departs from `original` (empty when consistent)."""
    problems: list[Problem] = []

    def report(message: str) -> None:
        problems.append(Problem(version.source, message))

    for name in ("url", "kind", "valid_until", "mission"):
        if getattr(original, name) != getattr(version, name):
            report(f"{name} is {getattr(version, name)!r}, English has {getattr(original, name)!r}")
    if original.faq or version.faq:
        mine = {e.id for e in version.faq}
        theirs = {e.id for e in original.faq}
        if mine != theirs:
            report(
                f"FAQ ids differ: missing {sorted(theirs - mine)}, extra {sorted(mine - theirs)}"
            )
        by_id = {e.id: e for e in version.faq}
        for entry in original.faq:
            if entry.id in by_id:
                _compare_text(entry.answer, by_id[entry.id].answer, f"entry {entry.id}: ", report)
        return problems
    ours, theirs_n = len(_SECTION.findall(version.text)), len(_SECTION.findall(original.text))
    if ours != theirs_n:
        report(f"{ours} sections (## headings), English has {theirs_n}")
    _compare_text(original.text, version.text, "", report)
    return problems


def _compare_text(original: str, version: str, prefix: str, report: object) -> None:
    assert callable(report)
    ours, theirs = numbers(version), numbers(original)
    values = set().union(*ours.values())
    missing = sorted(
        (n for n, v in theirs.items() if n not in ours and not v & values),
        key=lambda n: (len(n), n),
    )
    if missing:
        report(f"{prefix}numbers missing: {', '.join(missing)}")
    lost = sorted(links(original) - links(version))
    if lost:
        report(f"{prefix}links missing: {', '.join(lost)}")


def check(root: Path, lang: str | None = None) -> list[Problem]:
    """Compare every non-English version under `root` with its English original."""
    groups: dict[tuple[str, str], dict[str, ContentFile]] = defaultdict(dict)
    problems: list[Problem] = []
    for path in iter_content_files(root):
        source = path.relative_to(root).as_posix()
        try:
            content = load_file(path, source, path.read_bytes())
        except LoadError as exc:
            problems.append(Problem(source, f"cannot be loaded: {exc}"))
            continue
        groups[(content.group, content.mission)][content.lang] = content
    for versions in groups.values():
        original = versions.get(PIVOT)
        if original is None:
            continue
        for code, version in sorted(versions.items()):
            if code != PIVOT and (lang is None or code == lang):
                problems.extend(compare(original, version))
    return problems


def main(argv: list[str] | None = None) -> int:
    """Print the problems; exit 1 when there are any."""
    parser = argparse.ArgumentParser(prog="python -m bot.knowledge.versions", description=__doc__)
    parser.add_argument("root", nargs="?", type=Path, default=Path("knowledge_base"))
    parser.add_argument("--lang", help="check only this language's versions")
    args = parser.parse_args(argv)
    problems = check(args.root, args.lang)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
