"""Answer strings in every language the bot speaks."""

from __future__ import annotations

import pytest

from bot.i18n import MESSAGES, SUPPORTED_LANGUAGES, language_name, t


def test_language_names_are_written_in_the_readers_language() -> None:
    assert language_name("en", "ar") == "الإنجليزية"
    assert language_name("en", "fr") == "anglais"
    assert language_name("vi", "en") == "Vietnamese"
    assert language_name("en", "xx-unknown") == "English"  # an unknown reader gets the endonym


@pytest.mark.parametrize("lang", [lang for lang in SUPPORTED_LANGUAGES if lang != "en"])
def test_the_other_language_note_names_english_in_the_readers_language(lang: str) -> None:
    note = t("other_language", lang, name=language_name("en", lang))
    assert "English" not in note and language_name("en", lang) in note


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_exists_in_every_language(key: str) -> None:
    assert set(MESSAGES[key]) == set(SUPPORTED_LANGUAGES)
