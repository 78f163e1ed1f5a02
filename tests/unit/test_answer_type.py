"""Which questions ask for a kind of answer (a price, a phone number, a percentage, a time)."""

from __future__ import annotations

import pytest

from bot.answering.answer_type import answer_types

PRICE_QUESTIONS = [
    "How much is a taxi from the airport to the Old Quarter?",
    "What does the temporary residence card cost?",
    "Combien coûte un passeport vietnamien ?",
    "¿Cuánto cuesta la entrada a la ciudadela?",
    "Was kostet ein Liter Benzin in Vietnam?",
    "Сколько стоит проезд в метро?",
    "单程票多少钱？",
    "タクシーの料金はいくらですか？",
    "전자비자 수수료가 얼마예요?",
    "ค่าธรรมเนียมวีซ่าเท่าไร",
    "ما هي رسوم التأشيرة؟",
    "Lệ phí làm hộ chiếu là bao nhiêu?",
    "¿Qué precio tiene el visado electrónico?",
    "What is the fee for a temporary residence card?",
    "Wie hoch ist der Mindestlohn in Vietnam?",
    "Lương tối thiểu vùng ở Hà Nội là bao nhiêu?",
]
OTHER_QUESTIONS = [
    "How much wine can I bring into Viet Nam?",
    "Le Viet Nam fait combien de kilomètres carrés ?",
    "Hộ chiếu có giá trị bao lâu?",
    "비자 발급은 얼마나 걸리나요?",
    "When did Viet Nam join ASEAN?",
    # Mentions a cost but asks who pays, not how much.
    "Does the embassy pay my hospital fees?",
    "Đại sứ quán có trả viện phí giúp tôi không?",
    "L'ambassade peut-elle payer mes frais d'hôpital ?",
]


@pytest.mark.parametrize(
    ("question", "asks"),
    [(q, True) for q in PRICE_QUESTIONS] + [(q, False) for q in OTHER_QUESTIONS],
)
def test_price_questions_are_told_from_others(question: str, asks: bool) -> None:
    assert answer_types()["price"].asks(question) is asks


@pytest.mark.parametrize(
    "text",
    [
        "The fee is 25 USD for a single entry.",
        "Cash above USD 5,000 must be declared.",
        "单次入境25美元。",
        "カードは145米ドルです。",
        "более 5000 долларов США",
        "超过15,000,000越南盾的，须向海关申报。",
        "Lệ phí là 200.000 đồng.",
        "Le formulaire est gratuit.",
        "Registration is free of charge.",
        "La tasa es de 25 dólares.",
        "Die Gebühr beträgt 25 US-Dollar.",
        "Lệ phí là 25 đô la Mỹ.",
        "Phí 200.000đ một lượt.",
    ],
)
def test_amounts_and_free_are_prices(text: str) -> None:
    assert answer_types()["price"].states(text)


def test_a_text_without_a_time_does_not_answer_a_time_question() -> None:
    types = answer_types()
    question = "What time does the consular section open?"
    assert [kind.name for kind in types.wanted(question)] == ["time"]
    assert types.unanswered(question, "The consular section receives visitors by appointment.")
    assert not types.unanswered(question, "It receives visitors from 9:30 to 12:00.")


@pytest.mark.parametrize(
    "question",
    [
        "What time is it in Vietnam now?",
        "Ở Việt Nam bây giờ là mấy giờ?",
        "Việt Nam mấy giờ rồi?",
        "越南现在几点？",
        "ベトナムは今何時ですか？",
        "베트남은 지금 몇 시예요?",
        "Le Viet Nam est sur quel fuseau horaire ?",  # a time zone, not opening hours
        "¿Qué huso horario tiene Vietnam?",
        "Во сколько обойдётся электронная виза?",  # "how much will it cost"
        "Во сколько обходится виза?",
        # The time now, asked other ways, and words that only look like a time of day.
        "越南现在是几点？",
        "ベトナムは今、何時ですか",
        "Bây giờ ở Việt Nam là mấy giờ?",
        "베트남 지금몇시",
        "ตอนนี้ที่เวียดนามกี่โมง",
        "What time of year is best to visit Vietnam?",
        "What time difference is there between London and Hanoi?",
        "Quel est le décalage horaire entre la France et le Viet Nam ?",
        "Việt Nam chênh lệch mấy giờ so với Anh?",
        "Où trouver les horaires des trains ?",
        "¿Dónde consulto los horarios de los trenes?",
        "申请电子签证需要注意哪几点？",
        "베트남에는 몇 시도가 있나요?",
        "Во сколько раз вырос ВВП?",
    ],
)
def test_questions_that_ask_no_time_of_day(question: str) -> None:
    # The time zone answers "what time is it?" (UTC+7) with no clock time: never declined.
    assert answer_types().wanted(question) == []


