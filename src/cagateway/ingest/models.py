"""Import bookkeeping: what each source record looked like when last accepted, and rejected rows kept raw.

* :class:`ImportRecord` — one per (source, source_record_id) accepted: the hash of the row's content, the batch
  and row it came from, and its extra columns. A re-import compares hashes to tell new, updated and unchanged
  rows apart. The producer a record became is found through the registry's ``source_records`` (which entity
  resolution keeps up to date when it merges producers), not stored twice.
* :class:`StagedRow` — a rejected row exactly as read, with its problems and the batch that brought it. Nothing
  is lost: a corrected file of just those rows marks them ``resolved``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cagateway.db.base import Base, UTCDateTime, utcnow

__all__ = ["ImportRecord", "StagedRow"]


class ImportRecord(Base):
    """The last accepted version of a source's record: its content hash, batch, row and extra columns."""

    __tablename__ = "import_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    source_record_id: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # unknown columns, unclassified products
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("source", "source_record_id", name="uq_import_records_source_record"),)


class StagedRow(Base):
    """A rejected row, raw, with every problem found in it; ``resolved`` once a later import accepted its record."""

    __tablename__ = "staged_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    row_hash: Mapped[str] = mapped_column(String(64))
    source_record_id: Mapped[str | None] = mapped_column(String(200))
    batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)  # the batch that first brought it
    last_batch_id: Mapped[int] = mapped_column(ForeignKey("batches.id"), index=True)  # the latest that rejected it
    row_number: Mapped[int] = mapped_column(Integer)
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="rejected")
    resolved_batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("source", "row_hash", name="uq_staged_rows_source_hash"),
        Index("ix_staged_rows_source_record", "source", "source_record_id"),
        CheckConstraint("status IN ('rejected','resolved')", name="status"),
    )
