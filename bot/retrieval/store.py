"""Chroma client and collection: embedded PersistentClient or a Chroma server over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from bot.config import Settings


def make_client(settings: Settings) -> ClientAPI:
    """Open the configured Chroma client (no telemetry)."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            headers={k: v.get_secret_value() for k, v in settings.chroma_headers.items()},
            settings=chroma_settings,
        )
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def open_collection(client: ClientAPI, name: str) -> Collection:
    """Get or create the collection with cosine distance and no embedding function."""
    return client.get_or_create_collection(
        name=name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )


def pages(collection: Any, include: list[str], page: int = 5000) -> Iterator[dict[str, Any]]:
    """Yield `collection.get` results a page at a time, through every stored row.

    One `get` of a few hundred thousand rows exceeds SQLite's variable limit.
    """
    offset = 0
    while True:
        got = collection.get(include=include, limit=page, offset=offset)
        if not got["ids"]:
            return
        yield got
        offset += len(got["ids"])
        if len(got["ids"]) < page:
            return
