"""Answer types: a question that asks for a price needs an answer that states one."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

# A number as content writes it: 25, 5,000, 5.000, 5 000, 15,000,000, 1.5.
_NUMBER = r"(?:\d[\d.,\u00a0\u202f ]*\d|\d)"
# Words between a number and its currency: "1.5 million dollars", "13 triệu đồng".
_SCALE = r"(?:million|billion|triệu|tỷ|万|億|억)"


class PriceCheck:
    """Tell price questions from others, and answers that state a price from others."""

    def __init__(self, asks: dict[str, list[str]], currency: list[str], free: list[str]) -> None:
        """Compile the cue patterns (any language) and the amount patterns."""
        cues = [p for patterns in asks.values() for p in patterns]
        self._asks = re.compile("|".join(cues), re.IGNORECASE)
        unit = "(?:" + "|".join(currency) + ")"
        amount = rf"{unit}\s?{_NUMBER}|{_NUMBER}\s?{_SCALE}?\s?{unit}"
        self._states = re.compile(amount + "|" + "|".join(free), re.IGNORECASE)

    def asks_price(self, question: str) -> bool:
        """Return True when the question asks what something costs."""
        return bool(self._asks.search(question))

    def states_price(self, text: str) -> bool:
        """Return True when the text gives an amount of money, or says it is free."""
        return bool(self._states.search(text))

    def unanswered(self, question: str, answer: str) -> bool:
        """Return True for a price question whose answer names no price."""
        return self.asks_price(question) and not self.states_price(answer)


@cache
def price_check() -> PriceCheck:
    """Return the price check built from the bundled cue lists."""
    text = (resources.files("bot.answering") / "answer_types.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)["price"]
    return PriceCheck(data["asks"], data["currency"], data["free"])
