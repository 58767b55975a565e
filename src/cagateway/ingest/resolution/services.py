"""Entity resolution as services: resolve the registry, work the review queue, unmerge.

Services take an open session and never commit; the caller owns the transaction. ``resolve_producers`` reads,
scores in DuckDB (outside the database transaction's work) and then writes every merge and queue entry in the
caller's one transaction: an interrupted run leaves nothing half-merged.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.db.base import utcnow
from cagateway.ingest.resolution.clusters import clusters_of
from cagateway.ingest.resolution.errors import ReviewItemDecided, ReviewItemNotFound, TooFewRecords
from cagateway.ingest.resolution.features import features_many
from cagateway.ingest.resolution.golden import merge_records
from cagateway.ingest.resolution.model import ScoredPair, score_pairs, train_model
from cagateway.ingest.resolution.models import ReviewPair
from cagateway.ingest.resolution.records import load_records
from cagateway.registry.models import LegalEntity
from cagateway.search import index_producers

__all__ = ["ResolveReport", "decide_review", "list_review", "resolve_producers"]

MIN_TRAINING_RECORDS = 50
Progress = Callable[[str], None]


@dataclass
class ResolveReport:
    """What one ``resolve`` run did."""

    records: int = 0
    pairs_scored: int = 0
    auto_merged: int = 0  # records newly merged into a golden record
    queued_for_review: int = 0
    clusters: int = 0  # golden records formed or kept by this run
    trained: bool = False
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _rejected(session: Session) -> set[tuple[int, int]]:
    rows = session.execute(
        select(ReviewPair.left_entity_id, ReviewPair.right_entity_id).where(ReviewPair.status == "rejected")
    )
    return {(a, b) for a, b in rows}


def _queue(session: Session, pairs: list[ScoredPair], merge_threshold: float, clustered: dict[int, int]) -> int:
    known = {(a, b) for a, b in session.execute(select(ReviewPair.left_entity_id, ReviewPair.right_entity_id))}
    added = 0
    for pair in pairs:
        same = clustered.get(pair.left, -1) == clustered.get(pair.right, -2)
        if pair.probability < merge_threshold and not same and (pair.left, pair.right) not in known:
            detail = {"match_probability": pair.probability}
            session.add(
                ReviewPair(
                    left_entity_id=pair.left,
                    right_entity_id=pair.right,
                    match_probability=pair.probability,
                    status="pending",
                    detail=detail,
                )
            )
            added += 1
    session.flush()
    return added


def _merge_clusters(session: Session, clusters: list[list[int]], actor: str) -> int:
    merged_before = set(session.scalars(select(LegalEntity.id).where(LegalEntity.merged_into_id.is_not(None))))
    newly, touched = 0, set()
    for cluster in clusters:
        previous = {
            g for g in session.scalars(select(LegalEntity.merged_into_id).where(LegalEntity.id.in_(cluster))) if g
        }
        golden = merge_records(session, cluster, method="auto", actor=actor, index=False)
        touched |= {golden.id, *cluster, *previous}  # goldens dissolved into a larger one leave the index
        newly += sum(1 for member in cluster if member not in merged_before)
    index_producers(session, sorted(touched))  # once for the run, in the same transaction
    return newly


def resolve_producers(
    session: Session,
    *,
    model_path: Path,
    merge_threshold: float,
    review_threshold: float,
    train: bool = False,
    actor: str = "resolver",
    progress: Progress | None = None,
) -> ResolveReport:
    """Score pairs of source records; merge those from ``merge_threshold``, queue those from ``review_threshold``.

    Trains the model first when ``train`` is set or no model is saved at ``model_path``.
    """
    step = progress or (lambda _message: None)
    report, clock = ResolveReport(), time.perf_counter()
    step("reading records")
    raws = load_records(session)
    report.records = len(raws)
    records = features_many(raws)
    report.seconds["features"] = time.perf_counter() - clock
    if train or not model_path.exists():
        if len(records) < MIN_TRAINING_RECORDS:
            raise TooFewRecords(len(records), MIN_TRAINING_RECORDS)
        step("training the model")
        train_model(records, model_path)
        report.trained = True
    step("scoring pairs")
    report.pairs_scored, pairs = score_pairs(records, model_path, review_threshold) if len(records) > 1 else (0, [])
    report.seconds["scoring"] = time.perf_counter() - clock
    step("merging")
    clusters = clusters_of(pairs, merge_threshold, _rejected(session))
    report.clusters = len(clusters)
    report.auto_merged = _merge_clusters(session, clusters, actor)
    clustered = {member: i for i, cluster in enumerate(clusters) for member in cluster}
    report.queued_for_review = _queue(session, pairs, merge_threshold, clustered)
    report.seconds["total"] = time.perf_counter() - clock
    return report


def _describe_side(session: Session, entity_id: int) -> dict[str, Any]:
    entity = session.get_one(LegalEntity, entity_id)
    city = next((s.city for s in entity.sites if s.city), None)
    return {"id": entity.public_id, "name": entity.display_name, "country": entity.country_code, "city": city}


def list_review(session: Session, *, status: str = "pending", limit: int = 50) -> list[dict[str, Any]]:
    """Review items with both records summarised, highest match probability first."""
    items = session.scalars(
        select(ReviewPair)
        .where(ReviewPair.status == status)
        .order_by(ReviewPair.match_probability.desc(), ReviewPair.id)
        .limit(limit)
    )
    return [
        {
            "id": item.id,
            "match_probability": item.match_probability,
            "status": item.status,
            "left": _describe_side(session, item.left_entity_id),
            "right": _describe_side(session, item.right_entity_id),
        }
        for item in items
    ]


def decide_review(session: Session, item_id: int, *, accept: bool, actor: str) -> dict[str, Any]:
    """Accept (merge the two records, with whatever each is already merged with) or reject a review item."""
    item = session.get(ReviewPair, item_id)
    if item is None:
        raise ReviewItemNotFound(item_id)
    if item.status != "pending":
        raise ReviewItemDecided(item_id, item.status)
    item.status = "accepted" if accept else "rejected"
    item.decided_at, item.decided_by = utcnow(), actor
    result: dict[str, Any] = {"id": item.id, "status": item.status, "golden": None}
    if accept:
        golden = merge_records(session, [item.left_entity_id, item.right_entity_id], method="review", actor=actor)
        result["golden"] = golden.public_id
    session.flush()
    return result
