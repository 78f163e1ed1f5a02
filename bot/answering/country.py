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

from bot.text import any_of

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


def _names_pattern(names: list[str], lang: str) -> re.Pattern[str]:
    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        escaped = re.escape(name)
        # Words in alphabetic scripts must stand alone ("Oman" is not in "Romania");
        # Chinese, Japanese or Thai names are written without spaces around them.
        spaced = re.match(r"[a-zà-ÿāăđĩũơưạ-ỹа-яё]", name) is not None
        if lang == "ru" and name[-1] in "аяйьо":
            # Russian declines names: Япония, в Японии, из Японии.
            escaped = re.escape(name[:-1]) + r"\w{1,3}"
        alternatives.append(rf"(?<!\w){escaped}(?!\w)" if spaced else escaped)
    return re.compile("|".join(alternatives), re.IGNORECASE)


@cache
def _pattern(lang: str) -> re.Pattern[str]:
    return _names_pattern(list(country_names(lang)), lang)


def _code(word: str, names: dict[str, str]) -> str | None:
    """Return the ISO code of a matched name (a Russian case ending matches its stem)."""
    word = word.lower()
    return names.get(word) or next(
        (c for n, c in names.items() if n[:-1] == word[: len(n) - 1] and len(n) > 3), None
    )


def countries_named(text: str, lang: str) -> set[str]:
    """Return the ISO codes of the countries `text` names (in `lang` or in English)."""
    names = country_names(lang)
    return {code for m in _pattern(lang).finditer(text) if (code := _code(m.group(), names))}


def swap_countries(text: str, lang: str, keep: str | None = None) -> str | None:
    """Return `text` with other countries' names replaced by Viet Nam's, or None if it names none.

    `keep` is a country left as is (an embassy's host country is the visitor's context).
    """
    names = country_names(lang)
    home = home_name(lang)
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


# Short names people write for a country they go to that CLDR does not list ("the UK",
# "한국", "الإمارات"). Only the foreign-entry check uses them: names that are also parts
# of ordinary words ("us", "Latin America", Vietnamese "Mỹ" in "mỹ phẩm", Thai "อังกฤษ"
# in "ภาษาอังกฤษ", the English language) are left out.
_ALIASES: dict[str, dict[str, str]] = {
    "en": {"uk": "GB", "usa": "US", "the us": "US", "the u.s.": "US", "britain": "GB",
           "great britain": "GB", "england": "GB", "korea": "KR", "uae": "AE", "emirates": "AE",
           "dubai": "AE", "holland": "NL", "europe": "EU", "schengen area": "EU"},
    "fr": {"usa": "US", "amérique": "US", "angleterre": "GB", "corée": "KR",
           "émirats": "AE", "dubaï": "AE", "europe": "EU", "espace schengen": "EU"},
    "es": {"ee. uu.": "US", "eeuu": "US", "ee.uu.": "US", "inglaterra": "GB", "corea": "KR",
           "emiratos": "AE", "dubái": "AE", "europa": "EU"},
    "de": {"usa": "US", "amerika": "US", "england": "GB", "korea": "KR", "emirate": "AE",
           "dubai": "AE", "europa": "EU"},
    "ru": {"сша": "US", "америка": "US", "англия": "GB", "корея": "KR", "эмираты": "AE",
           "дубай": "AE", "европа": "EU"},
    "zh": {"阿联酋": "AE", "迪拜": "AE", "欧洲": "EU", "申根区": "EU"},
    "ja": {"アメリカ": "US", "米国": "US", "ドバイ": "AE", "ヨーロッパ": "EU"},
    "ko": {"한국": "KR", "두바이": "AE", "유럽": "EU"},
    "ar": {"الإمارات": "AE", "دبي": "AE", "أمريكا": "US", "بريطانيا": "GB", "كوريا": "KR",
           "أوروبا": "EU"},
    "vi": {"nước mỹ": "US", "nước anh": "GB", "châu âu": "EU", "dubai": "AE"},
}  # fmt: skip


@cache
def _entry_cues(lang: str) -> dict[str, re.Pattern[str]]:
    """Return the foreign-entry cues of `lang` and English, compiled."""
    path = resources.files("bot.answering") / "foreign_entry.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    parts = {p: data[p] for p in ("entry", "person", "origin", "home", "foreign", "nationality")}
    parts |= data["from"] | {f"not_{side}": table for side, table in data["ordinary"].items()}
    parts |= {f"to_{side}": table for side, table in data["to"].items()}
    parts |= {f"mission_{side}": table for side, table in data["mission"].items()}
    langs = dict.fromkeys(("en", lang))
    return {
        part: any_of([p for code in langs for p in table.get(code) or []])
        for part, table in parts.items()
    }


