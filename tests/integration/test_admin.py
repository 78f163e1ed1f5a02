"""What staff read through the admin API: filters, pages, CSV, votes, retention, upgrades."""

from __future__ import annotations

import csv
import io
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError

from bot.answering.models import Answer
from bot.config import Settings
from bot.knowledge.locking import sync_lock
from bot.services import Services, build_services
from bot.storage.db import Store
from bot.storage.retention import purge_expired

TOKEN = "s3cr3t-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_token": SecretStr(TOKEN)})


def ask(client: TestClient, message: str, **extra: str) -> dict:
    r = client.post("/api/chat", json={"message": message, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def record(store: Store, question: str, *, answered: bool = True, **fields: object) -> str:
    answer = Answer(
        answer=f"answer to {question}",
        language=str(fields.pop("language", "en")),
        answered=answered,
        kind="extractive" if answered else "refusal",
        reason=None if answered else str(fields.pop("reason", "not_found")),
    )
    return store.record(
        session_id=str(fields.pop("session_id", "session-1")),
        channel=str(fields.pop("channel", "web")),
        site=str(fields.pop("site", "default")),
        question=question,
        answer=answer,
        latency_ms=1.0,
    )


def test_greetings_are_not_counted_as_questions_answered(client: TestClient) -> None:
    ask(client, "What is the e-visa fee for a single entry?")
    ask(client, "hello")
    ask(client, "thanks!")
    ask(client, "zxqv plorb wug", lang="en")
    stats = client.get("/admin/stats", headers=AUTH).json()
    assert (stats["questions"], stats["answered"], stats["small_talk"]) == (2, 1, 2)
    assert stats["answered_ratio"] == 0.5
    assert stats["declined"] == {"not_found": 1}
    assert stats["by_channel"] == {"web": {"questions": 2, "answered": 1}}
    assert sum(n["questions"] for n in stats["by_language"].values()) == 2


def test_unanswered_lists_content_gaps_apart_from_off_topic_requests(client: TestClient) -> None:
    ask(client, "zxqv plorb wug", lang="en")
    ask(client, "Write me a python script that scrapes websites")
    gaps = client.get("/admin/unanswered", headers=AUTH).json()
    assert [r["question"] for r in gaps] == ["zxqv plorb wug"]
    assert gaps[0]["reason"] == "not_found" and gaps[0]["kind"] == "refusal"
    off = client.get("/admin/unanswered?reason=out_of_remit", headers=AUTH).json()
    assert [r["question"] for r in off] == ["Write me a python script that scrapes websites"]
    both = client.get("/admin/unanswered?reason=all", headers=AUTH).json()
    assert len(both) == 2


def test_times_carry_their_utc_offset(client: TestClient) -> None:
    ask(client, "What is the e-visa fee for a single entry?")
    row = client.get("/admin/questions", headers=AUTH).json()[0]
    created = datetime.fromisoformat(row["created"])
    assert created.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=5)


def test_every_row_is_reachable_page_by_page(client: TestClient, services: Services) -> None:
    for n in range(7):
        record(services.store, f"question {n}")
    seen: list[str] = []
    url = "/admin/questions?limit=3"
    pages = 0
    while url:
        r = client.get(url, headers=AUTH)
        assert r.status_code == 200
        seen += [row["question"] for row in r.json()]
        pages += 1
        link = r.headers.get("link")
        url = link.split(";")[0].strip("<>").replace("http://testserver", "") if link else ""
    assert pages == 3
    assert seen == [f"question {n}" for n in reversed(range(7))]  # newest first, no repeats
    bad = client.get("/admin/questions?cursor=not-a-cursor", headers=AUTH)
    assert bad.status_code == 422 and "cursor" in bad.json()["detail"]


def test_filters_by_channel_language_site_and_time(client: TestClient, services: Services) -> None:
    record(services.store, "web english")
    record(services.store, "telegram french", channel="telegram", language="fr")
    record(services.store, "paris", site="embassy-fr")

    def questions(query: str) -> list[str]:
        r = client.get(f"/admin/questions?{query}", headers=AUTH)
        assert r.status_code == 200, r.text
        return sorted(row["question"] for row in r.json())

    assert questions("channel=telegram") == ["telegram french"]
    assert questions("language=fr") == ["telegram french"]
    assert questions("site=embassy-fr") == ["paris"]
    assert questions("since=2000-01-01&until=2000-02-01") == []
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert len(questions(f"until={tomorrow}")) == 3
    assert client.get("/admin/stats?channel=telegram", headers=AUTH).json()["questions"] == 1
    assert client.get("/admin/questions?channel=fax", headers=AUTH).status_code == 422
    assert client.get("/admin/questions?site=%00", headers=AUTH).status_code == 422


def test_csv_export_keeps_formulas_as_text(client: TestClient, services: Services) -> None:
    record(services.store, '=HYPERLINK("https://evil.example","visa")')
    r = client.get("/admin/questions?format=csv", headers=AUTH)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows[0]["question"] == "'" + '=HYPERLINK("https://evil.example","visa")'


def test_staff_read_each_vote_with_its_question_answer_and_comment(client: TestClient) -> None:
    good = ask(client, "What is the e-visa fee for a single entry?")
    bad = ask(client, "Who can apply for an e-visa?")
    client.post("/api/feedback", json={"answer_id": good["answer_id"], "rating": "up"})
    client.post(
        "/api/feedback",
        json={"answer_id": bad["answer_id"], "rating": "down", "comment": "out\x00dated\u202e"},
    )
    down = client.get("/admin/feedback?rating=down", headers=AUTH).json()
    assert len(down) == 1
    assert down[0]["question"] == "Who can apply for an e-visa?"
    assert down[0]["answer"] == bad["answer"] and down[0]["comment"] == "outdated"
    assert down[0]["sources"].startswith("http")
    assert len(client.get("/admin/feedback", headers=AUTH).json()) == 2
    assert client.get("/admin/feedback", headers={}).status_code == 401


def test_malformed_feedback_ids_are_refused_clearly(client: TestClient) -> None:
    r = client.post("/api/feedback", json={"answer_id": "abc\x00", "rating": "up"})
    assert r.status_code == 422 and "answer_id" in r.json()["detail"]


def test_old_exchanges_and_their_votes_are_deleted(services: Services) -> None:
    store = services.store
    old = record(store, "asked long ago")
    store.add_feedback(old, -1, "stale", "web")
    record(store, "asked today")
    with store.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE exchanges SET created = :t WHERE id = :id"),
            {"t": datetime.now(UTC) - timedelta(days=200), "id": old},
        )
    assert purge_expired(store, 0) == 0  # 0 days: kept forever
    assert purge_expired(store, 180) == 1
    assert [r.question for r in store.recent().rows] == ["asked today"]
    assert store.feedback().rows == []


