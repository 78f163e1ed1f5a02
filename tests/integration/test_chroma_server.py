"""The same pipeline on a real Chroma server (`chroma run` on 127.0.0.1), and its outage."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import chromadb
import pytest
from fastapi.testclient import TestClient

from bot.channels.web.app import create_app
from bot.config import Settings
from bot.services import build_services

pytestmark = pytest.mark.server
CHROMA = Path(sys.executable).with_name("chroma")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ChromaServer:
    def __init__(self, path: Path) -> None:
        self.path, self.port = path, free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                chromadb.HttpClient(host="127.0.0.1", port=self.port).heartbeat()
                return
            except Exception:
                time.sleep(0.3)
        raise RuntimeError("chroma server did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    if not CHROMA.exists() and not shutil.which("chroma"):
        pytest.fail("the chroma CLI (chromadb package) is missing")
    server = ChromaServer(tmp_path / "chroma-server")
    server.start()
    yield server
    server.stop()


def test_ingest_and_answer_through_a_chroma_server(
    settings: Settings, chroma_server: ChromaServer
) -> None:
    remote = settings.model_copy(update={"chroma_url": chroma_server.url})
    services = build_services(remote, ingest_if_empty=True)
    assert services.index.count() > 0
    assert not (remote.data_dir / "chroma").exists()  # nothing embedded on local disk
    again = services.index.sync([remote.knowledge_dir])
    assert not again.changed
    answer = services.answerer.answer("What is the e-visa fee for a single entry?")
    assert answer.answered and "25 USD" in answer.answer


def test_store_outage_is_reported_and_recovers(
    settings: Settings, chroma_server: ChromaServer
) -> None:
    remote = settings.model_copy(update={"chroma_url": chroma_server.url})
    client = TestClient(create_app(build_services(remote, ingest_if_empty=True)))
    assert client.post("/api/chat", json={"message": "What is the e-visa fee?"}).status_code == 200
    chroma_server.stop()
    down = client.post("/api/chat", json={"message": "What is the e-visa fee?"})
    assert down.status_code == 503 and "unavailable" in down.json()["detail"]
    health = client.get("/api/health")
    assert health.status_code == 503 and health.json()["store_reachable"] is False
    chroma_server.start()
    back = client.post("/api/chat", json={"message": "What is the e-visa fee?"})
    assert back.status_code == 200 and "25 USD" in back.json()["answer"]


def test_the_chroma_headers_reach_the_server(settings: Settings) -> None:
    # A Chroma server with token auth reads its token from a header on every request.
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from pydantic import SecretStr

    from bot.retrieval.store import make_client

    seen: list[str | None] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers.get("X-Chroma-Token"))
            self.send_response(401)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            pass

    stub = HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    try:
        remote = settings.model_copy(
            update={
                "chroma_url": f"http://127.0.0.1:{stub.server_port}",
                "chroma_headers": {"X-Chroma-Token": SecretStr("s3cret-token")},
            }
        )
        with pytest.raises(Exception):  # noqa: B017 - the stub refuses: any client error
            make_client(remote)
    finally:
        stub.shutdown()
    assert seen and seen[0] == "s3cret-token"
