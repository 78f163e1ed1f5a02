"""Which mission a question on a national channel is about."""

from __future__ import annotations

import pytest

from bot.answering.missions import MissionRouter
from bot.sites import Site

NATIONAL = Site(id="default")
PARIS = Site(id="embassy-fr", mission="fr-paris", country="FR", places=["Paris", "巴黎", "Париж"])
TOKYO = Site(id="embassy-jp", mission="jp-tokyo", country="JP", places=["Tokyo", "東京", "도쿄"])
ROUTER = MissionRouter([NATIONAL, PARIS, TOKYO])


@pytest.mark.parametrize(
    ("question", "lang", "expected"),
    [
        ("What are the embassy's opening hours in Tokyo?", "en", TOKYO),
        ("東京の大使館の住所は？", "ja", TOKYO),
        ("도쿄에 있는 대사관 주소가 어디예요?", "ko", TOKYO),
        ("Как связаться с посольством в Париже?", "ru", PARIS),
        ("巴黎的大使馆几点开门？", "zh", PARIS),
        ("Đại sứ quán Việt Nam tại Nhật Bản ở đâu?", "vi", TOKYO),  # the host country
        ("Where is the Vietnamese embassy in France?", "en", PARIS),
    ],
)
def test_a_question_naming_one_mission_is_about_it(
    question: str, lang: str, expected: Site
) -> None:
    assert ROUTER.route(question, lang, NATIONAL) is expected


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("What are the embassy's opening hours?", "en"),  # names no mission
        ("Can I fly from Paris to Tokyo via Hà Nội?", "en"),  # names two
        ("Is Parisian food popular in Viet Nam?", "en"),  # a word that starts with a place
        ("Les paris sportifs sont-ils légaux au Viet Nam ?", "fr"),  # "bets", not the city
        ("How much is an e-visa?", "en"),
        # Japan's own embassy in Hanoi is not Viet Nam's embassy in Japan.
        ("ハノイにある日本大使館の領事窓口は何時に開きますか？", "ja"),
        ("Where is the Japanese embassy in Hanoi?", "en"),
        ("Quelle est l'adresse de l'ambassade de France à Hanoï ?", "fr"),
    ],
)
def test_other_questions_stay_national(question: str, lang: str) -> None:
    assert ROUTER.route(question, lang, NATIONAL) is None


def test_an_embassy_site_asked_about_another_mission_searches_that_missions_pages() -> None:
    assert ROUTER.route("Quels sont les horaires de l'ambassade à Tokyo ?", "fr", PARIS) is TOKYO
    # Its own city, its own country, or another country only: the site's own pages.
    assert ROUTER.route("Quels sont les horaires de l'ambassade à Paris ?", "fr", PARIS) is None
    assert ROUTER.route("Je vis en France, puis-je aller à Tokyo ?", "fr", PARIS) is None
    assert ROUTER.route("Je suis japonais, ai-je besoin d'un visa ?", "fr", PARIS) is None
    assert ROUTER.route("Je suis au Japon, où demander un visa ?", "fr", PARIS) is None
    assert MissionRouter([NATIONAL]).route("Embassy in Tokyo?", "en", NATIONAL) is None
