"""What imports there were: batches with their counts and the rejected rows still waiting for a fix."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cagateway.ingest.models import StagedRow
from cagateway.registry.models import Batch

__all__ = ["list_batches"]


def list_batches(session: Session, *, source: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The latest import batches, newest first, each with its counts and its rejected rows not yet resolved."""
    stmt = select(Batch).where(Batch.kind == "import").order_by(Batch.id.desc()).limit(limit)
    if source:
        stmt = stmt.where(Batch.source == source)
    batches = list(session.scalars(stmt))
    pending_stmt = (
        select(StagedRow.last_batch_id, func.count())
        .where(StagedRow.status == "rejected", StagedRow.last_batch_id.in_([b.id for b in batches]))
        .group_by(StagedRow.last_batch_id)
    )
    pending = {batch_id: count for batch_id, count in session.execute(pending_stmt)}  # noqa: C416
    return [
        {
            "batch_id": b.id,
            "source": b.source,
            "file": b.file_name,
            "status": b.status,
            "started_at": b.started_at,
            "finished_at": b.finished_at,
            "counts": dict(b.counts),
            "pending_rejects": pending.get(b.id, 0),
        }
        for b in batches
    ]
