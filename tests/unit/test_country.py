"""Finding the other countries a question names, in its own language."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.answering.country import swap_countries
from bot.sites import Site


@pytest.mark.parametrize(
    ("text", "lang", "swapped"),
    [
        ("What is the capital of Australia?", "en", "What is the capital of Vietnam?"),
        ("Quelle est la capitale du Pérou ?", "fr", "Quelle est la capitale du Viêt Nam ?"),
        ("老挝用的是什么货币？", "zh", "越南用的是什么货币？"),
        # Russian declines names: "в Японии" is Japan too.
        ("Сколько человек живёт в Японии?", "ru", "Сколько человек живёт в Вьетнам?"),
        ("Người Việt xin visa Hàn Quốc", "vi", "Người Việt xin visa Việt Nam"),
        # English names are found in any language ("Canada" in a French sentence).
        ("Le Canada et la France", "fr", "Le Viêt Nam et la Viêt Nam"),
    ],
)
def test_other_countries_are_replaced_by_viet_nam(text: str, lang: str, swapped: str) -> None:
    assert swap_countries(text, lang) == swapped


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("What is the capital of Viet Nam?", "en"),  # Viet Nam itself
        ("Вьетнама и Вьетнаму", "ru"),
        ("When did Viet Nam join the United Nations?", "en"),  # not a country
        ("Is the EU trade deal in force?", "en"),
        ("Where is the embassy?", "zz"),  # an unknown language falls back to English names
        ("Romanian food", "en"),  # names are whole words: no "Oman" in "Romanian"
        ("How much is the e-visa fee?", "en"),
    ],
)
def test_questions_naming_no_other_country_are_left_alone(text: str, lang: str) -> None:
    assert swap_countries(text, lang) is None


def test_the_embassys_host_country_is_kept() -> None:
    assert swap_countries("日本で交通事故にあったら？", "ja", keep="JP") is None
    assert swap_countries("日本で交通事故にあったら？", "ja") == "ベトナムで交通事故にあったら？"


def test_a_sites_host_country_is_an_iso_code() -> None:
    assert Site(id="embassy-jp", country="JP").country == "JP"
    with pytest.raises(ValidationError):
        Site(id="embassy-jp", country="Japan")
