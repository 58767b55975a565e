"""Bulk export of the public registry as CSV, JSON lines or Parquet, streamed in batches.

Producers are read in id order, ``BATCH`` at a time (keyset pagination), with their parts fetched per batch by
SQLAlchemy Core, so memory stays flat whatever the size of the registry: a million producers are never held at
once. Only live producers (not deleted, not merged into a golden record) are exported, and only public fields:
names, identifiers, places, products, certificates, business phone numbers, e-mails and websites. Contacts of
kind ``person`` name a human being and are left out of bulk data (the profile page still shows what the producer
published). A golden record carries the identifiers and source records of its members, as on its profile.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from cagateway.registry.models import (
    Certificate,
    Contact,
    EntityName,
    Identifier,
    LegalEntity,
    ProductLine,
    Site,
    SourceRecord,
)

__all__ = [
    "BATCH",
    "COLUMNS",
    "FORMATS",
    "ExportFormat",
    "ExportSummary",
    "count_exportable",
    "export_batches",
    "export_to_path",
    "stream_csv",
    "stream_export",
    "stream_jsonl",
    "stream_parquet",
]

ExportFormat = Literal["csv", "jsonl", "parquet"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "jsonl", "parquet")
BATCH = 2000
PUBLIC_CONTACTS = ("phone", "email", "website")

# Column name → True for list-valued columns (CSV joins list values with "|", as the exchange format does).
COLUMNS: dict[str, bool] = {
    "id": False,
    "name": False,
    "names": True,
    "country": False,
    "legal_form": False,
    "legal_form_local": False,
    "activity_code": False,
    "verification_tier": False,
    "website": False,
    "identifiers": True,
    "regions": True,
    "cities": True,
    "hs_codes": True,
    "products": True,
    "certificates": True,
    "phones": True,
    "emails": True,
    "sources": True,
    "version": False,
    "updated_at": False,
}


@dataclass
class ExportSummary:
    """What an export wrote."""

    format: str
    path: str
    producers: int
    bytes: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "path": self.path,
            "producers": self.producers,
            "bytes": self.bytes,
            "seconds": self.seconds,
        }


def _live(country: str | None) -> list[Any]:
    clauses: list[Any] = [LegalEntity.deleted_at.is_(None), LegalEntity.merged_into_id.is_(None)]
    if country:
        clauses.append(LegalEntity.country_code == country.upper())
    return clauses


def count_exportable(session: Session, country: str | None = None) -> int:
    """How many producers an export would write (for progress bars)."""
    return session.scalar(select(func.count()).select_from(LegalEntity).where(*_live(country))) or 0


def _grouped(conn: Connection, stmt: Any) -> dict[int, list[Any]]:
    """Rows of ``stmt`` (first column: the owning producer's id) grouped by that id, in query order."""
    out: dict[int, list[Any]] = {}
    for row in conn.execute(stmt):
        out.setdefault(row[0], []).append(row)
    return out


def _parts(conn: Connection, ids: Sequence[int]) -> dict[str, dict[int, list[Any]]]:
    # Identifiers and source records stay with a golden record's members: report them under the golden record.
    owner = func.coalesce(LegalEntity.merged_into_id, LegalEntity.id)
    shared_owner = (LegalEntity.id.in_(ids)) | (LegalEntity.merged_into_id.in_(ids))

    def of(table: Any, *cols: Any) -> Any:
        return select(table.entity_id, *cols).where(table.entity_id.in_(ids)).order_by(table.entity_id, table.id)

    return {
        "names": _grouped(conn, of(EntityName, EntityName.value)),
        "sites": _grouped(conn, of(Site, Site.region_code, Site.city)),
        "lines": _grouped(conn, of(ProductLine, ProductLine.hs_code, ProductLine.description)),
        "certificates": _grouped(conn, of(Certificate, Certificate.kind)),
        "contacts": _grouped(conn, of(Contact, Contact.kind, Contact.value).where(Contact.kind.in_(PUBLIC_CONTACTS))),
        "identifiers": _grouped(
            conn,
            select(owner, Identifier.scheme, Identifier.value)
            .join(LegalEntity, LegalEntity.id == Identifier.entity_id)
            .where(shared_owner)
            .order_by(Identifier.id),
        ),
        "sources": _grouped(
            conn,
            select(owner, SourceRecord.source, SourceRecord.source_record_id)
            .join(LegalEntity, LegalEntity.id == SourceRecord.entity_id)
            .where(shared_owner)
            .order_by(SourceRecord.id),
        ),
    }


def _unique(values: Iterator[Any]) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values if v))


