"""Run the web app with uvicorn (one or several workers)."""

from __future__ import annotations

import logging
import os
import tempfile

import uvicorn

from bot.config import Settings, get_settings
from bot.knowledge.indexing import KnowledgeIndex
from bot.services import first_ingest
from bot.storage.db import Store

log = logging.getLogger(__name__)


def serve(settings: Settings, *, host: str | None, port: int | None, workers: int | None) -> None:
    """Ingest the knowledge base if the index is empty, then serve."""
    index = KnowledgeIndex.from_settings(settings)
    if index.count() == 0:
        print(f"Empty index: ingesting {settings.knowledge_dir} (first start)…", flush=True)
    report = first_ingest(index, settings)
    if report is not None:
        print(f"Indexed {len(report.added)} files, {report.chunks_added} chunks.", flush=True)
    # Create the conversation tables once, here: workers racing to create them on a new
    # Postgres database fail on its catalogue's unique index.
    Store(settings.resolved_database_url).close()
    n = workers or settings.workers
    os.environ["ASKVN_WORKERS"] = str(n)  # the workers' own settings must know
    get_settings.cache_clear()  # and so must this process, which is the worker when n == 1
    if n > 1 and settings.rate_limit_storage.startswith("memory://"):
        log.warning(
            "%d workers with memory:// rate limits: each worker counts on its own, so the "
            "limits are %d times looser; set ASKVN_RATE_LIMIT_STORAGE=redis://…",
            n,
            n,
        )
    if n > 1 and "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="askvn-metrics-")
    uvicorn.run(
        "bot.channels.web.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=n,
        proxy_headers=True,
        access_log=settings.access_log,  # off by default: access lines carry client IPs
        log_level=settings.log_level.lower(),
    )
