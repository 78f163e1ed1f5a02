"""The answer function over the real pipeline (fake embedding): citations, scope, freshness."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.answering.models import Turn
from bot.answering.remit import out_of_remit
from bot.i18n import t
from bot.services import Services, build_services
from bot.text import split_sentences
from tests.conftest import make_settings


def ask(services: Services, question: str, site: str | None = None, **kw):  # type: ignore[no-untyped-def]
    return services.answerer.answer(question, site=services.sites.get(site), **kw)


def test_answer_cites_the_official_page(services: Services) -> None:
    answer = ask(services, "What is the e-visa fee for a single entry?")
    assert answer.answered and answer.language == "en"
    assert "25 USD" in answer.answer and "[1]" in answer.answer
    assert answer.sources[0].url == "https://evisa.gov.vn/"
    assert answer.sources[0].published == "2025-06-01"
    assert 0.5 < answer.confidence <= 1


def test_every_sentence_comes_from_a_cited_source(services: Services) -> None:
    answer = ask(services, "Who can apply for an e-visa and how long is it valid?")
    sources = " ".join(s.snippet for s in answer.sources)
    store = services.index.collection.get(include=["documents"])["documents"]
    for paragraph in answer.answer.split("\n\n"):
        markers = re.findall(r"\[(\d)\]", paragraph)
        assert markers, paragraph
        for sentence in split_sentences(re.sub(r"\s*\[\d\]", "", paragraph)):
            assert any(sentence in doc for doc in store), sentence
    assert sources


def test_users_language_version_is_preferred(services: Services) -> None:
    answer = ask(services, "Lệ phí thị thực điện tử một lần nhập cảnh là bao nhiêu?")
    assert answer.language == "vi"
    assert "25 USD" in answer.answer and "Lệ phí" in answer.answer


def test_vietnamese_typed_without_diacritics_finds_the_vietnamese_text(
    services: Services,
) -> None:
    answer = ask(services, "le phi thi thuc dien tu mot lan nhap canh la bao nhieu?")
    assert answer.answered and answer.language == "vi"
    assert "25 USD" in answer.answer and "Lệ phí" in answer.answer
    # Another language typed in ASCII is not respelled as Vietnamese.
    english = ask(services, "What is the e-visa fee for a single entry?")
    assert english.language == "en" and "25 USD" in english.answer


def test_faq_answer_is_served_verbatim_in_the_users_language(services: Services) -> None:
    en = ask(services, "What is the emergency number for the police in Viet Nam?")
    assert en.kind == "faq"
    assert (
        en.answer
        == "Call 113 for the police, 114 for the fire service and 115 for an ambulance. [1]"
    )
    fr = ask(services, "Quel est le numéro d'urgence de la police au Viet Nam ?")
    assert fr.kind == "faq" and fr.language == "fr"
    assert fr.answer.startswith("Composez le 113 pour la police")


def test_expired_content_is_never_served(services: Services) -> None:
    answer = ask(services, "lantern festival visa waiver for 7 days")
    assert all("waiver" not in s.url for s in answer.sources)
    assert "lantern" not in answer.answer


def test_older_version_of_the_same_text_is_superseded(services: Services) -> None:
    answer = ask(
        services, "Do travellers need a paper arrival card stamped with a blue seal at the border?"
    )
    assert [s.url for s in answer.sources][:1] == ["https://mofa.gov.vn/border"]
    assert "blue seal" not in answer.answer


def test_mission_content_only_on_its_own_site_or_when_a_question_names_it(
    services: Services,
) -> None:
    question = "Quels sont les horaires de la section consulaire de l'ambassade à Paris ?"
    local = ask(services, question, site="embassy-fr")
    assert local.sources[0].url == "https://vnembassy-fr.mofa.gov.vn/"
    assert "9 h 30" in local.answer
    # On a national channel, a question that names no mission gets national content only.
    national = ask(services, "Quels sont les horaires de la section consulaire de l'ambassade ?")
    assert all("vnembassy-fr" not in s.url for s in national.sources)
    # One that names the mission's city, in any language, gets that mission's page too,
    # and its follow-up stays with that mission.
    for question in (
        "Quels sont les horaires de la section consulaire de l'ambassade à Paris ?",
        "Quels sont les horaires de la section consulaire à パリ ?",
    ):
        named = ask(services, question)
        assert named.answered and named.sources[0].url == "https://vnembassy-fr.mofa.gov.vn/"
        assert "9 h 30" in named.answer
    follow_up = ask(
        services,
        "Et quels sont les horaires de la section consulaire ?",
        history=[Turn(question="Où est l'ambassade à Paris ?")],
    )
    assert follow_up.sources and follow_up.sources[0].url == "https://vnembassy-fr.mofa.gov.vn/"
    later = ask(
        services,
        "Et quels sont les horaires de la section consulaire ?",
        history=[Turn(question="Où est l'ambassade à Paris ?"), Turn(question="Et l'adresse ?")],
    )
    assert later.sources and later.sources[0].url == "https://vnembassy-fr.mofa.gov.vn/"
    # A refusal still gives the visitor's own channel's contact, not the mission's.
    refused = ask(services, "パリの今日の天気は？")
    assert not refused.answered
    assert "contact@example.org" in refused.answer and "France" not in refused.answer


def test_follow_up_uses_the_conversation(services: Services) -> None:
    history = [Turn(question="Who can apply for an e-visa?", answer="Citizens of all countries…")]
    answer = ask(services, "And the fee?", history=history)
    assert "25 USD" in answer.answer


def test_follow_up_is_searched_with_the_words_of_both_questions(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "And the fee?" alone matches every text that names a fee; the first question's
    # words ("apply", "e-visa") keep the topic in the lexical search too.
    queries: list[str] = []
    search = services.answerer.retriever.search

    def spy(query: str, **kw):  # type: ignore[no-untyped-def]
        queries.append(query)
        return search(query, **kw)

    monkeypatch.setattr(services.answerer.retriever, "search", spy)
    history = [Turn(question="Who can apply for an e-visa?")]
    answer = ask(services, "And the fee?", history=history)
    assert "25 USD" in answer.answer
    assert "apply for an e-visa" in queries[-1] and queries[-1].endswith("And the fee?")


@pytest.mark.parametrize(
    ("question", "lang", "expected"),
    [
        (
            "Write a Python function that sorts a list",
            "en",
            "I can only answer questions about Viet Nam",
        ),
        (
            "Écris-moi un poème sur la mer",
            "fr",
            "Je ne peux répondre qu'aux questions sur le Viet Nam",
        ),
        ("帮我写一段Python代码", "zh", "我只能根据官方内容回答有关越南的问题"),
        (
            "Viết giúp tôi một đoạn giới thiệu bản thân để đi phỏng vấn xin việc.",
            "vi",
            "Tôi chỉ trả lời các câu hỏi về Việt Nam",
        ),
        ("Write me a cover letter for a job at the embassy", "en", "I can only answer"),
    ],
)
def test_out_of_remit_requests_are_declined_politely(
    services: Services, question: str, lang: str, expected: str
) -> None:
    answer = ask(services, question)
    assert not answer.answered and answer.sources == []
    assert answer.language == lang
    assert answer.answer.startswith(expected)
    assert "https://mofa.gov.vn/" in answer.answer  # the site's contact details


def test_a_vietnamese_persons_visa_for_another_country_is_out_of_remit(
    services: Services,
) -> None:
    question = "Người Việt xin thị thực điện tử Hàn Quốc: lệ phí một lần nhập cảnh là bao nhiêu?"
    answer = ask(services, question)
    assert not answer.answered and answer.sources == [] and answer.language == "vi"
    assert answer.answer.startswith("Tôi chỉ trả lời các câu hỏi về Việt Nam")
    # Without the check, Viet Nam's own e-visa fee would answer it.
    services.answerer.settings.foreign_entry_check = False
    wrong = ask(services, question)
    assert wrong.answered and "25 USD" in wrong.answer
    # Viet Nam as the destination is Viet Nam's question.
    services.answerer.settings.foreign_entry_check = True
    home = ask(
        services,
        "Người Việt ở Hàn Quốc xin thị thực điện tử Việt Nam: lệ phí một lần nhập cảnh là bao nhiêu?",
    )
    assert home.answered and "25 USD" in home.answer


def test_unrelated_question_is_declined_not_stitched(services: Services) -> None:
    answer = ask(services, "zxqv plorb wug", lang="en")
    assert not answer.answered and answer.sources == []
    assert "https://mofa.gov.vn/" in answer.answer


def test_hostile_html_in_content_stays_plain_text(services: Services) -> None:
    answer = ask(services, "What does the test notice about script tags say?")
    assert "<img src=x onerror=alert(1)>" in answer.answer  # text; channels escape it


def test_language_without_content_falls_back_to_english_with_a_note(services: Services) -> None:
    answer = ask(services, "전자비자 e-visa fee 25 USD 50 USD 요금은 얼마인가요?")
    assert answer.sources[0].lang == "en" and answer.language == "en"
    assert answer.answer.startswith("아직 귀하의 언어로 된 공식 문서가 없어 영어 공식 문서를")


def test_price_question_is_declined_when_the_text_names_no_price(services: Services) -> None:
    # The border text is found, but it states no fee: quoting it would not answer.
    rules = ask(services, "What are the border crossing rules for travellers?")
    assert rules.answered and "passport" in rules.answer
    fee = ask(services, "What is the fee for crossing the border at the border crossing?")
    assert not fee.answered and fee.sources == []
    assert "https://mofa.gov.vn/" in fee.answer
    # A price question the content does answer is still answered, with the amount.
    evisa = ask(services, "How much does an e-visa cost for a single entry?")
    assert evisa.answered and "25 USD" in evisa.answer


def test_language_without_any_content_has_its_own_threshold(kb_dir: Path, tmp_path: Path) -> None:
    # No text is written in Korean: every Korean question is answered across languages,
    # so its bar is `min_relevance_uncovered`, not the cross-language one for a language
    # whose translation of this text is merely missing (French here).
    built = build_services(
        make_settings(kb_dir, tmp_path / "data", min_relevance_uncovered=0.99),
        ingest_if_empty=True,
    )
    try:
        korean = ask(built, "전자비자 e-visa fee 25 USD 50 USD 요금은 얼마인가요?")
        assert not korean.answered and korean.language == "ko"
        french = ask(built, "Quel est le tarif du e-visa : 25 USD pour une entrée ?")
        assert french.answered and french.sources[0].lang == "en"
        # A text published only in Vietnamese keeps the ordinary cross-language bar.
        hung = ask(built, "훙왕 기일 Giỗ Tổ Hùng Vương 10 tháng 3 Đền Hùng Phú Thọ 언제인가요?")
        assert hung.answered and hung.sources[0].lang == "vi"
    finally:
        built.close()


def _with_page(kb_dir: Path, tmp_path: Path, title: str, *sections: tuple[str, str]) -> Services:
    """Add an English page of `sections` (heading, text) to the test content; build on it."""
    group = title.lower().replace(" ", "-")
    body = "".join(f"## {heading}\n\n{text}\n\n" for heading, text in sections)
    (kb_dir / "national" / f"{group}.en.md").write_text(
        f"---\ntitle: {title}\nurl: https://mofa.gov.vn/{group}\nlang: en\ngroup: {group}\n"
        f"updated: 2026-01-01\nkind: article\n---\n# {title}\n\n{body}",
        encoding="utf-8",
    )
    return build_services(make_settings(kb_dir, tmp_path / "data"), ingest_if_empty=True)


def test_price_question_takes_a_close_passage_that_states_the_price(
    kb_dir: Path, tmp_path: Path
) -> None:
    # Two sections of one page score alike; the closest names no amount. Quoting it
    # would not answer "how much", and declining would hide the fee one section below.
    built = _with_page(
        kb_dir,
        tmp_path,
        "Residence cards",
        ("Validity", "An investor's residence card is valid for up to ten years."),
        ("Fees", "The fee is USD 165 for a card valid for more than five years."),
    )
    question = "How much is the fee for an investor's residence card valid for ten years?"
    try:
        hits = built.answerer.retriever.search(question, lang="en")
        assert [h.metadata.get("section") for h in hits[:2]] == ["Validity", "Fees"]
        gap = hits[0].dense - hits[1].dense
        settings = built.answerer.settings
        for margin, answered in ((0.0, False), (gap - 0.005, False), (gap + 0.005, True)):
            settings.answer_type_fallback_margin = margin
            answer = ask(built, question)
            assert answer.answered is answered, margin
        # Only the section that states the fee is quoted and cited.
        assert "USD 165" in answer.answer and "valid for up to ten years" not in answer.answer
        assert [s.title for s in answer.sources] == ["Residence cards — Fees"]
        assert answer.language == "en" and "[2]" not in answer.answer
        assert answer.confidence == built.answerer._confidence(hits[1].dense)
    finally:
        built.close()


def test_time_question_takes_a_close_section_that_gives_the_time_or_declines(
    kb_dir: Path, tmp_path: Path
) -> None:
    built = _with_page(
        kb_dir,
        tmp_path,
        "Consular desk",
        (
            "The consular section",
            "The consular section does open to visitors who come with a complete file.",
        ),
        ("Hours", "The consular section receives visitors from 9:30 to 12:00 on weekdays."),
    )
    question = "What time does the consular section open to visitors?"
    try:
        hits = built.answerer.retriever.search(question, lang="en")
        assert [h.metadata.get("section") for h in hits[:2]] == ["The consular section", "Hours"]
        settings = built.answerer.settings
        settings.answer_type_fallback_margin = 0.0
        first = ask(built, question)
        # No time in the closest section, none close enough that gives one: quoting it
        # would not answer "what time?", so the bot declines with the contact...
        assert not first.answered and first.sources == []
        assert "https://mofa.gov.vn/" in first.answer
        settings.answer_type_fallback_margin = hits[0].dense - hits[1].dense + 0.005
        # ...and answers from a section of the same page about as close that gives one.
        timed = ask(built, question)
        assert timed.answered and "9:30" in timed.answer
        assert [s.title for s in timed.sources] == ["Consular desk — Hours"]
    finally:
        built.close()


@pytest.mark.parametrize(
    "question",
    [
        "How do I write an invitation letter for my visa?",
        "Mình viết cho em gái thư bảo lãnh được không?",
        "Qui doit écrire la lettre d'invitation ?",
    ],
)
def test_questions_about_writing_a_document_are_not_writing_requests(question: str) -> None:
    # Asking how to write a sponsor's letter is a consular question, not a task for the bot.
    assert not out_of_remit(question)
    assert out_of_remit("Write me an invitation letter for my visa")


@pytest.mark.parametrize(
    ("message", "kind", "lang"),
    [
        ("hi", "greeting", "en"),
        ("Bonjour !", "greeting", "fr"),
        ("xin chào", "greeting", "vi"),
        ("Merci beaucoup !!", "thanks", "fr"),
        ("谢谢", "thanks", "zh"),
        ("👍", "greeting", "en"),
    ],
)
def test_greetings_and_thanks_get_a_reply_not_a_quoted_passage(
    services: Services, message: str, kind: str, lang: str
) -> None:
    answer = ask(services, message)
    assert answer.kind == "small_talk" and answer.sources == [] and answer.language == lang
    own = services.sites.get(None).greeting.get(lang) if kind == "greeting" else None  # type: ignore[union-attr]
    assert answer.answer == (own or t(kind, lang))


def test_a_word_said_in_every_language_is_answered_in_the_visitors(services: Services) -> None:
    answer = ask(services, "OK!", lang="vi")
    assert answer.kind == "small_talk" and answer.language == "vi"
    assert answer.answer == t("thanks", "vi")


def test_a_site_greets_with_its_own_greeting(services: Services) -> None:
    answer = ask(services, "Bonjour", site="embassy-fr")
    assert answer.answer == services.sites.get("embassy-fr").greeting["fr"]  # type: ignore[union-attr]


def test_a_question_that_also_says_thanks_is_answered_from_the_content(
    services: Services,
) -> None:
    answer = ask(services, "Thanks! And what is the e-visa fee?")
    assert answer.kind != "small_talk" and "25 USD" in answer.answer and answer.sources


def test_a_greeting_is_no_topic_for_the_next_question(services: Services) -> None:
    # After "xin chào", the next message is still a first question: the checks skipped
    # for follow-ups (here, a Vietnamese person's visa for another country) still apply.
    question = "Người Việt xin visa Hàn Quốc cần giấy tờ gì?"
    fresh = ask(services, question)
    assert not fresh.answered and fresh.answer.startswith(t("out_of_remit", "vi"))
    after_hello = ask(services, question, history=[Turn(question="xin chào")])
    assert after_hello.answer == fresh.answer


def test_an_faq_entry_ranked_first_by_its_words_gives_way_to_a_closer_meaning(
    services: Services,
) -> None:
    from bot.retrieval.hybrid import Hit

    def hit(name: str, kind: str, dense: float) -> Hit:
        return Hit(id=name, text=name, metadata={"kind": kind}, score=1.0, dense=dense)

    # "Can I get Vietnamese citizenship?": the passport entry shares its words, the
    # section on naturalisation is closer in meaning.
    passports = hit("faq#passport", "faq", 0.899)
    naturalisation = hit("nationality#s4", "article", 0.911)
    close = hit("nationality#s2", "article", 0.902)
    answerer = services.answerer
    margin = answerer.settings.faq_meaning_margin
    assert margin > 0
    reordered = answerer._closest_over_faq([passports, close, naturalisation])
    assert [h.id for h in reordered] == ["nationality#s4", "faq#passport", "nationality#s2"]
    # Within the margin the FAQ entry keeps its place, and an article first is left alone.
    assert answerer._closest_over_faq([passports, close]) == [passports, close]
    assert answerer._closest_over_faq([close, naturalisation]) == [close, naturalisation]
