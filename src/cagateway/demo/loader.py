"""Load the GENERATED demo data set into the registry (``cagateway demo load``).

Demo producers are recognised by their provenance (source ``demo``, kind ``generated``), never by their names.
Loading twice does nothing the second time (``make run`` may run again); ``replace`` hard-deletes the demo
producers, and only them, before loading anew.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from cagateway.db import Database
from cagateway.db.base import utcnow
from cagateway.demo.generator import DEMO_SOURCE, generate_producers
from cagateway.reference.services import require_reference_loaded
from cagateway.registry.bulk import BulkResult, bulk_create_producers
from cagateway.registry.models import (
    Batch,
    Certificate,
    Change,
    Contact,
    EntityName,
    FieldProvenance,
    Identifier,
    LegalEntity,
    ProductLine,
    Provenance,
    Site,
    SourceRecord,
)
from cagateway.registry.validation import ReferenceSet

__all__ = ["COMMIT_EVERY", "DemoReport", "count_demo_producers", "delete_demo_producers", "load_demo"]

# Producers per transaction. A million-producer load is committed in blocks, so that it never holds one huge
# transaction (and SQLite's write-ahead log stays small). If a load is interrupted, the blocks committed so far
# stay and its batch is marked "failed"; a re-run with --replace deletes them and starts clean.
COMMIT_EVERY = 50_000
ACTOR = "demo-loader"


@dataclass
class DemoReport:
    """What ``load_demo`` did: ``status`` is ``loaded`` or ``skipped`` (demo data was there already)."""

    status: str
    size: int
    seed: int
    batch_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    existing: int = 0  # demo producers found before loading
    deleted: int = 0  # demo producers removed first (replace)
    seconds: float = 0.0
    message: str = ""

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def rate(self, count: int) -> float:
        return round(count / self.seconds, 1) if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "size": self.size,
            "seed": self.seed,
            "batch_id": self.batch_id,
            "counts": dict(self.counts),
            "rows": self.rows,
            "existing": self.existing,
            "deleted": self.deleted,
            "seconds": round(self.seconds, 3),
            "rows_per_second": self.rate(self.rows),
            "producers_per_second": self.rate(self.counts.get("producers", 0)),
            "message": self.message,
        }


def _demo_provenance() -> Any:
    return select(Provenance.id).where(Provenance.source == DEMO_SOURCE, Provenance.kind == "generated")


def count_demo_producers(session: Session) -> int:
    """Producers whose provenance is generated demo data."""
    stmt = select(func.count()).select_from(LegalEntity).where(LegalEntity.provenance_id.in_(_demo_provenance()))
    return session.scalar(stmt) or 0


def delete_demo_producers(session: Session) -> int:
    """Hard-delete every demo producer with all its rows (demo data only: nothing else is touched)."""
    count = count_demo_producers(session)
    entities = select(LegalEntity.id).where(LegalEntity.provenance_id.in_(_demo_provenance()))
    # Product lines go before sites: product_lines.site_id has no index, so letting ON DELETE SET NULL find the
    # lines of each deleted site would scan the whole table once per site.
    for model in (
        ProductLine,
        Site,
        EntityName,
        Identifier,
        Certificate,
        Contact,
        SourceRecord,
        Change,
        FieldProvenance,
    ):
        stmt = delete(model).where(model.entity_id.in_(entities))
        session.execute(stmt.execution_options(synchronize_session=False))
    for stmt in (
        delete(LegalEntity).where(LegalEntity.id.in_(entities)),
        delete(Provenance).where(Provenance.id.in_(_demo_provenance())),
    ):
        session.execute(stmt.execution_options(synchronize_session=False))
    return count


def _last_demo_status(session: Session) -> str | None:
    stmt = select(Batch.status).where(Batch.kind == "demo").order_by(Batch.id.desc()).limit(1)
    return session.scalar(stmt)


def _skipped(session: Session, size: int, seed: int, existing: int) -> DemoReport:
    status = _last_demo_status(session)
    if status == "done":
        message = f"Demo data is already loaded ({existing} producers); nothing done. Use --replace to load it anew."
    else:
        message = f"An earlier demo load did not finish ({existing} producers, batch {status}). Run with --replace."
    return DemoReport("skipped", size, seed, existing=existing, message=message)


def _finish(db: Database, batch_id: int, status: str, result: BulkResult, extra: dict[str, Any]) -> None:
    with db.writer() as session:
        session.execute(
            update(Batch)
            .where(Batch.id == batch_id)
            .values(status=status, finished_at=utcnow(), counts=extra | result.counts())
        )


def _load_blocks(
    db: Database,
    report: DemoReport,
    total: BulkResult,
    ref: ReferenceSet,
    progress: Callable[[int], None] | None,
) -> None:
    """Stream the generator into the registry, one committed transaction per block; ``total`` counts what is in."""
    size, seed = report.size, report.seed
    producers = generate_producers(size, seed)
    rng = random.Random(f"{seed}:public-ids")  # reproducible public ids for a seed
    for start in range(0, size, COMMIT_EVERY):
        block = itertools.islice(producers, min(COMMIT_EVERY, size - start))  # streamed: never a list of 50,000
        with db.writer() as session:
            result = bulk_create_producers(
                session, block, batch_id=report.batch_id, actor=ACTOR, progress=progress, ref=ref, rng=rng
            )
        total.add(result)


def load_demo(
    db: Database, size: int, seed: int, *, replace: bool = False, progress: Callable[[int], None] | None = None
) -> DemoReport:
    """Generate ``size`` producers for ``seed`` and store them, unless demo data is there already.

    With ``replace``, existing demo producers are deleted first. ``progress`` is called with the number of
    producers stored after each chunk. Raises :class:`~cagateway.errors.ReferenceDataMissing` before
    ``cagateway db upgrade`` has loaded the reference data.
    """
    started = time.perf_counter()
    with db.writer() as session:
        require_reference_loaded(session)
        existing = count_demo_producers(session)
        if existing and not replace:
            return _skipped(session, size, seed, existing)
        deleted = delete_demo_producers(session) if existing else 0
        ref = ReferenceSet.load(session)
        batch = Batch(source=DEMO_SOURCE, kind="demo", status="running", counts={"size": size, "seed": seed})
        session.add(batch)
        session.flush()
        batch_id = batch.id
    report = DemoReport("loaded", size, seed, batch_id, existing=existing, deleted=deleted)
    total = BulkResult()
    try:
        _load_blocks(db, report, total, ref, progress)
    except BaseException:  # also Ctrl-C: the batch must not stay "running"
        _finish(db, batch_id, "failed", total, {"size": size, "seed": seed})
        raise
    _finish(db, batch_id, "done", total, {"size": size, "seed": seed})
    report.counts = total.counts()
    report.seconds = time.perf_counter() - started
    return report
