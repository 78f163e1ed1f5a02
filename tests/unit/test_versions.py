"""The translation check: a language version must say what its English original says."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.versions import check, main, numbers

REPO = Path(__file__).resolve().parents[2]

ENGLISH = """---
title: E-visa
url: https://evisa.gov.vn/
lang: en
group: visa-evisa
valid_until: 2027-06-30
---

# E-visa

## Fee

The fee is 25 USD for a single entry and 50 USD for multiple entries, paid at https://evisa.gov.vn.

## Population

About 100 million people live in Viet Nam, since the 17th century.
"""


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


def test_a_faithful_translation_passes(tmp_path: Path) -> None:
    write(tmp_path, "evisa.en.md", ENGLISH)
    write(
        tmp_path,
        "evisa.ja.md",
        ENGLISH.replace("lang: en", "lang: ja")
        .replace(
            "The fee is 25 USD for a single entry and 50 USD",
            "手数料は1回入国25米ドル、数次50米ドル",
        )
        .replace("About 100 million people live in Viet Nam", "約1億人が暮らしています"),
    )
    write(
        tmp_path,
        "evisa.es.md",
        ENGLISH.replace("lang: en", "lang: es").replace("the 17th century", "el siglo XVII"),
    )
    assert check(tmp_path) == []


def test_a_dropped_fee_a_lost_link_and_a_missing_section_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "evisa.en.md", ENGLISH)
    broken = (
        ENGLISH.replace("lang: en", "lang: fr")
        .replace(" and 50 USD for multiple entries", "")
        .replace("https://evisa.gov.vn.", "le portail.")
        .replace("## Population\n", "")
        .replace("valid_until: 2027-06-30", "valid_until: 2029-01-01")
    )
    write(tmp_path, "evisa.fr.md", broken)
    problems = [str(p) for p in check(tmp_path)]
    assert any("numbers missing: 50" in p for p in problems)
    assert any("links missing: https://evisa.gov.vn" in p for p in problems)
    assert any("1 sections" in p for p in problems)
    assert any("valid_until" in p for p in problems)
    assert all(p.startswith("evisa.fr.md: ") for p in problems)
    assert main([str(tmp_path)]) == 1


def test_number_formats_of_every_language_are_the_same_number() -> None:
    for text in ("5,000 USD", "5.000 USD", "5 000 USD", "5000 USD"):
        assert "5000" in numbers(text)
    assert numbers("100 million")["100"] == numbers("1億")["1"] == numbers("1 亿")["1"]
    assert numbers("1,5 milliard")["15"] == {"1500000000"}
    assert "101000000" in set().union(*numbers("約1億100万人").values())
    # A range shares its scale word: "15 to 16 billion" is 150亿至160亿.
    assert numbers("USD 15 to 16 billion")["15"] == numbers("150亿至160亿美元")["150"]


def test_the_bundled_translations_say_what_the_english_says() -> None:
    assert [str(p) for p in check(REPO / "knowledge_base")] == []


def test_the_east_sea_answers_state_the_position_never_a_bare_yes_or_no() -> None:
    # FAQ answers are served word for word to paraphrases of their question, whatever
    # its polarity: "No." answered "Do the archipelagos belong to another country?" and
    # also "Are the Spratlys Vietnamese?". On sovereignty every answer states the position.
    import re

    bare = re.compile(r"^(yes|no|oui|non|sí|да|нет|có|không|是|不是|はい|いいえ)\b[.,。、，]", re.I)
    faqs = sorted((REPO / "knowledge_base/national/faq").glob("faq.*.md"))
    assert len(faqs) == 7
    for path in faqs:
        text = path.read_text(encoding="utf-8")
        entries = re.findall(r"^## .*\{#(east-sea-[\w-]+)\}\n\n(.+)$", text, re.MULTILINE)
        assert len(entries) >= 4, path.name
        for entry, answer in entries:
            assert not bare.match(answer), f"{path.name} {entry}: {answer[:40]}"