def test_text_without_an_amount_does_not_answer_a_price_question() -> None:
    check = answer_types()["price"]
    metro = "Ho Chi Minh City opened its first metro line in December 2024, with 14 stations."
    assert check.unanswered("How much is a metro ticket in Ho Chi Minh City?", metro)
    assert not check.unanswered("When did the metro open?", metro)
    assert not check.unanswered("How much is the e-visa?", "The fee is 25 USD.")


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("What is the phone number of the emergency ward at Bạch Mai hospital?", {"phone"}),
        ("Quel numéro appeler en cas d'urgence ?", {"phone"}),
        ("Cho tôi xin số điện thoại của bệnh viện Chợ Rẫy.", {"phone"}),
        ("胡志明市大水镬医院的急诊电话号码是多少？", {"phone"}),
        ("大使館の電話番号を教えてください。", {"phone"}),
        ("What is the VAT rate in Viet Nam?", {"percent"}),
        ("ベトナムの付加価値税の標準税率は何パーセントですか？", {"percent"}),
        ("¿Cuál es la tasa de desempleo en Viet Nam?", {"percent"}),
        ("Thuế suất thuế thu nhập cá nhân cao nhất là bao nhiêu?", {"percent"}),
        ("How much does a SIM card cost?", {"price"}),
        ("What time does the consular section open?", {"time"}),
        ("Bộ phận lãnh sự mấy giờ bắt đầu tiếp dân?", {"time"}),
        ("À quelle heure ouvre la section consulaire ?", {"time"}),
        ("Во сколько открывается посольство?", {"time"}),
        ("Quels sont les horaires d'ouverture de l'ambassade ?", {"time"}),
        ("大使馆几点开门？", {"time"}),
        ("สถานทูตเปิดกี่โมง", {"time"}),
        ("大使館の受付時間は？", {"time"}),
        ("What time zone is Viet Nam in?", set()),
        ("ハノイからダナンまで電車で何時間かかりますか？", set()),
        ("하노이에서 다낭까지 몇 시간 걸려요?", set()),
        # Asking how to call, or about a number of times, is neither.
        ("Can I call the embassy on weekends?", set()),
        ("How many times can I enter with a multiple-entry e-visa?", set()),
        ("비자로 몇 번 입국할 수 있나요?", set()),
        ("What is the exchange rate of the dong?", set()),
    ],
)
def test_questions_are_told_apart_by_the_kind_of_answer_they_want(
    question: str, kinds: set[str]
) -> None:
    assert {kind.name for kind in answer_types().wanted(question)} == kinds


@pytest.mark.parametrize(
    ("kind", "text", "states"),
    [
        ("phone", "Call 113 for the police.", True),
        ("phone", "Appelez le 15 (SAMU).", True),
        ("phone", "The hotline is +84 981 84 84 84.", True),
        ("phone", "Tél. : 01 44 14 64 00", True),
        ("phone", "Large hospitals have emergency departments open around the clock.", False),
        ("phone", "The consular section opens at 9:30 and closed in 2025.", False),
        ("percent", "Inflation was about 3.3% in 2025.", True),
        ("percent", "L'inflation a été d'environ 3,3 pour cent.", True),
        ("percent", "GDP grew quickly in 2025, one of the fastest rates in Asia.", False),
        ("time", "The consular section receives visitors from 9:30 to 12:00.", True),
        ("time", "La section consulaire reçoit de 9 h 30 à 12 h.", True),
        ("time", "Bộ phận lãnh sự tiếp công dân từ 9 giờ 30.", True),
        ("time", "The consular section receives visitors by appointment.", False),
        ("time", "Cash above USD 5,000 must be declared.", False),
        ("time", "The fee is 12.50 USD.", False),
        ("time", "Kết quả có trong 72 giờ.", False),
        ("time", "大使館は9時に開きます。", True),
    ],
)
def test_texts_are_told_apart_by_the_kind_of_answer_they_give(
    kind: str, text: str, states: bool
) -> None:
    assert answer_types()[kind].states(text) is states
