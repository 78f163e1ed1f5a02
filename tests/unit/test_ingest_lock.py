"""Two syncs of one index never run at once: ingest.py waits its turn and says so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config import Settings
from bot.knowledge.locking import sync_lock

REPO = Path(__file__).resolve().parents[2]


def test_ingest_waits_while_another_sync_runs(settings: Settings) -> None:
    env = {
        **os.environ,
        "ASKVN_KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "ASKVN_DATA_DIR": str(settings.data_dir),
        "ASKVN_EMBEDDING_MODEL": "fake",
    }
    with sync_lock(settings.data_dir):  # /admin/reindex (or another ingest) is running
        proc = subprocess.Popen(
            [sys.executable, "ingest.py"],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        said = ""
        while "waiting" not in said and proc.poll() is None:  # until ingest says why it waits
            said += proc.stderr.readline()
        assert "another sync of this index is running" in " ".join(said.split())
        assert proc.poll() is None, "ingest must wait, not sync alongside"
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Ingest summary" in out
