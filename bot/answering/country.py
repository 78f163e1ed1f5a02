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
from importlib import resources

import yaml
from babel import Locale, UnknownLocaleError

HOME = "VN"
# CLDR territory codes that are not countries a question could be about.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


# Short names people write that CLDR does not list ("the UK", "한국", "الإمارات"). Words
# that are also ordinary words ("us", Vietnamese "Anh") are left out.
_ALIASES: dict[str, dict[str, str]] = {
    "en": {"uk": "GB", "usa": "US", "u.s.": "US", "america": "US", "britain": "GB",
           "great britain": "GB", "england": "GB", "korea": "KR", "uae": "AE",
           "emirates": "AE", "holland": "NL"},
    "fr": {"usa": "US", "amérique": "US", "angleterre": "GB", "corée": "KR",
           "émirats": "AE"},
    "es": {"ee. uu.": "US", "eeuu": "US", "ee.uu.": "US", "inglaterra": "GB", "corea": "KR",
           "emiratos": "AE"},
    "de": {"usa": "US", "amerika": "US", "england": "GB", "korea": "KR", "emirate": "AE"},
    "ru": {"сша": "US", "америка": "US", "англия": "GB", "корея": "KR", "эмираты": "AE"},
    "zh": {"阿联酋": "AE"},
    "ja": {"アメリカ": "US", "米国": "US", "英国": "GB", "UAE": "AE"},
    "ko": {"한국": "KR", "영국": "GB", "아랍에미리트": "AE"},
    "th": {"อเมริกา": "US", "เกาหลี": "KR", "อังกฤษ": "GB"},
    "ar": {"الإمارات": "AE", "أمريكا": "US", "بريطانيا": "GB", "كوريا": "KR"},
    "vi": {"mỹ": "US", "nước anh": "GB", "uae": "AE"},
}  # fmt: skip


@cache
def country_names(lang: str) -> dict[str, str]:
    """Return lowercased country name → ISO code, in `lang` and in English."""
    names: dict[str, str] = {}
    for locale in (_locale("en"), _locale(lang)):
        for code, name in locale.territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                names[name.lower()] = code
    for short in {"en", lang}:
        names |= {name.lower(): code for name, code in _ALIASES.get(short, {}).items()}
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


def _code(word: str, names: dict[str, str]) -> str | None:
    """Return the ISO code of a matched name (a Russian case ending matches its stem)."""
    word = word.lower()
    return names.get(word) or next(
        (c for n, c in names.items() if n[:-1] == word[: len(n) - 1] and len(n) > 3), None
    )


def swap_countries(text: str, lang: str, keep: str | None = None) -> str | None:
    """Return `text` with other countries' names replaced by Viet Nam's, or None if it names none.

    `keep` is a country left as is (an embassy's host country is the visitor's context).
    """
    names = country_names(lang)
    home = _locale(lang).territories.get(HOME, "Viet Nam")
    swapped = False

    def replace(match: re.Match[str]) -> str:
        nonlocal swapped
        code = _code(match.group(), names)
        if code in (None, HOME, keep):
            return match.group()
        swapped = True
        return str(home)

    result = _pattern(lang).sub(replace, text)
    return result if swapped else None


# Viet Nam's own name as questions write it, besides CLDR's name in the question's language.
_VIET_NAM = re.compile(
    r"viet ?nam|việt ?nam|\bvn\b|越南|ベトナム|베트남|เวียดนาม|فيتنام|вьетнам\w*", re.IGNORECASE
)


@cache
def _entry_cues() -> dict[str, re.Pattern[str]]:
    path = resources.files("bot.answering") / "foreign_entry.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cues = {
        part: re.compile(
            "|".join(f"(?:{p})" for patterns in data[part].values() for p in patterns),
            re.IGNORECASE,
        )
        for part in ("entry", "person", "origin")
    }
    for side in ("before", "after"):
        patterns = [p for patterns in data["from"][side].values() for p in patterns]
        cues[side] = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    return cues


def _destinations(text: str, lang: str) -> list[str]:
    """Return the other countries `text` names, except those named as someone's origin."""
    cues = _entry_cues()
    names = country_names(lang)
    found = []
    for match in _pattern(lang).finditer(text):
        if _code(match.group(), names) in (None, HOME):
            continue
        before, after = text[max(0, match.start() - 30) : match.start()], text[match.end() :]
        if cues["before"].search(before) or cues["after"].match(after):
            continue
        found.append(match.group())
    return found


def about_foreign_entry(text: str, lang: str) -> bool:
    """Return True for a Vietnamese person's visa, residence or nationality in another country.

    A Vietnamese citizen needs none of these for Viet Nam, so the question ("Người Việt
    xin visa Hàn Quốc cần giấy tờ gì?") is about the other country's rules. It must name
    that country and not Viet Nam (the person's nationality aside); people of Vietnamese
    origin with another passport are Viet Nam's to answer (visa exemption certificates).
    An embassy's host country counts too: a French residence card is France's to issue,
    even when asked on the embassy's site in Paris.
    """
    cues = _entry_cues()
    if not cues["entry"].search(text) or cues["origin"].search(text):
        return False
    rest, people = cues["person"].subn(" ", text)
    if not people or _VIET_NAM.search(rest):
        return False
    home = _locale(lang).territories.get(HOME, "")
    if home and home.lower() in rest.lower():
        return False
    return bool(_destinations(rest, lang))