def test_a_database_from_an_earlier_version_is_upgraded_in_place(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # the exchanges table as it was before refusal reasons
        conn.execute(
            sa.text(
                "CREATE TABLE exchanges (id VARCHAR(36) PRIMARY KEY, session_id VARCHAR(128), "
                "channel VARCHAR(16), site VARCHAR(64), question TEXT, answer TEXT, "
                "language VARCHAR(8), answered BOOLEAN, confidence FLOAT, kind VARCHAR(16), "
                "sources TEXT, latency_ms FLOAT, reset BOOLEAN, created DATETIME)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO exchanges VALUES ('old-1', 's', 'web', 'default', 'kept?', 'no', "
                "'en', 0, 0.1, 'refusal', '[]', 3.0, 0, '2026-11-01 08:00:00.000000')"
            )
        )
    engine.dispose()
    store = Store(url)
    (row,) = store.unanswered().rows  # an old refusal counts as a content gap
    assert (row.question, row.reason, row.created.tzinfo) == ("kept?", None, UTC)
    record(store, "new refusal", answered=False, reason="out_of_remit")
    assert store.stats().declined == {"unrecorded": 1, "out_of_remit": 1}
    store.close()


def test_a_second_reindex_waits_its_turn(client: TestClient, settings: Settings) -> None:
    held, release = threading.Event(), threading.Event()

    def other_sync() -> None:  # ingest.py (or another worker) syncing right now
        with sync_lock(settings.data_dir):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=other_sync)
    thread.start()
    held.wait(10)
    busy = client.post("/admin/reindex", headers=AUTH)
    release.set()
    thread.join()
    assert busy.status_code == 409 and "another sync" in busy.json()["detail"]
    assert client.post("/admin/reindex", headers=AUTH).status_code == 200


def test_short_admin_tokens_are_refused_at_start(settings: Settings) -> None:
    with pytest.raises(ValidationError, match="at least 16"):
        Settings(_env_file=None, admin_token="hunter2")  # type: ignore[arg-type, call-arg]
    assert build_services(settings).settings.admin_token is not None


def test_guessing_the_token_is_slowed_down(client: TestClient) -> None:
    wrong = {"Authorization": "Bearer guess-guess-guess-guess"}
    assert all(client.get("/admin/stats", headers=wrong).status_code == 401 for _ in range(10))
    locked = client.get("/admin/stats", headers=AUTH)  # even the right token waits now
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 1
    assert client.get("/metrics", headers=wrong).status_code == 429
