"""One sync at a time per data folder: ingest.py, /admin/reindex and every worker share it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

BUSY = "another sync of this index is running (ingest.py or /admin/reindex)"


class SyncInProgress(RuntimeError):
    """Another process (or request) is syncing the same index."""


@contextmanager
def sync_lock(
    data_dir: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the data folder's sync lock; without `wait`, raise SyncInProgress if it is held.

    With `wait`, a held lock is waited for, and `on_wait` is first told why.

    Two syncs at once would both embed the same files and race on the manifest. The lock
    is a file in the data folder (released by the OS if the process dies); servers on
    several machines that share one Chroma server should run ingest from one place.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(data_dir / "sync.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        if not wait:
            raise SyncInProgress(BUSY + "; try again when it has finished") from exc
        if on_wait is not None:
            on_wait(BUSY + ": waiting for it to finish…")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
