"""Other names visitors use for what the content names otherwise (names.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.retrieval.other_names import NamesFileError, OtherName, OtherNames

SPRATLY = OtherName(
    name={"en": "Trường Sa (Spratly)", "ru": "Чыонгша (острова Спратли)", "vi": "Trường Sa"},
    also=["Spratl*", "Спратл*", "南沙", "스프래틀리"],
)
NAMES = OtherNames([SPRATLY])


@pytest.mark.parametrize(
    ("question", "lang", "searched"),
    [
        (
            "Do the Spratly Islands belong to China?",
            "en",
            "Do the Spratly Islands belong to China? (Trường Sa (Spratly))",
        ),
        ("Are the Spratlys Chinese?", "en", "Are the Spratlys Chinese? (Trường Sa (Spratly))"),
        (
            "Принадлежат ли острова Спратли Китаю?",
            "ru",
            "Принадлежат ли острова Спратли Китаю? (Чыонгша (острова Спратли))",
        ),
        # No content in German or Korean: the English name is added.
        (
            "Gehören die Spratly-Inseln zu China?",
            "de",
            "Gehören die Spratly-Inseln zu China? (Trường Sa (Spratly))",
        ),
        (
            "스프래틀리 군도는 중국 땅인가요?",
            "ko",
            "스프래틀리 군도는 중국 땅인가요? (Trường Sa (Spratly))",
        ),
    ],
)
def test_a_question_using_another_name_is_searched_with_the_contents_name(
    question: str, lang: str, searched: str
) -> None:
    assert NAMES.expand(question, lang) == searched


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("What is Viet Nam's position on Trường Sa (Spratly)?", "en"),  # says it already
        ("Quần đảo Trường Sa thuộc tỉnh nào?", "vi"),
        ("Is the Unspratly a word?", "en"),  # only at the start of a word
        ("What is the capital of Viet Nam?", "en"),
    ],
)
def test_other_questions_are_left_as_asked(question: str, lang: str) -> None:
    assert NAMES.expand(question, lang) == question


def test_a_name_is_a_whole_word_unless_it_ends_with_a_star() -> None:
    tet = OtherNames([OtherName(name={"en": "Tết"}, also=["Tet"])])
    assert tet.expand("What is Tet?", "en") == "What is Tet? (Tết)"
    assert tet.expand("Do I need a tetanus shot?", "en") == "Do I need a tetanus shot?"
    assert tet.expand("Is Tetris popular?", "en") == "Is Tetris popular?"


def test_unmarked_vietnamese_names_are_left_to_the_respelling_in_vietnamese() -> None:
    # "pho" is phở to a visitor, but a Vietnamese reader typing without marks may mean
    # phố (street) or phó (deputy): the respelling of the whole sentence decides.
    names = OtherNames([OtherName(name={"en": "phở"}, also=["pho"])])
    assert names.expand("Where can I eat pho in Hanoi?", "en") == (
        "Where can I eat pho in Hanoi? (phở)"
    )
    assert names.expand("pho co Ha Noi o dau", "vi") == "pho co Ha Noi o dau"
    # A name that is not Vietnamese syllables still helps a Vietnamese question.
    spratly = OtherNames(
        [
            OtherName(
                name={"en": "Trường Sa (Spratly)", "vi": "Trường Sa"}, also=["Spratl*", "Truong Sa"]
            )
        ]
    )
    assert spratly.expand("Quần đảo Spratly của ai?", "vi") == (
        "Quần đảo Spratly của ai? (Trường Sa)"
    )
    assert spratly.expand("quan dao Truong Sa cua ai", "vi") == "quan dao Truong Sa cua ai"


@pytest.mark.parametrize(
    ("question", "expanded"),
    [
        ("南沙群岛属于哪个国家？", True),
        ("西沙諸島はどこの国の領土ですか", True),
        ("Who owns the Xisha Islands?", True),
        # A district of Guangzhou, a port and a person's name are not the islands.
        ("广州南沙区怎么去？", False),
        ("南沙港有直达越南的船吗？", False),
        ("Is Xisha a common name?", False),
    ],
)
def test_the_bundled_chinese_names_are_the_islands_only(question: str, expanded: bool) -> None:
    bundled = OtherNames.load(Path(__file__).resolve().parents[2] / "knowledge_base/names.yaml")
    lang = "ja" if "諸島" in question else ("en" if question.isascii() else "zh")
    assert (bundled.expand(question, lang) != question) is expanded


def test_the_bundled_names_file_loads(tmp_path: Path) -> None:
    bundled = OtherNames.load(Path(__file__).resolve().parents[2] / "knowledge_base/names.yaml")
    assert len(bundled) >= 2
    assert "Hoàng Sa" in bundled.expand("Who owns the Paracel Islands?", "en")
    assert OtherNames.load(tmp_path / "missing.yaml").expand("Spratly?", "en") == "Spratly?"


@pytest.mark.parametrize(
    "text",
    [
        "- name: {fr: mer Orientale}\n  also: [South China Sea]\n",  # no English name
        "- name: {en: East Sea}\n  also: []\n",  # no other name
        "name: East Sea\n",  # not a list
        "- name: {en: East Sea\n",  # not YAML
    ],
)
def test_a_broken_names_file_is_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "names.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NamesFileError, match=r"names\.yaml"):
        OtherNames.load(path)
