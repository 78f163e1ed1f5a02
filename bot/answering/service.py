"""The one function every channel calls: question in, cited answer out."""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import numpy as np

from bot.answering.answer_type import answer_types
from bot.answering.content_questions import ContentQuestions
from bot.answering.country import (
    about_foreign_entry,
    acquires_foreign_nationality,
    entry_from_abroad,
    entry_to_another_country,
    home_name,
    names_foreign_mission,
    names_no_other_country,
    swap_countries,
)
from bot.answering.extractive import compose, faq_answer, to_source
from bot.answering.generative import Generator
from bot.answering.missions import MissionRouter, Scope
from bot.answering.models import Answer, Turn
from bot.answering.remit import OffTopicGuard, out_of_remit
from bot.answering.small_talk import SmallTalk, small_talk
from bot.config import Settings
from bot.i18n import language_name, t
from bot.language import choose_language
from bot.retrieval.hybrid import PIVOT, Hit, HybridRetriever
from bot.retrieval.other_names import OtherNames
from bot.sites import Site
from bot.text import clean_input

log = logging.getLogger(__name__)

# How far below the relevance threshold a follow-up on its own may score and still
# be answered with the help of the conversation.
FOLLOW_UP_SLACK = 0.05


class AnswerService:
    """Answer questions from the official content only, with citations."""

    def __init__(
        self,
        *,
        settings: Settings,
        retriever: HybridRetriever,
        generator: Generator | None = None,
        missions: MissionRouter | None = None,
        names: OtherNames | None = None,
    ) -> None:
        """Keep the retriever, thresholds, the optional LLM generator, missions and names."""
        self.settings = settings
        self.missions = missions
        self.names = names or OtherNames([])
        self.retriever = retriever
        self.generator = generator
        self.off_topic = OffTopicGuard(
            retriever.embeddings, settings.off_topic_margin, settings.data_dir / "cache"
        )
        self.content_questions = ContentQuestions(retriever.embeddings, settings.data_dir / "cache")
        self.types = answer_types()

    def warm_up(self) -> None:
        """Load the corpus cache and example vectors now, not on a visitor's first question."""
        if len(self.retriever.corpus):
            self.answer("What is the capital of Viet Nam?")

    def answer(
        self,
        question: str,
        *,
        site: Site | None = None,
        lang: str | None = None,
        history: Sequence[Turn] = (),
        today: date | None = None,
    ) -> Answer:
        """Return a cited answer, or a polite refusal in the user's language."""
        site = site or Site(id="default")
        text = clean_input(question)
        language = choose_language(text, lang, site.default_lang)
        chat = small_talk(text)
        if chat is not None:
            return self._small_talk(chat, chat.lang or language, site)
        # "hi" before the first question is no topic to follow up on.
        history = [turn for turn in history if small_talk(turn.question) is None]
        text = self.retriever.respell(text, language)
        if not text or out_of_remit(text) or self._foreign_entry(text, language, site, history):
            return self._refuse(language, site, "out_of_remit" if text else "not_found", 0.0)
        # "Do citizens of Chile need a visa?" leaves Viet Nam unsaid; say it, so the
        # question finds Viet Nam's entry rules and its country is not taken for the subject.
        abroad = entry_from_abroad(text, language)
        if abroad:
            text = f"{text} ({home_name(language)})"
        # "Spratly Islands" is searched as the content names it: "Trường Sa (Spratly)".
        text = self.names.expand(text, language)
        scope = self._scope(text, language, site, history)
        current = self.retriever.embed(text)
        hits = self._retrieve(text, current, language, scope, history, today)
        if not hits or hits[0].dense < self._threshold(hits[0], language):
            return self._refuse(language, site, "not_found", hits[0].dense if hits else 0.0)
        # The best text is a page of the mission the question was routed to ("When is the
        # embassy in Japan open?"): the country named is where it is, not the subject. On
        # the mission's own site its pages come first anyway, so that says nothing there.
        at_mission = (
            not scope.local_first
            and scope.mission is not None
            and hits[0].metadata.get("mission") == scope.mission
        )
        # "the Japanese embassy in Paris" is Japan's: a page of one of Viet Nam's missions
        # (its hours, its address) never answers for it, wherever it was asked.
        if (
            not history
            and hits[0].metadata.get("mission")
            and names_foreign_mission(text, language)
        ):
            return self._refuse(language, site, "out_of_remit", hits[0].dense)
        if not history and self._off_topic(
            text, current, language, hits, home=abroad or at_mission, host=site.country
        ):
            return self._refuse(language, site, "out_of_remit", hits[0].dense)
        if (
            not history
            and not (abroad or at_mission)
            and self._about_another_country(text, current, language, scope, hits, today)
        ):
            return self._refuse(language, site, "out_of_remit", hits[0].dense)
        hits = self._closest_over_faq(hits)
        top = hits[0]
        is_faq = top.metadata.get("kind") == "faq" and top.dense >= self.settings.faq_min_relevance
        if not is_faq:
            hits, body = self._typed_first(text, hits, language)
            top = hits[0]
        confidence = self._confidence(top.dense)
        answer_lang = top.lang or language
        if is_faq:
            body, used, kind = faq_answer(top) + " [1]", [top], "faq"
        else:
            used, kind = (hits[:2] if "[2]" in body else [top]), "extractive"
            generated = self._generate(text, language, hits)
            if generated == "declined":
                return self._refuse(language, site, "not_found", top.dense)
            if generated is not None:
                body, used = generated
                kind, answer_lang = "generated", language
        if self.types.unanswered(text, body):
            # Text about the metro that names no fare does not answer "how much is it?".
            return self._refuse(language, site, "not_found", top.dense)
        if answer_lang != language:
            note = t("other_language", language, name=language_name(answer_lang, language))
            body = f"{note}\n\n{body}"
        return Answer(
            answer=body,
            language=answer_lang,
            sources=[to_source(h) for h in used],
            answered=True,
            confidence=confidence,
            kind=kind,
            id=str(uuid.uuid4()),
        )

    def _closest_over_faq(self, hits: list[Hit]) -> list[Hit]:
        """Put first a text closer in meaning than an FAQ entry ranked first by its words.

        An FAQ entry is served word for word, so it must be what the question means, not
        only what it says: "Can I get Vietnamese citizenship?" shares "Vietnamese citizen"
        with the entry on passports, while the section on naturalisation is closer in
        meaning by more than `faq_meaning_margin`.
        """
        margin = self.settings.faq_meaning_margin
        if margin <= 0 or hits[0].metadata.get("kind") != "faq":
            return hits
        closest = max(hits, key=lambda h: h.dense)
        if closest.dense - hits[0].dense <= margin:
            return hits
        return [closest, *(h for h in hits if h is not closest)]

    def _scope(self, text: str, language: str, site: Site, history: Sequence[Turn]) -> Scope:
        """Return where to search: a question may be about a mission other than the site's.

        A follow-up keeps the mission the conversation last named. The visitor is not in
        that mission's host country, so the site's own host country stays the one never
        taken for the question's subject. Refusals keep the visitor's own site contact.
        """
        if self.missions is not None:
            for asked in (text, *(turn.question for turn in reversed(history))):
                mission = self.missions.route(asked, language, site)
                if mission is not None:
                    return Scope(mission=mission.mission, local_first=False, host=site.country)
        return Scope(mission=site.mission, host=site.country)

    def _off_topic(
        self,
        text: str,
        current: np.ndarray[Any, Any],
        language: str,
        hits: list[Hit],
        *,
        home: bool = False,
        host: str | None = None,
    ) -> bool:
        """Return True when the question is closer to off-topic requests than to the content.

        The router's examples about another country count only for a question that names
        one as its subject: not where the asker is from or the mission asked about is
        (`home`), nor the embassy's host country (`host`).
        """
        # Compare like with like: a passage in another language scores lower with E5.
        allowance = self.settings.off_topic_cross_allowance
        passage = max(h.dense + (allowance if h.matched_lang != language else 0.0) for h in hits)
        # A question close to one the content itself asks is on topic, like a close passage.
        asked = self.content_questions.nearest(self.retriever.corpus, current)
        evidence = max(passage, asked - self.settings.off_topic_question_discount)
        return self.off_topic.declines(
            current, evidence, home=home or names_no_other_country(text, language, host)
        )

    def _foreign_entry(self, text: str, language: str, site: Site, history: Sequence[Turn]) -> bool:
        """Return True for a visa, residence or nationality of another country, whoever needs it."""
        if history or not self.settings.foreign_entry_check:
            return False
        return (
            about_foreign_entry(text, language)
            or acquires_foreign_nationality(text, language)
            or entry_to_another_country(text, language, host=site.country)
        )

    def _about_another_country(
        self,
        text: str,
        current: np.ndarray[Any, Any],
        language: str,
        scope: Scope,
        hits: list[Hit],
        today: date | None,
    ) -> bool:
        """Return True when the question's subject is another country, not Viet Nam.

        With Viet Nam in place of the other countries it names, such a question means
        something else (its vector moves: similarity under `other_country_similarity`)
        and finds a text closer by more than `other_country_gain`: "the capital of Peru"
        becomes "the capital of Viet Nam". "I'm from Brazil, can I get an e-visa?" barely
        moves. An embassy's host country is the visitor's context and is never swapped.
        """
        most = self.settings.other_country_similarity
        swapped = swap_countries(text, language, keep=scope.host) if most > 0 else None
        if swapped is None:
            return False
        vector = self.retriever.embed(swapped)
        norms = float(np.linalg.norm(current) * np.linalg.norm(vector)) or 1.0
        if float(current @ vector) / norms >= most:
            return False
        found = self._search(swapped, language, scope, today, vector)
        return bool(found) and found[0].dense - hits[0].dense > self.settings.other_country_gain

    def _compose(self, text: str, hits: list[Hit]) -> str:
        s = self.settings
        return compose(
            self.retriever.restore(text),
            hits,
            s.max_answer_sentences,
            s.second_source_margin,
            s.sentence_window,
            s.max_list_items,
        )

    def _typed_first(self, text: str, hits: list[Hit], language: str) -> tuple[list[Hit], str]:
        """Put first a close section of the same page that gives the kind of answer asked.

        Sections of one page often score within a hair of each other ("How long is a
        residence card valid?" and "How much does it cost?"); when the best one gives no
        amount (or phone number, or percentage) and the question asks for one, a section
        of that page as relevant that does is the answer. The sections passed over are
        dropped, so they are not quoted as a second source. Returns the hits and the answer
        composed from them.
        """
        body = self._compose(text, hits)
        margin = self.settings.answer_type_fallback_margin
        wanted = self.types.wanted(text) if margin > 0 else []

        def gives(answer: str) -> bool:
            return all(kind.states(answer) for kind in wanted)

        if gives(body):
            return hits, body
        top = hits[0]
        # An FAQ entry is a text of its own, not a section of the FAQ page.
        page = top.metadata.get("group") if top.metadata.get("kind") != "faq" else None
        for i, hit in enumerate(hits[1:], start=1):
            if top.dense - hit.dense > margin or hit.metadata.get("group") != page:
                continue
            if hit.dense < self._threshold(hit, language):
                continue
            reordered = [hit, *hits[i + 1 :]]
            typed = self._compose(text, reordered)
            if gives(typed):
                return reordered, typed
        return hits, body

    def _retrieve(
        self,
        text: str,
        current: np.ndarray[Any, Any],
        language: str,
        scope: Scope,
        history: Sequence[Turn],
        today: date | None,
    ) -> list[Hit]:
        hits = self._search(text, language, scope, today, current)
        if not history:
            return hits
        related = (
            bool(hits) and hits[0].dense >= self._threshold(hits[0], language) - FOLLOW_UP_SLACK
        )
        if not related:
            return hits
        # A follow-up ("and how much does it cost?") keeps the previous question's topic:
        # ranking by a blend of both question vectors is a blend of both similarities,
        # and the lexical evidence counts the words of both questions ("residence card"
        # from the first, "how long" from the second).
        previous = self.retriever.respell(clean_input(history[-1].question), language)
        weight = self.settings.follow_up_weight
        blend = (1 - weight) * current + weight * self.retriever.embed(previous)
        blend /= float(np.linalg.norm(blend)) or 1.0
        both = f"{previous}\n{text}"
        return self._search(both, language, scope, today, blend)

    def _search(
        self,
        text: str,
        language: str,
        scope: Scope,
        today: date | None,
        vector: np.ndarray[Any, Any],
    ) -> list[Hit]:
        return self.retriever.search(
            text,
            lang=language,
            mission=scope.mission,
            local_first=scope.local_first,
            today=today,
            vector=vector,
        )

    def _generate(
        self, text: str, language: str, hits: list[Hit]
    ) -> tuple[str, list[Hit]] | Literal["declined"] | None:
        """Return a verified generated answer, "declined", or None to keep the extractive one.

        Official statements are never paraphrased: they are quoted.
        """
        if self.generator is None or hits[0].metadata.get("kind") == "statement":
            return None
        try:
            result = self.generator.generate(text, language, hits)
        except Exception as exc:  # LLM down, slow or ungrounded: the official text still answers
            log.warning(
                "generated answer rejected (%s): using the official text", type(exc).__name__
            )
            return None
        return "declined" if result is None else result

    def _threshold(self, hit: Hit, language: str) -> float:
        """Return the relevance a hit needs (lower when it is in another language).

        A question in a language no text is written in meets every text in another
        language; E5 matches such questions best with English, so a text that has an
        English version must clear `min_relevance_uncovered`. A text published only in,
        say, Vietnamese keeps the ordinary cross-language bar.
        """
        if hit.matched_lang == language:
            return self.settings.min_relevance
        corpus = self.retriever.corpus
        in_english = PIVOT in corpus.group_langs.get(str(hit.metadata.get("group", "")), set())
        if language in corpus.languages or not in_english:
            return self.settings.min_relevance_cross
        return self.settings.min_relevance_uncovered

    def _confidence(self, dense: float) -> float:
        """Map similarity onto 0..1, 0.5 at the refusal threshold."""
        return round(1 / (1 + math.exp(-25 * (dense - self.settings.min_relevance))), 3)

    def _small_talk(self, chat: SmallTalk, language: str, site: Site) -> Answer:
        """Greet back (with the site's own greeting) or say "you're welcome"."""
        if chat.kind == "greeting":
            body = site.greeting.get(language) or t("greeting", language)
        else:
            body = t("thanks", language)
        return Answer(
            answer=body, language=language, kind="small_talk", confidence=1.0, id=str(uuid.uuid4())
        )

    def _refuse(self, language: str, site: Site, reason: str, dense: float) -> Answer:
        contact = site.contact
        details = ", ".join(d for d in (contact.url, contact.email, contact.phone) if d)
        reach = t("contact", language, name=contact.name) + (f": {details}" if details else ".")
        return Answer(
            answer=f"{t(reason, language)}\n\n{reach}",
            language=language,
            sources=[],
            answered=False,
            confidence=self._confidence(dense) if dense else 0.0,
            kind="refusal",
            id=str(uuid.uuid4()),
            reason=reason,
        )
