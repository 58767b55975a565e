"""Moderation: uploads, submissions (claims, edits of official parts, reports, registrations), representatives
and the verification records of tier changes.

A branch beside 0010 (RFQ), both from 0008 (accounts); a merge revision joins them.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cagateway.db.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("purpose IN ('claim','certificate')", name=op.f("ck_uploads_purpose")),
        _fk("uploads", "owner_id", "users", "CASCADE"),
        _fk("uploads", "entity_id", "legal_entities", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
        sa.UniqueConstraint("token", name=op.f("uq_uploads_token")),
    )
    op.create_index("ix_uploads_owner_id", "uploads", ["owner_id"])
    op.create_index("ix_uploads_entity_id", "uploads", ["entity_id"])
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("submitter_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=True),
        sa.Column("auto", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('claim','edit','report','registration')", name=op.f("ck_submissions_kind")),
        sa.CheckConstraint("status IN ('pending','approved','rejected')", name=op.f("ck_submissions_status")),
        _fk("submissions", "entity_id", "legal_entities", "CASCADE"),
        _fk("submissions", "submitter_id", "users", "CASCADE"),
        _fk("submissions", "upload_id", "uploads", "SET NULL"),
        _fk("submissions", "decided_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
    )
    op.create_index("ix_submissions_entity_id", "submissions", ["entity_id"])
    op.create_index("ix_submissions_queue", "submissions", ["status", "kind", "id"])
    op.create_index("ix_submissions_submitter", "submissions", ["submitter_id", "id"])
    op.create_table(
        "representatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", UTCDateTime(timezone=True), nullable=True),
        _fk("representatives", "user_id", "users", "CASCADE"),
        _fk("representatives", "entity_id", "legal_entities", "CASCADE"),
        _fk("representatives", "submission_id", "submissions", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representatives")),
        sa.UniqueConstraint("user_id", "entity_id", name="uq_representatives_user_entity"),
    )
    op.create_index("ix_representatives_entity_id", "representatives", ["entity_id"])
    op.create_table(
        "verification_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("tier_from", sa.String(length=20), nullable=False),
        sa.Column("tier_to", sa.String(length=20), nullable=False),
        sa.Column("checks", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        _fk("verification_records", "entity_id", "legal_entities", "CASCADE"),
        _fk("verification_records", "moderator_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_records")),
    )
    op.create_index("ix_verification_records_entity", "verification_records", ["entity_id", "id"])


def downgrade() -> None:
    op.drop_table("verification_records")
    op.drop_table("representatives")
    op.drop_table("submissions")
    op.drop_table("uploads")
