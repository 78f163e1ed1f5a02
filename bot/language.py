"""Language detection of questions and content (lingua), limited to likely languages."""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from bot.i18n import normalize_lang

# Only the languages the bot serves: a wider set mistakes short French questions for
# Italian, and an unsupported guess helps nobody.
_LANGUAGES = [
    Language.ENGLISH, Language.VIETNAMESE, Language.FRENCH, Language.CHINESE,
    Language.RUSSIAN, Language.SPANISH, Language.JAPANESE, Language.KOREAN,
    Language.GERMAN, Language.ARABIC, Language.THAI,
]  # fmt: skip

# Script shortcuts are exact and much faster than statistics for these scripts.
# Names and codes shared by every language say nothing about the language of a question.
_NEUTRAL = re.compile(
    r"\bvi[eệ]t\s?nam\w*|https?://\S+|\b[\w.-]+\.(?:vn|com|org)\b|\d+", re.IGNORECASE
)
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Opening question and exclamation marks: only Spanish, among the served languages, has
# them, and short questions ("¿Qué es el Tết?") give the statistics too little to go on.
# A mark quoted inside another language's sentence ("What does ¡Hola! mean?") does not count.
_SPANISH_MARKS = re.compile(r"^\W*[¿¡]|[.,;:!?]\s*[¿¡]")
# Letters only Vietnamese uses among the served languages (French shares â, ê and ô).
_VIET = re.compile(r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# Any letter of the Vietnamese alphabet with a mark, shared ones included (Huế, Phú, Hùng).
_VIET_MARKED = re.compile(r"[àáâãèéêìíòóôõùúýăđĩũơư\u1ea0-\u1ef9]", re.IGNORECASE)


# Vietnamese typed without diacritics ("ban toi can visa khong"): lingua, trained on
# written Vietnamese, takes it for French. Every word of it is one Vietnamese syllable
# (initial consonant, vowels, final consonant), which English, French, Spanish or German
# sentences rarely are, and it uses words no other served language has.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
_PLAIN_VIET = frozenset({
    "khong", "duoc", "nguoi", "nhieu", "nhung", "cua", "toi", "minh", "gi", "nao", "lam", "sao",
    "voi", "trong", "nay", "mot", "cac", "dau", "bao", "phai", "muon", "biet", "xin", "giup",
    "hoi", "chieu", "thuc", "nhap", "canh", "dien", "thoai", "bay", "gio", "chua", "roi", "duong",
    "nuoc", "ngoai", "thang", "ngay", "nam", "hoc", "truong", "dai", "quan", "la", "ai", "co",
})  # fmt: skip


_LOANWORDS = frozenset({
    "visa", "evisa", "online", "email", "website", "app", "sim", "taxi", "hotline", "vn", "usd",
    "vnd", "euro", "ok", "covid", "passport", "check", "in", "e",
})  # fmt: skip


def _plain_vietnamese(words: list[str]) -> bool:
    """Return True for a sentence of Vietnamese syllables typed without diacritics.

    Borrowed words Vietnamese writes as in English ("visa", "online") count for neither
    side; one other word that is not a syllable ("Belarus") is allowed in ten.
    """
    plain = [w.strip(".,;:!?\"'()“”‘’«»").lower() for w in words]
    plain = [w for w in plain if w.isalpha() and w.isascii() and w not in _LOANWORDS]
    if len(plain) < 3 or len(plain) < len(words) * 0.6:
        return False
    syllables = sum(bool(_SYLLABLE.fullmatch(w)) for w in plain)
    typical = sum(w in _PLAIN_VIET for w in plain)
    return syllables >= 0.9 * len(plain) and typical >= 2


def plain_syllables(text: str) -> bool:
    """Return True when every word of `text` could be a Vietnamese syllable without marks.

    "pho", "Hoang Sa" and "Tet" are; a Vietnamese reader typing without diacritics may
    mean another word by them ("pho co" is phố cổ, the old quarter, not phở).
    """
    words = [w for w in re.split(r"[\s-]+", text.strip()) if w]
    return bool(words) and all(_unmarked_syllable(w) for w in words)


def _unmarked_syllable(word: str) -> bool:
    """Return True for a word of plain letters that is one Vietnamese syllable (Ho, pho)."""
    return word.isascii() and word.isalpha() and _SYLLABLE.fullmatch(word.lower()) is not None


def _viet_name(word: str) -> bool:
    """Return True for a word that may be a syllable of a Vietnamese name (Quyền, Minh, Ho)."""
    if _VIET_MARKED.search(word):
        return True
    return _unmarked_syllable(word.strip(".,;:!?\"'()“”‘’«»"))


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(*_LANGUAGES).with_preloaded_language_models().build()
    )


def detect_language(
    text: str, *, min_confidence: float = 0.3, min_ratio: float = 1.25
) -> str | None:
    """Return the ISO 639-1 code of `text`, or None when unsure."""
    sample = _NEUTRAL.sub(" ", text[:2000])
    if _KANA.search(sample):
        return "ja"
    if _HANGUL.search(sample):
        return "ko"
    if _HAN.search(sample):
        return "zh"
    if _THAI.search(sample):
        return "th"
    if _ARABIC.search(sample) and not re.search(r"[A-Za-z]{4,}", sample):
        return "ar"
    words = sample.split()
    # Vietnamese names (Ngô Quyền, Bạch Đằng, Đà Lạt) are capitalised inside a sentence in
    # any language: only the other words say which language the question is in.
    names = {i for i, w in enumerate(words) if i and w[0].isupper() and _VIET_MARKED.search(w)}
    viet_words = sum(1 for i, w in enumerate(words) if _VIET.search(w) and i not in names)
    if viet_words >= 2 and viet_words >= 0.3 * len(words):
        return "vi"
    if not _VIET_MARKED.search(sample) and _plain_vietnamese(words):
        return "vi"
    if _SPANISH_MARKS.search(sample):
        return "es"
    code = _lingua([w for i, w in enumerate(words) if i not in names], min_confidence, min_ratio)
    if code == "vi":
        # The same names typed without diacritics ("Who was Ho Chi Minh?") read as
        # Vietnamese too; when other words are not Vietnamese syllables, they decide.
        unmarked = {i for i, w in enumerate(words) if i and w[0].isupper() and _viet_name(w)}
        rest = [w for i, w in enumerate(words) if i not in names | unmarked]
        if any(not _viet_name(w) for w in rest):
            code = _lingua(rest, min_confidence, min_ratio) or code
    return code


def _lingua(words: list[str], min_confidence: float, min_ratio: float) -> str | None:
    """Return lingua's language for `words` when it is sure enough, else None."""
    text = " ".join(words)
    values = _detector().compute_language_confidence_values(text) if text.strip() else []
    if not values:
        return None
    top, second = values[0].value, (values[1].value if len(values) > 1 else 0.0)
    if top < min_confidence and top < min_ratio * second:
        return None
    code: IsoCode639_1 = values[0].language.iso_code_639_1
    return normalize_lang(code.name)


def choose_language(question: str, requested: str | None, default: str = "en") -> str:
    """Pick the answer language: the question's own when clear, else the requested one."""
    detected = detect_language(question) if len(question.strip()) >= 12 else None
    if detected is None and len(question.strip()) >= 4:
        detected = detect_language(question, min_confidence=0.9, min_ratio=3.0)
    return detected or normalize_lang(requested) or default