@cache
def _destination_names(lang: str) -> dict[str, str]:
    """Return country names and the short names people write, in `lang` and English."""
    names = dict(country_names(lang))
    for code in dict.fromkeys(("en", lang)):
        names |= _ALIASES.get(code, {})
    return names


@cache
def _destination_pattern(lang: str) -> re.Pattern[str]:
    return _names_pattern(list(_destination_names(lang)), lang)


def _around(match: re.Match[str]) -> tuple[str, str]:
    """Return the 30 characters before a match and the rest of the text after it."""
    return match.string[max(0, match.start() - 30) : match.start()], match.string[match.end() :]


def _other_countries(text: str, lang: str, host: str | None = None) -> list[re.Match[str]]:
    """Return where `text` names a country other than Viet Nam (short names included).

    An embassy's host country (`host`), where its visitors are, is left out too.
    """
    cues = _entry_cues(lang)
    names = _destination_names(lang)
    found = []
    for match in _destination_pattern(lang).finditer(text):
        if _code(match.group(), names) in (None, HOME, host):
            continue
        before, after = _around(match)
        if cues["not_skip"].fullmatch(match.group()) or cues["not_before"].search(before):
            continue  # part of an ordinary word
        if not cues["not_after"].match(after):
            found.append(match)
    return found


def _destinations(text: str, lang: str) -> list[str]:
    """Return the other countries `text` names, except as where someone is from or lives."""
    cues = _entry_cues(lang)
    places = []
    for match in _other_countries(text, lang):
        before, after = _around(match)
        if not cues["before"].search(before) and not cues["after"].match(after):
            places.append(match.group())
    return places


# Viet Nam or Vietnamese in any form ("Vietnamese nurses", "vietnamita"): left in a
# question once the Vietnamese person is taken out, it says the question is about Viet Nam.
_VIET_ANY = re.compile(
    r"viet ?nam|việt ?nam|\bvn\b|越南|ベトナム|베트남|เวียดนาม|فيتنام|вьетнам\w*", re.IGNORECASE
)


def about_foreign_entry(text: str, lang: str) -> bool:
    """Return True for a Vietnamese person's visa, residence or nationality in another country.

    A Vietnamese citizen needs none of these for Viet Nam, so the question ("Người Việt
    xin visa Hàn Quốc cần giấy tờ gì?") is about the other country's rules. It must name
    that country as where to go, and not name Viet Nam (the person's nationality aside):
    "we live in Australia, does our son need a visa for Đà Nẵng?" is Viet Nam's. People
    of Vietnamese origin with another passport are Viet Nam's to answer too (visa
    exemption certificates). An embassy's host country counts: a French residence card
    is France's to issue, even when asked on the embassy's site in Paris.
    """
    cues = _entry_cues(lang)
    if not cues["entry"].search(text) or cues["origin"].search(text):
        return False
    if cues["home"].search(text):
        return False
    rest, people = cues["person"].subn(" ", text)
    if not people or _VIET_ANY.search(rest) or _names_viet_nam(rest, lang):
        return False
    return bool(_destinations(rest, lang)) or bool(cues["foreign"].search(rest))


# Passing through another country on the way ("a layover in Japan") is no trip there.
_TRANSIT = re.compile(
    r"\b(layovers?|stopovers?|transit\w*|connecting flight|escales?|via|escalas?|transbordo"
    r"|durchreise|umstieg|zwischenstopp|пересадк\w*|транзит\w*|quá cảnh)\b"
    r"|转机|中转|经停|乗り継ぎ|トランジット|経由|경유|환승|ต่อเครื่อง|ترانزيت",
    re.IGNORECASE,
)


def _going_to(text: str, lang: str, host: str | None) -> list[str]:
    """Return the other countries `text` names as where someone goes ("a visa for Japan")."""
    cues = _entry_cues(lang)
    places = []
    for match in _other_countries(text, lang, host):
        before, after = _around(match)
        if cues["to_before"].search(before) or cues["to_after"].match(after):
            places.append(match.group())
    return places


# Viet Nam's own nationality named in Vietnamese ("giữ quốc tịch Việt Nam").
_VIET_NATIONALITY = re.compile(r"quốc tịch việt", re.IGNORECASE)


def acquires_foreign_nationality(text: str, lang: str) -> bool:
    """Return True for acquiring another country's nationality, Viet Nam's not named.

    "Quelles sont les conditions pour obtenir la nationalité canadienne ?" is Canada's
    to answer; the nearest text, on naturalisation in Viet Nam, would be the wrong law.
    "Can my wife keep Vietnamese citizenship if she gets German citizenship?" names Viet
    Nam's nationality and is Viet Nam's to answer.
    """
    cues = _entry_cues(lang)
    if not cues["nationality"].search(text):
        return False
    return not (cues["home"].search(text) or _VIET_NATIONALITY.search(text))


