"""File-level manifest: which file hash is fully indexed (so unchanged files cost a hash).

It also keeps the index's generation, a token that changes with every sync that changes
the index, so every process serving answers sees that its cached corpus is out of date.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Integer, String, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class _Base(DeclarativeBase):
    pass


class IndexedFile(_Base):
    """A file whose chunks are all in the vector store, at this content hash."""

    __tablename__ = "indexed_files"

    namespace: Mapped[str] = mapped_column(String(200), primary_key=True)
    source: Mapped[str] = mapped_column(String(1000), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    chunks: Mapped[int] = mapped_column(Integer)


class IndexGeneration(_Base):
    """A token that changes whenever the index changes."""

    __tablename__ = "index_generation"

    namespace: Mapped[str] = mapped_column(String(200), primary_key=True)
    token: Mapped[str] = mapped_column(String(36))


class Manifest:
    """Read and write the indexed-files table of one namespace."""

    def __init__(self, engine: Engine, namespace: str) -> None:
        """Create the table if needed."""
        self.engine = engine
        self.namespace = namespace
        _Base.metadata.create_all(engine)

    def all(self) -> dict[str, str]:
        """Return {source: sha256} of every fully indexed file."""
        with Session(self.engine) as db:
            rows = db.execute(
                select(IndexedFile.source, IndexedFile.sha256).where(
                    IndexedFile.namespace == self.namespace
                )
            )
            return {source: sha for source, sha in rows}

    def mark(self, entries: dict[str, tuple[str, int]]) -> None:
        """Record files as fully indexed: {source: (sha256, chunk count)}."""
        with Session(self.engine) as db, db.begin():
            for source, (sha, chunks) in entries.items():
                db.merge(
                    IndexedFile(namespace=self.namespace, source=source, sha256=sha, chunks=chunks)
                )

    def forget(self, sources: list[str] | None = None) -> None:
        """Remove some sources (or all, with None) from the manifest."""
        with Session(self.engine) as db, db.begin():
            stmt = delete(IndexedFile).where(IndexedFile.namespace == self.namespace)
            if sources is not None:
                stmt = stmt.where(IndexedFile.source.in_(sources))
            db.execute(stmt)

    def generation(self) -> str:
        """Return the index's current generation token ("" before the first change)."""
        with Session(self.engine) as db:
            token = db.scalar(
                select(IndexGeneration.token).where(IndexGeneration.namespace == self.namespace)
            )
        return token or ""

    def bump(self) -> None:
        """Record that the index changed."""
        with Session(self.engine) as db, db.begin():
            db.merge(IndexGeneration(namespace=self.namespace, token=uuid.uuid4().hex))
