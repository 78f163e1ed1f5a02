"""Scale-out on Postgres: the same SQLAlchemy URL holds index records, conversations, analytics.

Needs a server: ASKVN_TEST_POSTGRES_URL (an admin URL; `.ci/run` starts Debian's
PostgreSQL and sets it). Each test gets a database of its own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from bot.channels.web.app import create_app
from bot.config import Settings
from bot.services import build_services

pytestmark = pytest.mark.postgres
ADMIN_URL = os.environ.get("ASKVN_TEST_POSTGRES_URL")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    if not ADMIN_URL:
        pytest.skip("set ASKVN_TEST_POSTGRES_URL to run the Postgres tests (.ci/run does)")
    import sqlalchemy as sa

    name = f"askvn_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_index_records_conversations_and_feedback_live_in_postgres(
    settings: Settings, postgres_url: str
) -> None:
    pg = settings.model_copy(update={"database_url": postgres_url})
    services = build_services(pg, ingest_if_empty=True)
    assert not (pg.data_dir / "askvn.sqlite3").exists()  # nothing in SQLite
    assert len(services.index.manifest.all()) == 10
    assert not services.index.sync([pg.knowledge_dir]).changed
    client = TestClient(create_app(services))
    first = client.post("/api/chat", json={"message": "Who can apply for an e-visa?"}).json()
    follow = client.post(
        "/api/chat", json={"message": "And the fee?", "session_id": first["session_id"]}
    ).json()
    assert "25 USD" in follow["answer"]
    assert (
        client.post(
            "/api/feedback", json={"answer_id": follow["answer_id"], "rating": 1}
        ).status_code
        == 200
    )
    stats = services.store.stats()
    assert (stats.questions, stats.feedback_up) == (2, 1)
    # A second process (another worker) sees the same records.
    other = build_services(pg)
    assert other.store.history(first["session_id"], 4)[0].question == "Who can apply for an e-visa?"
    assert set(other.index.manifest.all()) == set(services.index.manifest.all())


def test_text_with_nul_characters_is_stored_without_them(
    settings: Settings, postgres_url: str
) -> None:
    pg = settings.model_copy(
        update={"database_url": postgres_url, "admin_token": SecretStr("s3cr3t-admin-token")}
    )
    services = build_services(pg, ingest_if_empty=True)
    client = TestClient(create_app(services))
    answered = client.post("/api/chat", json={"message": "Who can apply\x00 for an e-visa?"})
    assert answered.status_code == 200
    vote = {"answer_id": answered.json()["answer_id"], "rating": "down", "comment": "old\x00 rule"}
    assert client.post("/api/feedback", json=vote).status_code == 200
    auth = {"Authorization": "Bearer s3cr3t-admin-token"}
    (row,) = client.get("/admin/feedback", headers=auth).json()
    assert (row["question"], row["comment"]) == ("Who can apply for an e-visa?", "old rule")
    assert datetime.fromisoformat(row["created"]).utcoffset() == timedelta(0)
    assert client.get("/admin/stats?site=%00", headers=auth).status_code == 422
    services.close()
