"""Shared fixtures: a small real knowledge base, settings, and the services built on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.channels.web.app import create_app
from bot.config import Settings
from bot.services import Services, build_services

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """Return a private copy of the test knowledge base (tests may edit it)."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


def make_settings(kb: Path, data: Path, **overrides: object) -> Settings:
    """Return settings for tests: no .env, fake embeddings unless overridden."""
    values: dict[str, object] = {
        "knowledge_dir": kb,
        "data_dir": data,
        "embedding_model": "fake",
        "min_relevance": 0.3,
        "min_relevance_cross": 0.3,
        "min_relevance_uncovered": 0.3,
        "off_topic_margin": 1.0,  # the semantic router needs a real model (tested end to end)
        "faq_min_relevance": 0.6,
        "rate_limit_ip": "1000/minute",
        "rate_limit_session": "1000/minute",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type, call-arg]


@pytest.fixture
def settings(kb_dir: Path, tmp_path: Path) -> Settings:
    """Settings over the test knowledge base with the deterministic fake embedding."""
    return make_settings(kb_dir, tmp_path / "data")


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """Real services (Chroma, SQLite, retrieval, answers) over the ingested test KB."""
    built = build_services(settings, ingest_if_empty=True)
    yield built
    built.close()


@pytest.fixture
def client(services: Services) -> TestClient:
    """The web app over those services, in process."""
    return TestClient(create_app(services))


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real multilingual E5 model once per test session."""
    from bot.retrieval.e5_build import ensure_e5_model

    cache = REPO / "data"  # reuse the model the README's run command built, if any
    if (cache / "models" / "multilingual-e5-small" / ".complete").exists():
        return ensure_e5_model(cache)
    return ensure_e5_model(tmp_path_factory.mktemp("model-cache"))


@pytest.fixture(scope="session")
def real_services(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[Services]:
    """Services with the real E5 model over the test KB (session-wide, read-only use)."""
    root = tmp_path_factory.mktemp("real")
    kb = root / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    built = build_services(
        make_settings(
            kb,
            root / "data",
            embedding_model=str(model_dir),
            min_relevance=Settings.model_fields["min_relevance"].default,
            min_relevance_cross=Settings.model_fields["min_relevance_cross"].default,
            min_relevance_uncovered=Settings.model_fields["min_relevance_uncovered"].default,
            faq_min_relevance=Settings.model_fields["faq_min_relevance"].default,
            off_topic_margin=Settings.model_fields["off_topic_margin"].default,
        ),
        ingest_if_empty=True,
    )
    yield built
    built.close()
