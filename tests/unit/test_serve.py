"""`python -m bot serve`: what the parent process prepares before uvicorn starts workers."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn
from sqlalchemy import create_engine, inspect

from bot.channels.web.server import serve
from bot.config import Settings, get_settings


def test_serve_ingests_and_creates_the_tables_before_the_workers_start(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def run(app: str, **options: Any) -> None:  # in place of starting uvicorn's workers
        engine = create_engine(settings.resolved_database_url)
        seen["tables"] = set(inspect(engine).get_table_names())
        seen["workers"] = options["workers"]
        seen["settings_workers"] = get_settings().workers
        engine.dispose()

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setenv("ASKVN_WORKERS", "4")
    get_settings.cache_clear()
    assert get_settings().workers == 4  # as read from .env or the environment at start
    serve(settings, host=None, port=None, workers=1)
    # Workers racing to create tables on a new Postgres database fail: the parent does it.
    assert {"exchanges", "feedback"} <= seen["tables"]
    # `--workers 1` wins over ASKVN_WORKERS=4, in this process too (it is the worker).
    assert seen["workers"] == 1 and seen["settings_workers"] == 1
    get_settings.cache_clear()
