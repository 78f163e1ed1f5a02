"""Questions whose subject is another country ("what is the capital of Peru?").

The official content is about Viet Nam, so the nearest text to a question about Peru's
capital is the one about Hà Nội, and it looks relevant. The test: put Viet Nam in place
of every other country the question names. When the country was only context ("I'm
from Brazil, can I get an e-visa?") the question barely changes; when it was the
subject, the question changes meaning, and the new one ("what is the capital of Viet
Nam?") finds a clearly closer text. Country names in each language come from CLDR
(Babel's locale data), so no list is kept by hand.
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale, UnknownLocaleError

HOME = "VN"
# CLDR territory codes that are not countries a question could be about.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@cache
def country_names(lang: str) -> dict[str, str]:
    """Return lowercased country name → ISO code, in `lang` and in English."""
    names: dict[str, str] = {}
    for locale in (_locale("en"), _locale(lang)):
        for code, name in locale.territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                names[name.lower()] = code
    return names


@cache
def _pattern(lang: str) -> re.Pattern[str]:
    alternatives = []
    for name in sorted(country_names(lang), key=len, reverse=True):
        escaped = re.escape(name)
        # Words in alphabetic scripts must stand alone ("Oman" is not in "Romania");
        # Chinese, Japanese or Thai names are written without spaces around them.
        spaced = re.match(r"[a-zà-ÿāăđĩũơưạ-ỹа-яё]", name) is not None
        if lang == "ru" and name[-1] in "аяйьо":
            # Russian declines names: Япония, в Японии, из Японии.
            escaped = re.escape(name[:-1]) + r"\w{1,3}"
        alternatives.append(rf"(?<!\w){escaped}(?!\w)" if spaced else escaped)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def swap_countries(text: str, lang: str, keep: str | None = None) -> str | None:
    """Return `text` with other countries' names replaced by Viet Nam's, or None if it names none.

    `keep` is a country left as is (an embassy's host country is the visitor's context).
    """
    names = country_names(lang)
    home = _locale(lang).territories.get(HOME, "Viet Nam")
    swapped = False

    def replace(match: re.Match[str]) -> str:
        nonlocal swapped
        word = match.group().lower()
        code = names.get(word) or next(
            (c for n, c in names.items() if n[:-1] == word[: len(n) - 1] and len(n) > 3), None
        )
        if code in (None, HOME, keep):
            return match.group()
        swapped = True
        return str(home)

    result = _pattern(lang).sub(replace, text)
    return result if swapped else None
