"""The migrations build exactly the schema the models describe, on both engines; SQLite is set up right."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

import cagateway.reference.models
import cagateway.registry.models
import cagateway.search.models  # noqa: F401  (register tables)
from cagateway.db import Base, Database

# The search index's engine-specific parts are made by migration 0003 alone and have no model: FTS5 virtual
# tables and their shadow tables on SQLite, the tsvector table and the trigram index on PostgreSQL.
_ENGINE_ONLY = ("search_fts", "search_terms_trgm", "ix_search_fts", "ix_search_terms_trgm")


def _is_engine_only(entry: object) -> bool:
    item = entry[1] if isinstance(entry, tuple) and len(entry) > 1 else None
    return str(getattr(item, "name", "")).startswith(_ENGINE_ONLY)


def test_migrations_match_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert [entry for entry in diff if not _is_engine_only(entry)] == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(db: Database) -> None:
    if not db.is_sqlite:
        assert db.engine.dialect.name == "postgresql"
        return
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
