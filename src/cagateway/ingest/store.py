"""Database work of an import: batches (open, resume, checkpoint, finish), look-ups per chunk, staging.

Every function works inside the caller's transaction; the pipeline commits once per chunk, together with the
batch's checkpoint, so a chunk is either wholly in (rows, staging, checkpoint) or wholly out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cagateway.db.base import utcnow
from cagateway.ingest.models import ImportRecord, StagedRow
from cagateway.registry.bulk_insert import upsert_rows
from cagateway.registry.models import Batch, EntityName, Identifier, LegalEntity, SourceRecord
from cagateway.registry.schemas import ProducerIn, ProducerUpdate
from cagateway.registry.services import update_producer
from cagateway.registry.validation import ReferenceSet

__all__ = [
    "Counts",
    "Known",
    "entity_ids",
    "finish_batch",
    "identifier_owners",
    "known_records",
    "open_batch",
    "resolve_staged",
    "save_checkpoint",
    "save_records",
    "stage_rejects",
    "update_entity",
]

_IN = 1000  # values per IN (...) list


@dataclass
class Counts:
    """What an import did, row by row; kept in the batch so that a resumed import goes on counting."""

    read: int = 0
    accepted: int = 0
    rejected: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    hs_suggested: int = 0
    hs_unclassified: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Counts:
        return cls(**{k: int(data.get(k, 0)) for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Known:
    """An accepted record as stored: its content hash, and the batch and row it came from."""

    content_hash: str
    batch_id: int
    row_number: int


def _parts(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _IN):
        yield values[start : start + _IN]


def open_batch(
    session: Session, source: str, *, file_name: str, sha256: str, kind: str, fmt: str
) -> tuple[Batch, bool]:
    """The batch of this import: an unfinished one of the same file, source and kind (resumed), or a new one."""
    candidates = session.scalars(
        select(Batch)
        .where(Batch.kind == "import", Batch.source == source, Batch.file_sha256 == sha256)
        .where(Batch.status.in_(("running", "failed")))
        .order_by(Batch.id.desc())
    )
    for batch in candidates:
        if batch.counts.get("provenance_kind") == kind:
            batch.status = "running"
            session.flush()
            return batch, True
    batch = Batch(
        source=source,
        kind="import",
        file_name=file_name,
        file_sha256=sha256,
        status="running",
        counts={"provenance_kind": kind, "format": fmt, **Counts().as_dict()},
    )
    session.add(batch)
    session.flush()
    return batch, False


def save_checkpoint(session: Session, batch_id: int, counts: Counts, extra: dict[str, Any]) -> None:
    """Record the counts so far in the batch, in the chunk's transaction: ``read`` is how many rows are done."""
    session.execute(update(Batch).where(Batch.id == batch_id).values(counts=extra | counts.as_dict()))


def finish_batch(session: Session, batch_id: int, status: str) -> None:
    session.execute(update(Batch).where(Batch.id == batch_id).values(status=status, finished_at=utcnow()))


def known_records(session: Session, source: str, srids: list[str]) -> dict[str, Known]:
    """The stored hash, batch and row of each source record id already accepted from ``source``."""
    found: dict[str, Known] = {}
    for part in _parts(srids):
        stmt = select(
            ImportRecord.source_record_id, ImportRecord.content_hash, ImportRecord.batch_id, ImportRecord.row_number
        ).where(ImportRecord.source == source, ImportRecord.source_record_id.in_(part))
        for srid, content_hash, batch_id, row in session.execute(stmt):
            found[srid] = Known(content_hash, batch_id, row)
    return found


def entity_ids(session: Session, source: str, srids: list[str], *, live: bool = False) -> dict[str, int]:
    """The producer each source record belongs to (through the registry's source records); with ``live``, only
    producers not deleted."""
    found: dict[str, int] = {}
    for part in _parts(srids):
        stmt = (
            select(SourceRecord.source_record_id, SourceRecord.entity_id)
            .join(LegalEntity, LegalEntity.id == SourceRecord.entity_id)
            .where(SourceRecord.source == source, SourceRecord.source_record_id.in_(part))
        )
        if live:
            stmt = stmt.where(LegalEntity.deleted_at.is_(None))
        found.update({srid: entity for srid, entity in session.execute(stmt)})  # noqa: C416
    return found


