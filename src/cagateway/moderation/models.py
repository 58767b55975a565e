"""Moderation tables: who represents which producer, what users submitted for moderation, their uploads, and
the checks a moderator recorded when changing a producer's verification tier.

One ``submissions`` table holds every kind of request a moderator decides (a claim of a producer, an edit of an
official field, a user's report, a new producer's registration): the queues are its rows by kind, and "my
submissions" is its rows by submitter, each with the decision and the reason the submitter is shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cagateway.db.base import Base, UTCDateTime, utcnow

__all__ = ["KINDS", "STATUSES", "Representative", "Submission", "Upload", "VerificationRecord"]

KINDS = ("claim", "edit", "report", "registration")
STATUSES = ("pending", "approved", "rejected")


class Upload(Base):
    """A file a user uploaded (proof of a claim, a certificate), stored under a random name in ``upload_dir``."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)  # the random stored name, also the URL key
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))  # from the file's magic bytes, never the client's
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(20))  # claim | certificate
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (CheckConstraint("purpose IN ('claim','certificate')", name="purpose"),)


class Submission(Base):
    """Something a user asked for that a moderator decides (or that was decided automatically, ``auto``)."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    submitter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"))
    auto: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint("kind IN ('claim','edit','report','registration')", name="kind"),
        CheckConstraint("status IN ('pending','approved','rejected')", name="status"),
        Index("ix_submissions_queue", "status", "kind", "id"),
        Index("ix_submissions_submitter", "submitter_id", "id"),
    )


class Representative(Base):
    """A user approved to edit a producer (by a claim or by registering it); ``revoked_at`` ends it."""

    __tablename__ = "representatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("user_id", "entity_id", name="uq_representatives_user_entity"),)


class VerificationRecord(Base):
    """A moderator's change of a producer's verification tier, with what they checked."""

    __tablename__ = "verification_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"))
    tier_from: Mapped[str] = mapped_column(String(20))
    tier_to: Mapped[str] = mapped_column(String(20))
    checks: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_verification_records_entity", "entity_id", "id"),)
