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
