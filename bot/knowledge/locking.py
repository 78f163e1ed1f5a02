"""One sync at a time per data folder: ingest.py, /admin/reindex and every worker share it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class SyncInProgress(RuntimeError):
    """Another process (or request) is syncing the same index."""


@contextmanager
def sync_lock(data_dir: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold the data folder's sync lock; without `wait`, raise SyncInProgress if it is held.

    Two syncs at once would both embed the same files and race on the manifest. The lock
    is a file in the data folder (released by the OS if the process dies); servers on
    several machines that share one Chroma server should run ingest from one place.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(data_dir / "sync.lock")
    try:
        lock.acquire(timeout=-1 if wait else 0)
    except Timeout as exc:
        raise SyncInProgress(
            "another sync of this index is running (ingest.py or /admin/reindex); "
            "try again when it has finished"
        ) from exc
    try:
        yield
    finally:
        lock.release()
