"""Tables of entity resolution: golden records (one row per merge) and the review queue of uncertain pairs.

The merge itself is the nullable ``legal_entities.merged_into_id`` (declared on
:class:`~cagateway.registry.models.LegalEntity`, added by migration 0005): a member points at its golden record
and stays intact otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cagateway.db.base import Base, UTCDateTime, utcnow

__all__ = ["GoldenRecord", "ReviewPair"]


class GoldenRecord(Base):
    """A golden record: a legal entity assembled by survivorship from the source records merged into it."""

    __tablename__ = "golden_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), unique=True)
    method: Mapped[str] = mapped_column(String(20))  # auto | review
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    unmerged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    members: Mapped[list[int]] = mapped_column(JSON, default=list)  # legal_entities.id of the members, last merge

    __table_args__ = (CheckConstraint("method IN ('auto','review')", name="method"),)


class ReviewPair(Base):
    """A pair of producer records scored between the thresholds, or decided by a person (or by an unmerge)."""

    __tablename__ = "review_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    left_entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"))
    right_entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"))
    match_probability: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | accepted | rejected
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        UniqueConstraint("left_entity_id", "right_entity_id", name="uq_review_pairs_pair"),
        CheckConstraint("left_entity_id < right_entity_id", name="ordered"),
        CheckConstraint("status IN ('pending','accepted','rejected')", name="status"),
        Index("ix_review_pairs_status", "status", "id"),
    )
