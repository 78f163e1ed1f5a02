"""Script-aware text helpers."""

import pytest

from bot.language import choose_language, detect_language
from bot.text import (
    anchor_tokens,
    clean_input,
    search_terms,
    sentence_pieces,
    split_sentences,
    tokenize,
)


def test_tokenize_splits_words_and_cjk_bigrams() -> None:
    assert tokenize("Phí e-visa là 25 USD") == ["phí", "e", "visa", "là", "25", "usd"]
    assert tokenize("电子签证") == ["电子", "子签", "签证"]
    assert "1856" in tokenize("在1856年")


def test_sentences_split_in_every_script() -> None:
    text = "Hello there. How are you? 你好。我很好！ Xin chào. مرحبا؟ ok"
    assert split_sentences(text) == [
        "Hello there.", "How are you?", "你好。", "我很好！", "Xin chào.", "مرحبا؟", "ok",
    ]  # fmt: skip


def test_clean_input_strips_invisible_tag_and_control_characters() -> None:
    smuggled = "visa fee\U000e0049\U000e0047\U000e004e\x00\u202e please"
    assert clean_input(smuggled) == "visa fee please"


def test_anchor_tokens_keep_numbers_and_names_only() -> None:
    assert anchor_tokens("Wann wurde Tesla 1856 geboren?") == ["tesla", "1856"]


def test_clean_input_composes_letters_typed_with_combining_marks() -> None:
    import unicodedata

    typed = unicodedata.normalize("NFD", "Lệ phí thị thực")
    assert typed != "Lệ phí thị thực"
    assert clean_input(typed) == "Lệ phí thị thực"


def test_language_detection() -> None:
    assert detect_language("Combien coûte un e-visa ?") == "fr"
    assert detect_language("电子签证多少钱？") == "zh"
    assert detect_language("電子ビザはいくらですか") == "ja"
    assert detect_language("Phí thị thực điện tử là bao nhiêu?") == "vi"
    assert detect_language("كم تكلفة التأشيرة؟") == "ar"
    assert choose_language("Visa?", "ja") == "ja"  # too short to tell: the requested one
    assert choose_language("Сколько стоит виза во Вьетнам?", "en") == "ru"


@pytest.mark.parametrize(
    "question", ["¿Qué es el Tết?", "¿Qué es el phở?", "¡Hola! ¿Qué es Huế?", "Hola, ¿qué es Huế?"]
)
def test_short_spanish_questions_are_spanish(question: str) -> None:
    # Without the opening mark's evidence, lingua took these for French.
    assert choose_language(question, None) == "es"


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        # A Vietnamese name inside a sentence, with or without its diacritics, says nothing
        # about the language: "Who was Ho Chi Minh?" had been answered in Vietnamese.
        ("Who was Ho Chi Minh?", "en"),
        ("Who was Hồ Chí Minh?", "en"),
        ("Where is Hoi An?", "en"),
        ("Qui était Ho Chi Minh ?", "fr"),
        ("Qu'est-ce que Hoi An ?", "fr"),
        ("Wer war Ho Chi Minh?", "de"),
        ("Was ist Nha Trang?", "de"),
        # ...while Vietnamese typed without diacritics stays Vietnamese.
        ("Ho Chi Minh la ai?", "vi"),
        ("Co can visa khong", "vi"),
        ("Phu Quoc o dau", "vi"),
        ("Ben Thanh o dau", "vi"),
    ],
)
def test_vietnamese_names_inside_a_sentence_do_not_decide_its_language(
    question: str, lang: str
) -> None:
    assert choose_language(question, None) == lang


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("What does ¡Hola! mean in Vietnamese?", "en"),
        ("Tôi muốn hỏi ¿visa? bao nhiêu tiền một lần nhập cảnh", "vi"),
    ],
)
def test_a_quoted_spanish_mark_does_not_make_a_question_spanish(question: str, lang: str) -> None:
    assert choose_language(question, None) == lang


def test_every_message_formats_in_every_language() -> None:
    from bot.i18n import MESSAGES, SUPPORTED_LANGUAGES, t

    for key, table in MESSAGES.items():
        assert set(table) == set(SUPPORTED_LANGUAGES), key
        for lang in SUPPORTED_LANGUAGES:
            text = t(key, lang, name="X")
            assert "{" not in text, (key, lang)


def test_a_vietnamese_place_name_does_not_make_a_question_vietnamese() -> None:
    assert detect_language("¿Cuántos habitantes tiene la ciudad de Đà Lạt?") == "es"
    assert detect_language("What is Huế famous for?") == "en"
    assert detect_language("Đà Nẵng ở đâu?") == "vi"
    # Several names in one short question: still the language of the other words.
    q = "En quelle année Ngô Quyền a-t-il remporté la bataille du Bạch Đằng ?"
    assert detect_language(q) == "fr"
    assert detect_language("Where is Phú Quốc and how do I get to Hạ Long Bay?") == "en"
    assert detect_language("Hồ Chí Minh sinh năm nào?") == "vi"
    # French shares â, ê and ô with Vietnamese.
    assert detect_language("Quelle fête honore les rois Hùng à Phú Thọ ?") == "fr"


def test_vietnamese_typed_without_diacritics_is_vietnamese() -> None:
    assert detect_language("le phi thi thuc dien tu la bao nhieu?") == "vi"
    assert detect_language("toi bi mat ho chieu thi phai lam sao") == "vi"
    assert detect_language("ban toi nguoi Belarus sang VN choi khong can visa bao lau?") == "vi"
    # Short plain sentences in other languages keep their language.
    assert detect_language("Le visa coute combien ?") == "fr"
    assert detect_language("Do I need a visa to go to Hanoi?") == "en"
    assert detect_language("que hay en la mesa") == "es"


def test_search_terms_join_the_forms_of_a_word_in_its_language() -> None:
    plural = search_terms("Les partenariats stratégiques globaux", "fr")
    singular = search_terms("un partenariat stratégique global", "fr")
    assert {"partenariat", "strateg", "global"} <= set(plural) & set(singular)
    assert search_terms("Visas and applications", "en") == search_terms(
        "visa and application", "en"
    )
    assert search_terms("Визы и заявления", "ru") == search_terms("виза и заявление", "ru")
    # Languages that do not inflect keep their tokens as they are.
    assert search_terms("thị thực điện tử", "vi") == tokenize("thị thực điện tử")
    assert search_terms("电子签证", "zh") == tokenize("电子签证")


@pytest.mark.parametrize(
    "text",
    [
        "Airports are:\nNội Bài (Hà Nội);\nĐà Nẵng.\n\nAsk at the gate. [1]",
        "ベトナムの首都はハノイです。最大の都市はホーチミン市です。[1]",
        "首都是河内。  最大城市是胡志明市！",
        "One sentence only",
        "",
    ],
)
def test_sentence_pieces_join_back_to_the_text_exactly(text: str) -> None:
    pieces = sentence_pieces(text)
    assert "".join(pieces) == text
    assert all(pieces)


def test_sentence_pieces_cut_after_sentence_ends_and_line_breaks() -> None:
    assert sentence_pieces("Hà Nội.\nHuế. Đà Nẵng。東京") == [
        "Hà Nội.\n",
        "Huế. ",
        "Đà Nẵng。",
        "東京",
    ]
