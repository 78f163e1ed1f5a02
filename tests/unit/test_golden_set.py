"""The golden set stays true to the bundled content it is measured against."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from bot.evaluation.golden import fact_found, load_golden
from bot.knowledge.loaders import iter_content_files, load_file

REPO = Path(__file__).resolve().parents[2]


def served_texts() -> dict[str, dict[str, str]]:
    """Return group (or `faq#id`) → language → text, as the bot can serve it."""
    root = REPO / "knowledge_base"
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    for path in iter_content_files(root):
        content = load_file(path, path.relative_to(root).as_posix(), path.read_bytes())
        for entry in content.faq:
            texts[f"faq#{entry.id}"][content.lang] = entry.answer
        if not content.faq:
            versions = texts[content.group]
            versions[content.lang] = versions.get(content.lang, "") + content.text
    return texts


def test_every_key_fact_is_in_the_version_a_visitor_is_served() -> None:
    """A fact must occur in the question's language version of a listed group (else English)."""
    texts = served_texts()
    missing = []
    for item in load_golden(REPO / "bench/golden/golden.jsonl"):
        assert item.expect in {"answer", "decline"}, item.id
        for group in item.groups:
            assert group in texts, f"{item.id}: unknown group {group}"
        for fact in item.facts:
            versions = [texts[g].get(item.lang) or texts[g].get("en", "") for g in item.groups]
            if not any(fact_found(fact, text) for text in versions):
                missing.append(f"{item.id}: {fact}")
    assert missing == []


def test_the_golden_set_has_the_size_and_spread_the_issue_asks_for() -> None:
    items = load_golden(REPO / "bench/golden/golden.jsonl")
    answerable = [i for i in items if i.expect == "answer"]
    assert len(answerable) >= 200 and len({i.lang for i in answerable}) >= 10
    assert sum(i.expect == "decline" for i in items) >= 40
    assert any(i.history for i in items)
    assert {i.split for i in items} == {"dev", "test"}