def entry_to_another_country(text: str, lang: str, host: str | None = None) -> bool:
    """Return True for anyone's visa or residence for another country, Viet Nam unnamed.

    "中国人去泰国旅游需要签证吗？" asks about Thailand's visas, whoever the traveller is.
    The country must be named as where to go ("visa for", "去", "に行く"): a question that
    only names one ("can I apply at the embassy in France?", "米国市民はビザが必要ですか？")
    is not one, nor is a question naming Viet Nam, a transit on the way, or the embassy's
    host country (`host`), where its visitors are.
    """
    cues = _entry_cues(lang)
    if not cues["entry"].search(text) or cues["origin"].search(text):
        return False
    if _says_viet_nam(text, lang) or _TRANSIT.search(text):
        return False
    return bool(_going_to(text, lang, host))


# An embassy or consulate, in the words of `foreign` ("Japanese embassy", "대사관").
_EMBASSY = re.compile(
    r"embass|consulat|botschaft|konsulat|посольств|консульств|大使|领事|領事|대사관|영사관"
    r"|đại sứ|lãnh sự",
    re.IGNORECASE,
)


def names_foreign_mission(text: str, lang: str) -> bool:
    """Return True when `text` names another country's embassy or consulate.

    "ハノイにある日本大使館", "the embassy of Japan" or "l'ambassade de France à Hanoï" is
    that country's mission, not Viet Nam's mission there: "the Vietnamese embassy in
    Japan", "越南驻日本大使馆" or "駐日ベトナム大使館" name Japan as where it is.
    """
    cues = _entry_cues(lang)
    for named in cues["foreign"].finditer(text):
        if _EMBASSY.search(named.group()) and not cues["mission_at"].search(_around(named)[0]):
            return True
    for match in _other_countries(text, lang):
        before, after = _around(match)
        if cues["mission_at"].search(before):
            continue
        if cues["mission_before"].search(before) or cues["mission_after"].match(after):
            return True
    return False


def _says_viet_nam(text: str, lang: str) -> bool:
    """Return True when `text` names Viet Nam in any form, its cities or what it issues."""
    return bool(
        _VIET_ANY.search(text)
        or _names_viet_nam(text, lang)
        or _entry_cues(lang)["home"].search(text)
    )


def home_name(lang: str) -> str:
    """Return Viet Nam's name in `lang` (CLDR)."""
    return str(_locale(lang).territories.get(HOME, "Viet Nam"))


def entry_from_abroad(text: str, lang: str) -> bool:
    """Return True for a visa question from another country's citizen that names no destination.

    "Нужна ли виза гражданам России?" and "Do citizens of Chile need a visa?" leave Viet Nam
    unsaid: on Viet Nam's service the visa is Viet Nam's. A question naming another
    country's visa ("a Schengen visa") or a country to go to is not one.
    """
    cues = _entry_cues(lang)
    if not cues["entry"].search(text) or cues["foreign"].search(text):
        return False
    if _says_viet_nam(text, lang):
        return False
    return bool(_other_countries(text, lang)) and not _destinations(text, lang)


def names_no_other_country(text: str, lang: str, host: str | None = None) -> bool:
    """Return True when `text` names no country but Viet Nam, nor another country's visa.

    On Viet Nam's official service a question is about Viet Nam unless it says otherwise:
    "What documents do I need for an e-visa?" and "Can I just turn up at Hanoi airport and
    buy a visa on arrival?" cannot be about another country's affairs, however close they
    sound to "how do I get a visa for Thailand?". An embassy's host country (`host`) is
    where its visitors are: "I am a student in France, do I need a visa?" on the site in
    Paris names no other country.
    """
    cues = _entry_cues(lang)
    return not (cues["foreign"].search(text) or _other_countries(text, lang, host))


# Viet Nam's name, not the English, French or Spanish adjective ("Vietnamese",
# "vietnamien", "vietnamita"); in other scripts the name inside a compound ("越南公民",
# "베트남 국민") counts, as these name the country too.
_VIET_NAM_PLACE = re.compile(
    r"\b(viet ?nam|việt ?nam|vn)\b|越南(?!人)|ベトナム(?!人)|베트남(?!인| 사람)|เวียดนาม"
    r"|فيتنام(?!ي)|вьетнам(?!ц|к|ск)\w*",
    re.IGNORECASE,
)


@cache
def _home_name(lang: str) -> re.Pattern[str]:
    """Return a pattern of Viet Nam's CLDR name in `lang` and in English, as whole words."""
    names = {_locale(code).territories.get(HOME, "") for code in ("en", lang)} - {""}
    return any_of([rf"(?<!\w){re.escape(n)}(?!\w)" for n in sorted(names)])


def _names_viet_nam(text: str, lang: str) -> bool:
    """Return True when `text` names Viet Nam itself (in its language or English)."""
    return bool(_VIET_NAM_PLACE.search(text) or _home_name(lang).search(text))