def _record(row: Any, parts: dict[str, dict[int, list[Any]]]) -> dict[str, Any]:
    def part(name: str) -> list[Any]:
        return parts[name].get(row.id, [])

    contacts = part("contacts")
    return {
        "id": row.public_id,
        "name": row.display_name,
        "names": _unique(n.value for n in part("names")),
        "country": row.country_code,
        "legal_form": row.legal_form,
        "legal_form_local": row.legal_form_local,
        "activity_code": row.activity_code,
        "verification_tier": row.verification_tier,
        "website": row.website or next((c.value for c in contacts if c.kind == "website"), None),
        "identifiers": _unique(f"{i.scheme}:{i.value}" for i in part("identifiers")),
        "regions": _unique(s.region_code for s in part("sites")),
        "cities": _unique(s.city for s in part("sites")),
        "hs_codes": sorted(_unique(p.hs_code for p in part("lines"))),
        "products": _unique(p.description for p in part("lines")),
        "certificates": _unique(c.kind for c in part("certificates")),
        "phones": _unique(c.value for c in contacts if c.kind == "phone"),
        "emails": _unique(c.value for c in contacts if c.kind == "email"),
        "sources": _unique(f"{s.source}:{s.source_record_id}" for s in part("sources")),
        "version": row.version,
        "updated_at": row.updated_at.isoformat(),
    }


def export_batches(session: Session, country: str | None = None, batch: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    """Public records of live producers, ``batch`` at a time, in id order (keyset pagination: flat memory)."""
    conn = session.connection()
    entities = LegalEntity.__table__
    last = 0
    while True:
        rows = conn.execute(
            select(entities).where(*_live(country), entities.c.id > last).order_by(entities.c.id).limit(batch)
        ).all()
        if not rows:
            return
        parts = _parts(conn, [r.id for r in rows])
        yield [_record(r, parts) for r in rows]
        last = rows[-1].id


def _flat(record: dict[str, Any]) -> list[Any]:
    return ["|".join(record[c]) if is_list else record[c] for c, is_list in COLUMNS.items()]


def stream_csv(batches: Iterator[list[dict[str, Any]]]) -> Iterator[str]:
    """CSV text (header first), one chunk per batch; list values joined with ``|``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for records in batches:
        writer.writerows(_flat(r) for r in records)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def stream_jsonl(batches: Iterator[list[dict[str, Any]]]) -> Iterator[str]:
    """One JSON object per producer and line, one chunk per batch."""
    for records in batches:
        yield "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _schema() -> pa.Schema:
    return pa.schema(
        [
            pa.field(c, pa.list_(pa.string()) if is_list else (pa.int64() if c == "version" else pa.string()))
            for c, is_list in COLUMNS.items()
        ]
    )


class _Sink(io.RawIOBase):
    """A write-only file that hands out what was written since the last call: Parquet without a temp file."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks = bytearray()
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._chunks += data
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def take(self) -> bytes:
        out = bytes(self._chunks)
        self._chunks.clear()
        return out


def stream_parquet(batches: Iterator[list[dict[str, Any]]]) -> Iterator[bytes]:
    """Parquet bytes, one row group per batch, yielded as written (the footer comes last, as Parquet wants)."""
    schema = _schema()
    sink = _Sink()
    writer = pq.ParquetWriter(sink, schema, compression="zstd")
    try:
        for records in batches:
            writer.write_table(pa.Table.from_pylist(records, schema=schema))
            yield sink.take()
    finally:
        writer.close()
    yield sink.take()


def export_to_path(
    session: Session,
    fmt: ExportFormat,
    path: Path,
    *,
    country: str | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Write the public registry to ``path`` in ``fmt``; ``on_batch(n)`` after each batch. Returns producers."""
    counted = 0

    def counting() -> Iterator[list[dict[str, Any]]]:
        nonlocal counted
        for records in export_batches(session, country):
            counted += len(records)
            yield records
            if on_batch:
                on_batch(len(records))

    with path.open("wb") as out:
        for chunk in stream_export(fmt, counting()):
            out.write(chunk)
    return counted


def stream_export(fmt: ExportFormat, batches: Iterator[list[dict[str, Any]]]) -> Iterator[bytes]:
    """The export in ``fmt`` as a stream of bytes (UTF-8 for the text formats)."""
    if fmt == "parquet":
        yield from stream_parquet(batches)
        return
    for chunk in (stream_csv if fmt == "csv" else stream_jsonl)(batches):
        yield chunk.encode()
