"""Finding the other countries a question names, in its own language."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.answering.country import about_foreign_entry, swap_countries
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
        # Short names CLDR does not list.
        ("Do I need an ETA for the UK?", "en", "Do I need an ETA for the Vietnam?"),
        ("한국 비자", "ko", "베트남 비자"),
        ("تأشيرة عمل في الإمارات", "ar", "تأشيرة عمل في فيتنام"),
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


@pytest.mark.parametrize(
    ("text", "lang", "foreign"),
    [
        # A Vietnamese person's visa, residence or nationality elsewhere: that country's.
        ("Người Việt xin visa du lịch Hàn Quốc cần chuẩn bị những giấy tờ gì?", "vi", True),
        ("Người Việt đi du lịch Singapore có phải xin visa không?", "vi", True),
        ("ベトナム人の妻が日本の永住権を申請するには？", "ja", True),
        ("베트남인 아내가 한국 결혼이민 비자를 받으려면?", "ko", True),
        ("Welches Visum braucht meine vietnamesische Verlobte für Deutschland?", "de", True),
        ("ما هي شروط حصول العامل الفيتنامي على تأشيرة عمل في الإمارات؟", "ar", True),
        ("My Vietnamese wife has a US green card. Does she need a visa for Japan?", "en", True),
        # Someone from another country coming to Viet Nam: Viet Nam's to answer.
        ("My wife is Vietnamese and I'm from the UK. Do I need a visa?", "en", False),
        ("Tôi là người Việt, chồng tôi quốc tịch Mỹ có cần xin visa không?", "vi", False),
        ("Chồng tôi người Mỹ, tôi là người Việt, anh ấy có cần xin visa không?", "vi", False),
        ("我是美国人，我太太是越南人，我需要签证吗？", "zh", False),
        ("アメリカ人の夫とベトナム人の私、夫はビザが必要ですか？", "ja", False),
        ("Je suis français, ma femme est vietnamienne, ai-je besoin d'un visa ?", "fr", False),
        # Viet Nam named as the destination, or Vietnamese origin with another passport.
        ("My Vietnamese wife lives in Japan: does she need a visa for Viet Nam?", "en", False),
        ("Người Việt ở Hàn Quốc về Việt Nam có cần visa không?", "vi", False),
        ("I'm of Vietnamese origin with a Canadian passport: do I need a visa?", "en", False),
        # No Vietnamese person, or no immigration matter.
        ("Do Japanese citizens need a visa?", "en", False),
        ("Người Việt ở Nhật Bản đông không?", "vi", False),
    ],
)
def test_a_vietnamese_persons_entry_into_another_country_is_told_apart(
    text: str, lang: str, foreign: bool
) -> None:
    assert about_foreign_entry(text, lang) is foreign


def test_a_residence_card_of_the_host_country_is_still_the_host_countrys() -> None:
    # Unlike the country check, the embassy's own country is not exempt: France issues
    # French residence cards, whichever site the question is asked on.
    assert about_foreign_entry("Người Việt ở Pháp xin thẻ cư trú Pháp cần giấy tờ gì?", "vi")