def identifier_owners(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, str]]:
    """For (scheme, value) pairs, the producer (id, public id) that holds each one already."""
    by_scheme: dict[str, list[str]] = {}
    for scheme, value in sorted(set(keys)):
        by_scheme.setdefault(scheme, []).append(value)
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for scheme, values in by_scheme.items():
        for part in _parts(values):
            stmt = (
                select(Identifier.value, LegalEntity.id, LegalEntity.public_id)
                .join(LegalEntity, LegalEntity.id == Identifier.entity_id)
                .where(Identifier.scheme == scheme, Identifier.value.in_(part))
            )
            found.update({(scheme, value): (entity, public) for value, entity, public in session.execute(stmt)})
    return found


def update_entity(session: Session, entity_id: int, producer: ProducerIn, actor: str, ref: ReferenceSet) -> None:
    """Replace what a source said about a producer with its new row (the registry records the diff)."""
    entity = session.get_one(LegalEntity, entity_id)
    changes = ProducerUpdate(
        names=producer.names,
        legal_form=producer.legal_form,
        legal_form_local=producer.legal_form_local,
        website=producer.website,
        identifiers=producer.identifiers,
        sites=producer.sites,
        product_lines=producer.product_lines,
        contacts=producer.contacts,
        provenance=producer.provenance,
    )
    update_producer(session, entity.public_id, changes, expected_version=entity.version, actor=actor, ref=ref)
    # The producer's own provenance follows its names: they came from this batch and row now.
    name_provenance = select(EntityName.provenance_id).where(EntityName.entity_id == entity_id).limit(1)
    session.execute(
        update(LegalEntity).where(LegalEntity.id == entity_id).values(provenance_id=name_provenance.scalar_subquery())
    )


def save_records(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert or refresh the import records of accepted rows (key: source and source record id)."""
    upsert_rows(session.connection(), ImportRecord.__table__, rows, key=("source", "source_record_id"))  # type: ignore[arg-type]


def stage_rejects(session: Session, source: str, batch_id: int, rows: list[dict[str, Any]]) -> None:
    """Keep rejected rows raw; a row already staged (same source and content) only gets this batch noted."""
    if not rows:
        return
    hashes = [r["row_hash"] for r in rows]
    staged: set[str] = set()
    for part in _parts(hashes):
        stmt = select(StagedRow.row_hash).where(StagedRow.source == source, StagedRow.row_hash.in_(part))
        staged |= set(session.scalars(stmt))
    now: dt.datetime = utcnow()
    fresh = {r["row_hash"]: r for r in rows if r["row_hash"] not in staged}  # one per content within a chunk
    if fresh:
        session.execute(
            StagedRow.__table__.insert(),  # type: ignore[attr-defined]
            [
                {**r, "source": source, "batch_id": batch_id, "last_batch_id": batch_id, "status": "rejected"}
                | {"resolved_batch_id": None, "created_at": now}
                for r in fresh.values()
            ],
        )
    again = [r for r in rows if r["row_hash"] in staged]
    for r in again:
        session.execute(
            update(StagedRow)
            .where(StagedRow.source == source, StagedRow.row_hash == r["row_hash"])
            .values(last_batch_id=batch_id, row_number=r["row_number"], problems=r["problems"])
        )


def resolve_staged(session: Session, source: str, srids: list[str], batch_id: int) -> int:
    """Mark rejected rows of these source records resolved: a later row of the same record was accepted."""
    total = 0
    for part in _parts(srids):
        result = session.execute(
            update(StagedRow)
            .where(StagedRow.source == source, StagedRow.status == "rejected", StagedRow.source_record_id.in_(part))
            .values(status="resolved", resolved_batch_id=batch_id)
        )
        total += result.rowcount  # type: ignore[attr-defined]
    return total
