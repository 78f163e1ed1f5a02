"""Vietnamese typed without diacritics is respelled from the Vietnamese content."""

from __future__ import annotations

from bot.retrieval.accents import AccentRestorer, question_phrases

CONTENT = [
    "Sinh viên quốc tế nộp hồ sơ trực tiếp cho trường đại học. Năm học bắt đầu vào tháng 9.",
    "Lệ phí thị thực điện tử là 25 USD. Thị thực điện tử có giá trị tối đa 90 ngày.",
    "Mất hộ chiếu ở nước ngoài, công dân báo cho đại sứ quán. Ma túy bị cấm.",
    "Tôi có thể làm hộ chiếu ở đâu? Bạn tôi có cần thị thực không? Lệ phí là bao nhiêu?",
]


def test_plain_syllables_get_the_spelling_that_fits_their_neighbours() -> None:
    accents = AccentRestorer(CONTENT)
    assert accents.restore("nam hoc bat dau vao thang may?") == "năm học bắt đầu vào tháng may?"
    assert (
        accents.restore("le phi thi thuc dien tu la bao nhieu")
        == "lệ phí thị thực điện tử là bao nhiêu"
    )
    # "bao" is "báo" after "hộ chiếu, công dân" but "bao" before "nhiêu".
    assert accents.restore("cong dan bao cho dai su quan") == "công dân báo cho đại sứ quán"
    assert accents.restore("mat ho chieu o nuoc ngoai") == "mất hộ chiếu ở nước ngoài"


def test_case_digits_and_unknown_words_are_kept() -> None:
    accents = AccentRestorer(CONTENT)
    assert accents.restore("Ban toi can VN visa 90 ngay?") == "Bạn tôi cần VN visa 90 ngày?"
    assert accents.restore("“mat ho chieu” 😟") == "“mất hộ chiếu” 😟"
    assert accents.restore("MAT HO CHIEU") == "MẤT HỘ CHIẾU"


def test_a_question_with_any_diacritic_is_left_as_typed() -> None:
    accents = AccentRestorer(CONTENT)
    typed = "Lệ phi thi thuc dien tu la bao nhieu?"
    assert accents.restore(typed) == typed
    assert AccentRestorer([]).restore("le phi") == "le phi"


def test_question_phrases_outweigh_look_alikes_common_in_official_prose() -> None:
    prose = ["Thị thực có thời hạn tối đa 90 ngày. Tối đa ba lần. Buổi tối đóng cửa."]
    assert AccentRestorer(prose).restore("toi muon gia han") == "tối muon gia hạn"
    phrases = question_phrases()
    assert AccentRestorer(prose, phrases).restore("toi muon gia han") == "tôi muốn gia hạn"
