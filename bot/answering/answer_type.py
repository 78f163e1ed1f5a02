"""Answer types: a question asking for a price, phone number or percentage needs one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from bot.text import any_of

# A number as content writes it: 25, 5,000, 5.000, 5 000, 15,000,000, 1.5.
_NUMBER = r"(?:\d[\d.,\u00a0\u202f ]*\d|\d)"
# Words between a number and its currency: "1.5 million dollars", "13 triệu đồng".
_SCALE = r"(?:million|billion|triệu|tỷ|万|億|억)"


@dataclass(frozen=True)
class AnswerType:
    """One kind of answer: the questions that ask for it, and texts that state it."""

    name: str
    asks_for: re.Pattern[str]
    stated: re.Pattern[str]

    def asks(self, question: str) -> bool:
        """Return True when the question asks for this kind of answer."""
        return bool(self.asks_for.search(question))

    def states(self, text: str) -> bool:
        """Return True when the text gives this kind of answer."""
        return bool(self.stated.search(text))

    def unanswered(self, question: str, answer: str) -> bool:
        """Return True when the question asks for this kind of answer and `answer` lacks it."""
        return self.asks(question) and not self.states(answer)


class AnswerTypes:
    """All answer types: which ones a question wants, and whether a text gives them."""

    def __init__(self, types: Mapping[str, AnswerType]) -> None:
        """Keep the types by name."""
        self.types = dict(types)

    def __getitem__(self, name: str) -> AnswerType:
        """Return one type by name ("price", "phone", "percent")."""
        return self.types[name]

    def wanted(self, question: str) -> list[AnswerType]:
        """Return the types the question asks for."""
        return [t for t in self.types.values() if t.asks(question)]

    def unanswered(self, question: str, answer: str) -> bool:
        """Return True when the answer lacks a kind of answer the question asks for."""
        return any(t.unanswered(question, answer) for t in self.types.values())


def _asks(data: Mapping[str, Any]) -> re.Pattern[str]:
    return any_of([p for patterns in data["asks"].values() for p in patterns])


def _price(data: Mapping[str, Any]) -> AnswerType:
    unit = "(?:" + "|".join(data["currency"]) + ")"
    amount = rf"{unit}\s?{_NUMBER}|{_NUMBER}\s?{_SCALE}?\s?{unit}"
    return AnswerType("price", _asks(data), any_of([amount, *data["free"]]))


def _stated(name: str, data: Mapping[str, Any]) -> AnswerType:
    return AnswerType(name, _asks(data), any_of(data["states"]))


@cache
def answer_types() -> AnswerTypes:
    """Return the answer types built from the bundled cue lists."""
    text = (resources.files("bot.answering") / "answer_types.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    types = {"price": _price(data["price"])}
    types |= {name: _stated(name, spec) for name, spec in data.items() if name != "price"}
    return AnswerTypes(types)
