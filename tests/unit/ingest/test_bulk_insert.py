"""The driver ``executemany`` path of bulk loads stores exactly what SQLAlchemy Core's insert stores."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from cagateway.ingest.models import ImportRecord
from cagateway.registry.bulk_insert import insert_rows, upsert_rows
from cagateway.registry.models import Batch

_AT = dt.datetime(2026, 11, 29, 10, 30, 15, 123456, tzinfo=dt.UTC)


def _record(srid: str, batch_id: int, extra: dict[str, Any], **changes: Any) -> dict[str, Any]:
    row = {"source": "t", "source_record_id": srid, "content_hash": "h" * 64, "batch_id": batch_id}
    return row | {"row_number": 2, "extra": extra, "updated_at": _AT} | changes


def _stored(session: Session) -> list[tuple[Any, ...]]:
    columns = (ImportRecord.source_record_id, ImportRecord.content_hash, ImportRecord.row_number)
    stmt = select(*columns, ImportRecord.extra, ImportRecord.updated_at).order_by(ImportRecord.source_record_id)
    return [tuple(row) for row in session.execute(stmt)]


def test_driver_rows_read_back_like_core_rows(session: Session) -> None:
    batch = Batch(source="t", kind="import", status="running", counts={})
    session.add(batch)
    session.flush()
    table = ImportRecord.__table__
    extras = [{}, {"director": "Иванов"}, {"unclassified_products": ["цемент", "мука"]}]
    session.execute(insert(table), [_record(f"core-{i}", batch.id, e) for i, e in enumerate(extras)])  # type: ignore[arg-type]
    insert_rows(session.connection(), table, [_record(f"fast-{i}", batch.id, e) for i, e in enumerate(extras)])  # type: ignore[arg-type]
    rows = _stored(session)
    core, fast = rows[:3], rows[3:]
    assert [r[1:] for r in core] == [r[1:] for r in fast]
    assert fast[0][4] == _AT and fast[2][3] == {"unclassified_products": ["цемент", "мука"]}


def test_upsert_rows_updates_every_column_but_the_key(session: Session) -> None:
    batch = Batch(source="t", kind="import", status="running", counts={})
    session.add(batch)
    session.flush()
    table = ImportRecord.__table__
    upsert_rows(session.connection(), table, [_record("a", batch.id, {})], key=("source", "source_record_id"))  # type: ignore[arg-type]
    changed = _record("a", batch.id, {"x": "y"}, content_hash="k" * 64, row_number=9)
    upsert_rows(session.connection(), table, [changed, _record("b", batch.id, {})], key=("source", "source_record_id"))  # type: ignore[arg-type]
    assert _stored(session) == [("a", "k" * 64, 9, {"x": "y"}, _AT), ("b", "h" * 64, 2, {}, _AT)]


def test_each_row_keeps_its_own_converted_values(session: Session) -> None:
    """Processed values are converted once per object: rows sharing one, equal copies and distinct values each
    read back as given (the same dict object in two rows, a time repeated by copy, another time)."""
    batch = Batch(source="t", kind="import", status="running", counts={})
    session.add(batch)
    session.flush()
    shared, later = {"k": "v"}, _AT + dt.timedelta(seconds=1)
    rows = [
        _record("a", batch.id, shared),
        _record("b", batch.id, shared, updated_at=_AT.replace()),
        _record("c", batch.id, {}, updated_at=later),
    ]
    insert_rows(session.connection(), ImportRecord.__table__, rows)  # type: ignore[arg-type]
    assert [(r[0], r[3], r[4]) for r in _stored(session)] == [("a", shared, _AT), ("b", shared, _AT), ("c", {}, later)]
