"""Request and response bodies of the web API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from bot.answering.models import Answer
from bot.i18n import SUPPORTED_LANGUAGES, normalize_lang
from bot.text import clean_input


class ChatRequest(BaseModel):
    """A visitor's question."""

    message: str = Field(description="the question, plain text")
    session_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{8,64}$")
    site: str | None = Field(default=None, max_length=64)
    lang: str | None = Field(
        default=None, max_length=16, description="the visitor's language (en, fr-FR, zh-Hans…)"
    )

    @field_validator("lang")
    @classmethod
    def _supported(cls, value: str | None) -> str | None:
        """Reduce a language tag to a language the bot speaks, or refuse it with the list."""
        code = normalize_lang(value)
        if value is not None and code not in SUPPORTED_LANGUAGES:
            raise ValueError(
                f"lang {value!r} is not supported: use one of {', '.join(SUPPORTED_LANGUAGES)}"
            )
        return code


class SourceOut(BaseModel):
    """A cited official page."""

    title: str
    url: str
    snippet: str
    published: str | None


class ChatResponse(BaseModel):
    """A cited answer (or a polite refusal when `answered` is false)."""

    answer: str
    language: str
    sources: list[SourceOut]
    session_id: str
    answered: bool
    answer_id: str
    confidence: float

    @classmethod
    def of(cls, answer: Answer, session_id: str) -> ChatResponse:
        """Build the response from an Answer."""
        return cls(
            answer=answer.answer,
            language=answer.language,
            sources=[
                SourceOut(title=s.title, url=s.url, snippet=s.snippet, published=s.published)
                for s in answer.sources
            ],
            session_id=session_id,
            answered=answer.answered,
            answer_id=answer.id or "",
            confidence=answer.confidence,
        )


class FeedbackRequest(BaseModel):
    """Thumbs up (1) or down (-1) on one answer, with an optional comment."""

    answer_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    rating: Literal[1, -1, "up", "down"]
    comment: str | None = Field(default=None, max_length=1000)

    @field_validator("comment")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        """Keep the comment as plain text (no control characters); blank means none."""
        return (clean_input(value) or None) if value is not None else None

    @property
    def score(self) -> int:
        """Return +1 or -1."""
        return 1 if self.rating in (1, "up") else -1


class SiteOut(BaseModel):
    """What the widget needs to know about its site."""

    id: str
    name: str
    accent: str
    default_lang: str
    languages: list[str]
    greeting: dict[str, str]
    suggested: dict[str, list[str]]
    contact: dict[str, str | None]
    max_chars: int = Field(description="the longest question accepted, in characters")
