"""Bring an existing database up to the current tables: new tables and new columns.

Tables are created by SQLAlchemy; a column added to a model in a later version is added
to the existing table with Alembic's portable DDL (SQLite and Postgres alike). Only
additions are applied, never drops or type changes: data is never lost on upgrade.
"""

from __future__ import annotations

import logging

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Column, MetaData
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)


def upgrade(engine: Engine, metadata: MetaData) -> list[str]:
    """Create missing tables and add missing nullable columns; return what was added."""
    metadata.create_all(engine)
    added: list[str] = []
    with engine.begin() as conn:
        context = MigrationContext.configure(conn)
        operations = Operations(context)
        for diff in compare_metadata(context, metadata):
            if not isinstance(diff, tuple) or diff[0] != "add_column":
                continue
            _, _schema, table, column = diff
            assert isinstance(column, Column)
            if not column.nullable and column.server_default is None:
                log.warning("column %s.%s needs a default to be added", table, column.name)
                continue
            default = column.server_default
            operations.add_column(
                table, Column(column.name, column.type, nullable=True, server_default=default)
            )
            added.append(f"{table}.{column.name}")
    for name in added:
        log.info("database upgraded: added column %s", name)
    return added
