"""Vietnamese place names typed without diacritics are searched as the content spells them."""

from __future__ import annotations

from bot.retrieval.names import NameRestorer, fold

CONTENT = [
    "The battle of Điện Biên Phủ ended on 7 May 1954.",
    "E-visa holders can land at Đà Nẵng, Cam Ranh and Phú Quốc. Hội An is near Đà Nẵng.",
    "Ho Chi Minh City is the largest city. The Thái are one of 54 ethnic groups.",
    "Hạ Long Bay is a UNESCO World Heritage Site. Tết is the Lunar New Year.",
]


def test_fold_strips_vietnamese_diacritics() -> None:
    assert fold("Điện Biên Phủ") == "dien bien phu"
    assert fold("Đà Nẵng") == "da nang"


def test_names_typed_without_diacritics_are_restored() -> None:
    names = NameRestorer(CONTENT)
    assert (
        names.restore("When was the battle of Dien Bien Phu won?")
        == "When was the battle of Điện Biên Phủ won?"
    )
    assert names.restore("Can I fly to Danang or Phu Quoc?") == "Can I fly to Đà Nẵng or Phú Quốc?"
    assert (
        names.restore("DA NANG to Hoi An, then Ha Long Bay")
        == "Đà Nẵng to Hội An, then Hạ Long Bay"
    )


def test_ordinary_words_and_the_contents_own_spellings_stay_as_typed() -> None:
    names = NameRestorer(CONTENT)
    # One-syllable names are ordinary words too ("Thai", "Tet" stays E5's business).
    assert (
        names.restore("Do Thai citizens need a visa for Tet?")
        == "Do Thai citizens need a visa for Tet?"
    )
    # The content writes "Ho Chi Minh City" itself: nothing to restore.
    assert names.restore("Where is Ho Chi Minh City?") == "Where is Ho Chi Minh City?"
    # Already spelled right, lowercase prose, or a name the content never uses.
    for question in ("Is Phú Quốc visa-free?", "is phu quoc visa-free?", "Is Bali visa-free?"):
        assert names.restore(question) == question


def test_no_content_no_change() -> None:
    assert NameRestorer([]).restore("Dien Bien Phu") == "Dien Bien Phu"
