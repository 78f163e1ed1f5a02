"""Sync the vector store with content folders: add, update, delete; never duplicate."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_chroma import Chroma
from langchain_classic.indexes import SQLRecordManager
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.indexing import index
from sqlalchemy import create_engine

from bot.config import Settings
from bot.knowledge.loaders import LoadError, iter_content_files, load_file, sidecar, within
from bot.knowledge.locking import sync_lock
from bot.knowledge.manifest import Manifest
from bot.knowledge.splitting import SPLITTER_VERSION, chunk_file, sentence_windows
from bot.retrieval.store import make_client, open_collection
from bot.sites import SiteRegistry

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

    from bot.retrieval.hybrid import HybridRetriever

EmbeddingsFactory = Callable[[], Embeddings]
log = logging.getLogger(__name__)
ProgressFn = Callable[[int], None]


@dataclass
class SyncReport:
    """What one sync did (or, with dry_run, would do)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    chunks_added: int = 0
    chunks_deleted: int = 0
    chunks_skipped: int = 0
    seconds: float = 0.0
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        """Return True when the index content changed."""
        return bool(self.added or self.updated or self.deleted)


class KnowledgeIndex:
    """The Chroma collection, its record manager and the file manifest."""

    def __init__(
        self, settings: Settings, client: ClientAPI, embeddings: EmbeddingsFactory
    ) -> None:
        """Wire the store; the embedding model is loaded only when first needed."""
        self.settings = settings
        self.client = client
        self._embeddings_factory = embeddings
        self._embeddings: Embeddings | None = None
        self.namespace = f"chroma/{settings.collection}"
        settings.data_dir.mkdir(parents=True, exist_ok=True)  # the default SQLite lives there
        engine = create_engine(settings.resolved_database_url)
        self.record_manager = SQLRecordManager(self.namespace, engine=engine)
        self.record_manager.create_schema()
        self.manifest = Manifest(engine, self.namespace)
        self.collection: Collection = open_collection(client, settings.collection)
        self._retriever: HybridRetriever | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> KnowledgeIndex:
        """Open the index described by settings."""
        from bot.retrieval.embeddings import make_embeddings

        return cls(settings, make_client(settings), lambda: make_embeddings(settings))

    @property
    def embeddings(self) -> Embeddings:
        """Return the embedding model, loading it on first use."""
        if self._embeddings is None:
            self._embeddings = self._embeddings_factory()
        return self._embeddings

    def vectorstore(self) -> Chroma:
        """Return a LangChain view of the collection."""
        return Chroma(
            client=self.client,
            collection_name=self.settings.collection,
            embedding_function=self.embeddings,
        )

    def count(self) -> int:
        """Return the number of chunks in the store."""
        return int(self.collection.count())

    def retriever(self) -> HybridRetriever:
        """Return the (shared) hybrid retriever over this index."""
        from bot.retrieval.hybrid import HybridRetriever

        if self._retriever is None:
            self._retriever = HybridRetriever(
                self.settings, self.collection, self.embeddings, version=self.manifest.generation
            )
        return self._retriever

    def source_id(self, path: Path) -> str:
        """Return the stable source id of a file: its path relative to the knowledge dir."""
        return path.resolve().relative_to(self.settings.knowledge_dir.resolve()).as_posix()

    def sync(
        self,
        roots: Sequence[Path],
        *,
        dry_run: bool = False,
        rebuild: bool = False,
        on_file: Callable[[str, str], None] | None = None,
        on_embedded: ProgressFn | None = None,
        on_plan: Callable[[int], None] | None = None,
        wait: bool = True,
        on_wait: Callable[[str], None] | None = None,
    ) -> SyncReport:
        """Make the index match the files under `roots` (deletions scoped to those roots).

        One sync at a time per data folder (ingest.py, /admin/reindex, a worker's first
        start): while another runs this waits (telling `on_wait` why), or with
        `wait=False` raises SyncInProgress.
        """
        with sync_lock(self.settings.data_dir, wait=wait, on_wait=on_wait):
            return self._sync(roots, dry_run, rebuild, on_file, on_embedded, on_plan)

    def _sync(
        self,
        roots: Sequence[Path],
        dry_run: bool,
        rebuild: bool,
        on_file: Callable[[str, str], None] | None,
        on_embedded: ProgressFn | None,
        on_plan: Callable[[int], None] | None,
    ) -> SyncReport:
        start = time.perf_counter()
        report = SyncReport(dry_run=dry_run)
        outside = [r for r in roots if not within(r, self.settings.knowledge_dir)]
        if outside:
            raise OutsideKnowledgeDir(
                f"{outside[0]} is outside the knowledge folder {self.settings.knowledge_dir}: "
                "copy it there (ASKVN_KNOWLEDGE_DIR) and sync that"
            )
        # Whatever can fail on configuration fails before anything is dropped.
        missions = self._missions()
        if rebuild and not dry_run:
            _ = self.embeddings  # a model that cannot load must fail before the index is dropped
            self.reset()
        known = self.manifest.all()
        if known and not rebuild and self.count() == 0:
            # A new Chroma server, or one that lost its data: the records describe another
            # store, so every file of the knowledge folder is indexed again.
            log.warning(
                "the vector store is empty but %d files were indexed: re-indexing", len(known)
            )
            known = {}
            roots = [self.settings.knowledge_dir]
            if not dry_run:
                self._forget_records()
        seen: dict[str, tuple[Path, str, bytes, bytes | None]] = {}
        scopes = [self._scope(r) for r in roots]
        for root, scope in zip(roots, scopes, strict=True):
            for path in iter_content_files(root, self.settings.knowledge_dir):
                try:
                    source = self.source_id(path)
                except ValueError:  # a link to a file elsewhere: not the editors' content
                    source = (Path(scope) / path.relative_to(root)).as_posix()
                    reason = f"links outside the knowledge folder (to {path.resolve()})"
                    self._fail(report, known, source, reason, on_file)
                    continue
                try:
                    data = path.read_bytes()
                    fields = _fields_of(path)
                except OSError as exc:  # unreadable (permissions), or gone since listed
                    reason = f"cannot be read: {exc.strerror or exc}"
                    self._fail(report, known, source, reason, on_file)
                    continue
                whole = data if fields is None else data + b"\0fields\0" + fields
                seen[source] = (path, self._fingerprint(whole), data, fields)
        vanished = [
            s
            for s in known
            if s not in seen and s not in report.failed and any(_under(s, sc) for sc in scopes)
        ]
        todo: list[Document] = []
        fresh: dict[str, tuple[str, int]] = {}
        for source, (path, sha, data, fields) in seen.items():
            if known.get(source) == sha:
                report.unchanged += 1
                continue
            try:
                content = load_file(path, source, data, fields)
                if content.mission and content.mission not in missions:
                    raise LoadError(
                        f"mission {content.mission!r}: no site in "
                        f"{self.settings.resolved_sites_file.name} serves it, so no visitor "
                        f"would see this page (missions there: {', '.join(sorted(missions))})"
                    )
                chunks = chunk_file(content, self.settings.chunk_size, self.settings.chunk_overlap)
                if not chunks:
                    raise LoadError("no text under its headings")
                most = self.settings.max_chunks_per_file
                if len(chunks) > most:
                    raise LoadError(
                        f"{len(chunks)} chunks, more than the {most} allowed "
                        "(ASKVN_MAX_CHUNKS_PER_FILE): split the file"
                    )
            except LoadError as exc:
                self._fail(report, known, source, str(exc), on_file)
                continue
            except Exception as exc:  # a loader's bug on one odd file: the rest goes on
                log.warning("cannot load %s", source, exc_info=True)
                reason = f"cannot be read: {type(exc).__name__}: {exc}"
                self._fail(report, known, source, reason, on_file)
                continue
            (report.updated if source in known else report.added).append(source)
            todo.extend(chunks)
            if self.settings.sentence_window:
                todo.extend(sentence_windows(chunks, self.settings.sentence_window))
            fresh[source] = (sha, len(chunks))
        report.deleted = vanished
        if on_plan:
            on_plan(len(todo))
        if dry_run:
            report.seconds = time.perf_counter() - start
            return report
        if todo:
            self._index(todo, report, on_embedded)
            report.chunks_deleted += self._sweep_orphans(list(fresh))
            self.manifest.mark(fresh)
        if vanished:
            report.chunks_deleted += self._delete_sources(vanished)
        if report.changed or report.chunks_deleted:
            self.manifest.bump()
            if self._retriever is not None:
                self._retriever.refresh()
        report.seconds = time.perf_counter() - start
        return report

    @staticmethod
    def _fail(
        report: SyncReport,
        known: dict[str, str],
        source: str,
        reason: str,
        on_file: Callable[[str, str], None] | None,
    ) -> None:
        """Record a file that cannot be indexed now; its indexed version, if any, stays."""
        if source in known:
            reason += " (the previous version is still served)"
        report.failed[source] = reason
        if on_file:
            on_file(source, f"failed: {reason}")

    def _missions(self) -> set[str]:
        """Return the missions the sites config serves, read afresh for each sync."""
        sites = SiteRegistry.load(self.settings.resolved_sites_file)
        return {site.mission for site in sites.all() if site.mission}

    def _index(
        self, docs: list[Document], report: SyncReport, on_embedded: ProgressFn | None
    ) -> None:
        embeddings = self.embeddings
        previous = getattr(embeddings, "on_progress", None)
        if on_embedded is not None and hasattr(embeddings, "on_progress"):
            embeddings.on_progress = on_embedded
        try:
            result = index(
                docs,
                self.record_manager,
                self.vectorstore(),
                # Old chunks of the files indexed go once all their new chunks are stored:
                # "incremental" deletes them batch by batch, so a store failing mid-way
                # would leave part of an unchanged or edited file out of the answers.
                cleanup="scoped_full",
                source_id_key="source",
                key_encoder="sha256",
                batch_size=256,
            )
        finally:
            if hasattr(embeddings, "on_progress"):
                embeddings.on_progress = previous
        report.chunks_added += result["num_added"] + result["num_updated"]
        report.chunks_deleted += result["num_deleted"]
        report.chunks_skipped += result["num_skipped"]

    def _fingerprint(self, data: bytes) -> str:
        """Hash a file with the chunking rules, so changing them re-indexes everything."""
        s = self.settings
        rules = f"|{SPLITTER_VERSION}|{s.chunk_size}|{s.chunk_overlap}|{s.sentence_window}"
        return hashlib.sha256(data + rules.encode()).hexdigest()

    def _sweep_orphans(self, sources: list[str]) -> int:
        """Delete chunks of these sources that no record knows (left by a killed run)."""
        removed = 0
        for start in range(0, len(sources), 200):
            batch = sources[start : start + 200]
            stored = set(self.collection.get(where=_in_sources(batch), include=[])["ids"])
            orphans = sorted(stored - set(self.record_manager.list_keys(group_ids=batch)))
            if orphans:
                self.collection.delete(ids=orphans)
                removed += len(orphans)
        return removed

    def _delete_sources(self, sources: list[str]) -> int:
        keys = self.record_manager.list_keys(group_ids=sources)
        for start in range(0, len(keys), 1000):
            batch = keys[start : start + 1000]
            self.collection.delete(ids=batch)
            self.record_manager.delete_keys(batch)
        # Chunks written by a run killed before its records were saved: delete by source too.
        self.collection.delete(where=_in_sources(sources))
        self.manifest.forget(sources)
        return len(keys)

    def _scope(self, root: Path) -> str:
        """Return the source-id prefix a sync of `root` may delete under ("" = everything)."""
        rel = root.resolve().relative_to(self.settings.knowledge_dir.resolve()).as_posix()
        return "" if rel == "." else rel

    def _forget_records(self) -> None:
        """Forget which files and chunks are indexed (the store no longer holds them)."""
        keys = self.record_manager.list_keys()
        if keys:
            self.record_manager.delete_keys(keys)
        self.manifest.forget()

    def _same_dimension(self) -> bool:
        """Return True when the stored vectors (if any) have the model's size."""
        stored = self.collection.get(limit=1, include=["embeddings"])["embeddings"]
        if stored is None or len(stored) == 0:
            return True
        return len(stored[0]) == len(self.embeddings.embed_query("dimension"))

    def reset(self) -> None:
        """Drop every chunk, record and manifest entry (used by --rebuild).

        The collection itself stays: other server processes hold it by its id, and a
        dropped and recreated collection would fail every search they make. Only a model
        with another vector size needs a new collection (and the servers, that model).
        """
        if self._same_dimension():
            while ids := self.collection.get(include=[], limit=5000)["ids"]:
                self.collection.delete(ids=ids)
        else:  # another model: the collection keeps its vector size, so it must go
            log.warning("the embedding model changed size: recreating the collection")
            self.client.delete_collection(self.settings.collection)
            self.collection = open_collection(self.client, self.settings.collection)
            if self._retriever is not None:
                self._retriever.collection = self.collection
        self._forget_records()
        self.manifest.bump()
        if self._retriever is not None:
            self._retriever.refresh()


def _fields_of(path: Path) -> bytes | None:
    """Return a PDF's sidecar fields file, if it has one (part of its fingerprint)."""
    if path.suffix.lower() != ".pdf":
        return None
    extra = sidecar(path)
    return extra.read_bytes() if extra.is_file() else None


class OutsideKnowledgeDir(ValueError):
    """A folder or file to sync that is not inside the knowledge folder."""


def _under(source: str, scope: str) -> bool:
    return scope == "" or source == scope or source.startswith(scope.rstrip("/") + "/")


def _in_sources(sources: list[str]) -> Any:
    """Return a Chroma filter matching chunks of these sources."""
    return {"source": {"$in": list(sources)}}
