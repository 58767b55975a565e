"""Engine differences between SQLite and PostgreSQL, named in one place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

__all__ = ["insert_ignore", "lock_for_bulk_insert", "reset_sequences", "upsert"]


def insert_ignore(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows, silently skipping any whose key already exists (``ON CONFLICT DO NOTHING``)."""
    if not rows:
        return
    factory = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(factory(table).on_conflict_do_nothing(), list(rows))


def upsert(session: Session, table: Table, rows: Sequence[dict[str, Any]], key: Sequence[str]) -> None:
    """Insert rows, or update every non-key column of rows whose key already exists."""
    if not rows:
        return
    factory = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = factory(table)
    updates = {c: getattr(stmt.excluded, c) for c in rows[0] if c not in key}
    session.execute(stmt.on_conflict_do_update(index_elements=list(key), set_=updates), list(rows))


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _quoted(session: Session, table: Table) -> str:
    return session.get_bind().dialect.identifier_preparer.format_table(table)


def lock_for_bulk_insert(session: Session, tables: Sequence[Table]) -> None:
    """Keep other writers out of ``tables`` until the transaction ends, so that ids taken as ``max(id) + 1`` stay free.

    SQLite needs nothing: a write transaction (``BEGIN IMMEDIATE``) already shuts out every other writer.
    PostgreSQL: ``LOCK TABLE ... IN EXCLUSIVE MODE``, which lets readers go on and makes writers wait.
    """
    if _is_postgres(session) and tables:
        names = ", ".join(_quoted(session, t) for t in tables)
        session.execute(text(f"LOCK TABLE {names} IN EXCLUSIVE MODE"))


def reset_sequences(session: Session, tables: Sequence[Table]) -> None:
    """After rows were inserted with explicit ids, move each table's id sequence past its largest id (PostgreSQL).

    SQLite needs nothing: its rowid allocation always continues after the largest id.
    """
    if not _is_postgres(session):
        return
    for table in tables:
        top = func.max(table.c.id)
        sequence = func.pg_get_serial_sequence(table.name, "id")
        session.execute(select(func.setval(sequence, func.coalesce(top, 1), top.is_not(None))))
