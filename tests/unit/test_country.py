"""Finding the other countries a question names, in its own language."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from bot.answering.country import (
    about_foreign_entry,
    acquires_foreign_nationality,
    entry_from_abroad,
    entry_to_another_country,
    names_foreign_mission,
    names_no_other_country,
    swap_countries,
)
from bot.answering.remit import OffTopicGuard
from bot.language import choose_language
from bot.retrieval.embeddings import FakeEmbeddings
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


FOREIGN_ENTRY = [
    # A Vietnamese person's visa, residence or nationality elsewhere: that country's.
    "Người Việt xin visa du lịch Hàn Quốc cần chuẩn bị những giấy tờ gì?",
    "Người Việt đi du lịch Singapore có phải xin visa không?",
    "ベトナム人の妻が日本の永住権を申請するには？",
    "베트남인 아내가 한국 결혼이민 비자를 받으려면?",
    "Welches Visum braucht meine vietnamesische Verlobte für Deutschland?",
    "ما هي شروط حصول العامل الفيتنامي على تأشيرة عمل في الإمارات؟",
    "My Vietnamese wife has a green card. Does she need a visa for Japan?",
    "Do Vietnamese citizens need an ETA for the UK?",
    # Another country's visa named by its adjective or short name.
    "Người Việt xin visa Mỹ cần gì?",
    "My Vietnamese wife needs a US visa: how does she apply?",
    # The host country of an embassy too: France issues French residence cards.
    "Người Việt ở Pháp xin thẻ cư trú Pháp cần giấy tờ gì?",
]
VIET_NAMS_OWN = [
    # Someone from, or living in, another country coming to Viet Nam.
    "My wife is Vietnamese and I'm from the UK. Do I need a visa?",
    "My wife is Vietnamese; we live in Australia. Does our son need a visa to visit Da Nang?",
    "Tôi là người Việt, chồng tôi quốc tịch Mỹ có cần xin visa không?",
    "Chồng tôi người Mỹ, tôi là người Việt, anh ấy có cần xin visa không?",
    "我是美国人，我太太是越南人，我需要签证吗？",
    "アメリカ人の夫とベトナム人の私、夫はビザが必要ですか？",
    "Je suis français, ma femme est vietnamienne, ai-je besoin d'un visa ?",
    # Vietnamese abroad and Viet Nam's own documents.
    "Người Việt định cư ở Đức muốn làm lại hộ chiếu Việt Nam thì làm thế nào?",
    "I'm a Vietnamese citizen with permanent residence in Australia. How do I renew my passport?",
    "Người Việt ở Hàn Quốc về Việt Nam có cần visa không?",
    "I'm of Vietnamese origin with a Canadian passport: do I need a visa?",
    # "Vietnamese" describing Viet Nam's visa or embassy, not a person.
    "I live in Japan. Do I need a Vietnamese visa?",
    "J'habite en Belgique, comment obtenir un visa vietnamien ?",
    "Vivo en Chile, ¿cómo solicito la visa vietnamita?",
    "Ich wohne in Österreich: wie bekomme ich ein vietnamesisches Visum?",
    # Words that only look like cues: Spanish "esta", a home address.
    "Soy vietnamita y vivo en España. ¿Cómo renuevo mi pasaporte en esta embajada?",
    "Người Việt ở Úc có địa chỉ thường trú tại Sydney làm hộ chiếu ở đâu?",
    # A country's name inside an ordinary word: タイプ (type), 가나요, 한국어, ภาษาไทย.
    "ベトナム人の妻はどのタイプのビザが必要ですか？",
    "베트남인 아내가 비자 연장하려면 어디로 가나요?",
    "베트남인 아내가 한국어 시험을 봐야 비자를 받나요?",
    "คนเวียดนามต้องใช้เอกสารภาษาไทยสำหรับวีซ่าไหม",
    # No Vietnamese person: the country check's business, not this one's.
    "Do Japanese citizens need a visa?",
]


@pytest.mark.parametrize(
    ("text", "foreign"), [(q, True) for q in FOREIGN_ENTRY] + [(q, False) for q in VIET_NAMS_OWN]
)
def test_a_vietnamese_persons_entry_into_another_country_is_told_apart(
    text: str, foreign: bool
) -> None:
    assert about_foreign_entry(text, choose_language(text, None)) is foreign


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("Can I just turn up at Hanoi airport and buy a visa on arrival?", True),
        ("Combien coûte le visa pour le Viêt Nam ?", True),
        ("Có được miễn thị thực khi đến Phú Quốc không?", True),
        ("How do I get a tourist visa for Thailand?", False),
        # Another country's visa or embassy, asked in Viet Nam.
        ("Can I apply for a US visa in Hanoi?", False),
        ("How do I apply for a Schengen visa in Ho Chi Minh City?", False),
        ("Как получить визу в США в Ханое?", False),
        ("하노이에서 한국 비자를 신청하려면?", False),
        ("Công dân Việt Nam xin visa Mỹ cần gì?", False),
        ("ハノイ空港でアライバルビザは取れますか？", True),
        # "Vietnamese" is a person here, and Bangkok is not in Viet Nam.
        ("My wife is Vietnamese; does she need a Thai visa for Bangkok?", False),
        ("I'm from Brazil: can I get an e-visa for Viet Nam?", False),
        # Naming no country at all, on Viet Nam's own service: about Viet Nam.
        ("What documents do I need for an e-visa?", True),
        ("Quels documents faut-il pour l'e-visa ?", True),
        ("Do I need a visa for the UK?", False),
    ],
)
def test_questions_naming_no_other_country_are_told_apart(text: str, home: bool) -> None:
    assert names_no_other_country(text, choose_language(text, None)) is home


def test_examples_about_other_countries_do_not_decline_a_question_about_viet_nam() -> None:
    guard = OffTopicGuard(FakeEmbeddings(), margin=-0.01)
    question = np.asarray(FakeEmbeddings().embed_query("How do I get a tourist visa for Hanoi?"))
    similarities = guard._embed(guard.exemplars()) @ question
    foreign = [swap_countries(q, choose_language(q, None)) is not None for q in guard.exemplars()]
    closest_foreign = max(s for s, f in zip(similarities, foreign, strict=True) if f)
    closest_other = max(s for s, f in zip(similarities, foreign, strict=True) if not f)
    assert closest_foreign > closest_other + 0.05
    passage = (closest_foreign + closest_other) / 2  # between the two kinds of example
    assert guard.declines(question, passage)
    assert not guard.declines(question, passage, home=True)


@pytest.mark.parametrize(
    "text",
    [
        "Нужна ли виза гражданам России?",
        "Do citizens of Chile need a visa?",
        "¿Necesitan visado los ciudadanos de Chile?",
        "I live in Japan, do I need a visa?",
        "أنا من مصر، هل أحتاج إلى تأشيرة؟",
    ],
)
def test_a_visa_question_from_another_countrys_citizen_is_about_entering_viet_nam(
    text: str,
) -> None:
    assert entry_from_abroad(text, choose_language(text, None))


@pytest.mark.parametrize(
    "text",
    [
        "Do I need a visa for Russia?",  # where to go
        "I am from Egypt, do I need a Schengen visa?",  # another country's visa
        "I'm from Brazil, with a layover in Japan, do I need a visa?",  # a country on the way
        "Do citizens of Chile need a visa for Viet Nam?",  # says it already
        "How many people live in Japan?",  # no visa
        "Do I need a visa?",  # names no other country
    ],
)
def test_other_questions_are_not_entry_from_abroad(text: str) -> None:
    assert not entry_from_abroad(text, choose_language(text, None))


@pytest.mark.parametrize(
    "text",
    [
        "中国人去泰国旅游需要签证吗？泰国的签证政策是什么？",
        "คนไทยจะไปเที่ยวจีนต้องขอวีซ่าไหม อยู่ได้กี่วัน",
        "日本人が韓国に旅行するとき、K-ETAの申請は必要ですか？",
        "Quelles sont les règles de visa pour entrer en Thaïlande en tant que touriste français ?",
        "Do I need a visa for Russia?",
        "Brauche ich ein Visum für Japan?",
        "Soy español y quiero viajar a Camboya. ¿Necesito visado?",
        "ما هي شروط الحصول على تأشيرة لدخول مصر؟",
    ],
)
def test_anyones_visa_for_another_country_is_that_countrys(text: str) -> None:
    assert entry_to_another_country(text, choose_language(text, None))


@pytest.mark.parametrize(
    "text",
    [
        "I'm from Brazil, with a layover in Japan, do I need a visa?",  # passing through
        "Do citizens of Russia need a visa?",  # where the asker is from
        "I live in Japan, do I need a visa?",
        "I am a student in France, do I need a visa?",  # where the asker is
        "Can I apply for the visa at the embassy in France?",  # where to apply
        "Puis-je demander un visa à l'ambassade en France ?",
        "日本でビザを申請できますか？",
        "한국에서 비자를 신청할 수 있나요?",
        "미국 시민권자는 비자가 필요한가요?",  # a nationality
        "米国市民はビザが必要ですか？",
        "ผู้ถือพาสปอร์ตญี่ปุ่นต้องใช้วีซ่าไหม",
        "هل يحتاج المصريون إلى تأشيرة؟",
        "Do United States passport holders need a visa?",
        "Is Jordan a visa-exempt country?",
        "Which border gates with China accept e-visas?",
        "Can holders of a Schengen visa enter without an e-visa?",
        "¿Puedo cruzar desde Camboya por tierra con el visado electrónico?",
        "Soy español y después de Viet Nam quiero pasar a Camboya. ¿Necesito visado?",  # names Viet Nam
        "Can I study in Japan?",  # no visa
    ],
)
def test_visa_questions_about_coming_to_viet_nam_are_not_another_countrys(text: str) -> None:
    assert not entry_to_another_country(text, choose_language(text, None))


def test_an_embassys_host_country_is_where_its_visitors_are() -> None:
    text = "Quel visa faut-il pour aller en France ?"
    assert entry_to_another_country(text, "fr")
    assert not entry_to_another_country(text, "fr", host="FR")


@pytest.mark.parametrize(
    "text",
    [
        "Do citizens of Chile need a visa for the US?",
        "Do citizens of Chile need a visa for Europe?",
        "What visa do citizens of India need for Dubai?",
    ],
)
def test_a_visa_question_naming_somewhere_else_to_go_is_not_entry_from_abroad(text: str) -> None:
    assert not entry_from_abroad(text, choose_language(text, None))


def test_an_embassys_host_country_is_no_other_country_on_its_site() -> None:
    text = "I am a student in France, do I need a visa?"
    assert not names_no_other_country(text, "en")
    assert names_no_other_country(text, "en", host="FR")
    assert not names_no_other_country("I am a student in Japan, do I need a visa?", "en", "FR")


@pytest.mark.parametrize(
    "text",
    [
        "ハノイにある日本大使館の領事窓口は何時から何時まで開いていますか？",
        "Where is the Japanese embassy in Hanoi?",
        "What is the phone number of the embassy of Japan in Hanoi?",
        "Quelle est l'adresse de l'ambassade de France à Hanoï ?",
        "¿Dónde está la Embajada de España en Hanói?",
        "Wo ist die Botschaft von Deutschland in Hanoi?",
        "Где находится посольство России в Ханое?",
        "日本驻越南大使馆在哪里？",
        "하노이에 있는 일본 대사관 전화번호가 뭐예요?",
        "Đại sứ quán Nhật Bản ở Hà Nội nằm ở đâu?",
        "ما هو رقم هاتف سفارة مصر في هانوي؟",
    ],
)
def test_another_countrys_own_embassy_is_told_apart(text: str) -> None:
    assert names_foreign_mission(text, choose_language(text, None))


@pytest.mark.parametrize(
    "text",
    [
        "東京のベトナム大使館は何時に開きますか？",
        "When is the embassy in Japan open?",
        "Where is the Vietnamese embassy in Japan?",
        "Đại sứ quán Việt Nam tại Nhật Bản ở đâu?",
        "在日本的越南大使馆几点开门？",
        "越南驻日本大使馆在哪里？",
        "駐日ベトナム大使館の住所は？",
        "日本にあるベトナム大使館の住所を教えてください。",
        "L'ambassade du Viet Nam en France est-elle ouverte le samedi ?",
        "Посольство Вьетнама в России работает в субботу?",
        "주일 베트남 대사관은 어디에 있나요?",
        "I'm Japanese, where do I apply for a visa?",
    ],
)
def test_viet_nams_missions_abroad_are_not_another_countrys_embassy(text: str) -> None:
    assert not names_foreign_mission(text, choose_language(text, None))


@pytest.mark.parametrize(
    ("question", "lang", "foreign"),
    [
        ("Quelles sont les conditions pour obtenir la nationalité canadienne ?", "fr", True),
        (
            "베트남 출신 아내가 한국 국적을 취득하려면 한국에서 몇 년 이상 살아야 하나요?",
            "ko",
            True,
        ),
        ("How can I get British citizenship?", "en", True),
        ("Wie bekomme ich die deutsche Staatsbürgerschaft?", "de", True),
        ("Как получить российское гражданство?", "ru", True),
        ("¿Cómo obtener la nacionalidad española?", "es", True),
        ("日本国籍を取得するには？", "ja", True),
        ("我想申请加拿大国籍", "zh", True),
        ("Vợ tôi muốn nhập quốc tịch Mỹ thì cần gì?", "vi", True),
        # Holding another nationality is who the visitor is; Viet Nam's own nationality,
        # alone or beside another (dual nationality), is Viet Nam's to answer.
        ("I have British nationality, do I need a visa?", "en", False),
        ("Je suis de nationalité française, ai-je besoin d'un visa ?", "fr", False),
        ("Ich habe die deutsche Staatsbürgerschaft. Brauche ich ein Visum?", "de", False),
        ("Soy de nacionalidad española, ¿necesito visado?", "es", False),
        ("Comment obtenir la nationalité vietnamienne ?", "fr", False),
        ("Can my wife keep Vietnamese citizenship if she gets German citizenship?", "en", False),
        ("Tôi muốn nhập quốc tịch Mỹ thì có phải bỏ quốc tịch Việt Nam không?", "vi", False),
    ],
)
def test_acquiring_another_countrys_nationality_is_that_countrys_affair(
    question: str, lang: str, foreign: bool
) -> None:
    assert acquires_foreign_nationality(question, lang) is foreign
