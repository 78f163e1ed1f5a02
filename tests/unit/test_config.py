"""Settings: one object, documented in .env.example, refusing placeholder secrets."""

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings, field_names


def test_env_example_lists_every_setting() -> None:
    text = (Path(__file__).parents[2] / ".env.example").read_text()
    listed = {m.lower() for m in re.findall(r"ASKVN_([A-Z0-9_]+)=", text)}
    assert listed == set(field_names())


def test_placeholder_secrets_are_refused() -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(_env_file=None, admin_token="changeme")  # type: ignore[arg-type, call-arg]


def test_environment_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASKVN_CHROMA_URL", "http://127.0.0.1:9999")
    monkeypatch.setenv("ASKVN_DATA_DIR", "/tmp/askvn-x")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.chroma_url == "http://127.0.0.1:9999"
    assert s.resolved_database_url == "sqlite:////tmp/askvn-x/askvn.sqlite3"


def test_env_example_shows_the_real_defaults_commented_out() -> None:
    # A copied .env must not freeze today's tuned values: every line is a comment, and
    # the value it shows is the default in bot/config.py.
    text = (Path(__file__).parents[2] / ".env.example").read_text()
    assert not re.findall(r"^ASKVN_", text, flags=re.MULTILINE)
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    fields = set(Settings.model_fields)
    checked = 0
    for name, value in re.findall(r"^# ASKVN_([A-Z0-9_]+)=(.*)$", text, flags=re.MULTILINE):
        field = name.lower()
        default = getattr(defaults, field)
        if field not in fields or default is None or not value:
            continue  # examples of optional settings (URLs, tokens) have no default
        shown = default.get_secret_value() if hasattr(default, "get_secret_value") else default
        if isinstance(shown, bool):
            assert value == str(shown).lower(), field
        elif isinstance(shown, int | float):
            assert float(value) == shown, field
        else:
            assert value == str(shown), field
        checked += 1
    assert checked >= 30


@pytest.mark.parametrize(
    "url", ["chroma-server:8000", "localhost:8001", "http://chroma:8000/chroma", "ftp://chroma"]
)
def test_a_chroma_url_that_would_be_misread_is_refused(url: str) -> None:
    # "chroma-server:8000" parses as a scheme and no host: it would quietly become
    # 127.0.0.1:8000, the bot's own port.
    with pytest.raises(ValidationError, match="chroma_url"):
        Settings(_env_file=None, chroma_url=url)  # type: ignore[call-arg]


def test_chroma_server_urls_and_headers_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASKVN_CHROMA_URL", "https://chroma.internal:8443/")
    monkeypatch.setenv("ASKVN_CHROMA_HEADERS", '{"X-Chroma-Token": "t0ken"}')
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.chroma_url == "https://chroma.internal:8443/"
    assert s.chroma_headers["X-Chroma-Token"].get_secret_value() == "t0ken"
    assert "t0ken" not in repr(s)


def test_an_empty_chroma_headers_line_means_no_headers(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("ASKVN_CHROMA_HEADERS=\nASKVN_METRICS_TOKEN=\n")
    s = Settings(_env_file=env)  # type: ignore[call-arg]
    assert s.chroma_headers == {} and s.metrics_token is None
