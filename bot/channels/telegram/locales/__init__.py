"""UI strings of the Telegram channel, one module per language (translators edit one file)."""

from bot.channels.telegram.locales import ar, de, en, es, fr, ja, ko, ru, th, vi, zh

TEXTS: dict[str, dict[str, str]] = {
    "en": en.TEXTS,
    "vi": vi.TEXTS,
    "fr": fr.TEXTS,
    "zh": zh.TEXTS,
    "ru": ru.TEXTS,
    "es": es.TEXTS,
    "ja": ja.TEXTS,
    "ko": ko.TEXTS,
    "de": de.TEXTS,
    "ar": ar.TEXTS,
    "th": th.TEXTS,
}
