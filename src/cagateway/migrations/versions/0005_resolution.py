"""Entity resolution: legal_entities.merged_into_id, golden records and the review queue.

Revision ID: 0005
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cagateway.db.base import UTCDateTime

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Not batch mode: it would copy legal_entities and drop the old table, which with foreign keys on deletes
        # every name, site and product line through ON DELETE CASCADE, and takes minutes at 1M producers. SQLite
        # adds a nullable column with a reference in place.
        op.execute(
            "ALTER TABLE legal_entities ADD COLUMN merged_into_id INTEGER "
            "CONSTRAINT fk_legal_entities_merged_into_id_legal_entities REFERENCES legal_entities (id)"
        )
    else:
        op.add_column("legal_entities", sa.Column("merged_into_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_legal_entities_merged_into_id_legal_entities",
            "legal_entities",
            "legal_entities",
            ["merged_into_id"],
            ["id"],
        )
    op.create_index("ix_legal_entities_merged_into_id", "legal_entities", ["merged_into_id"], unique=False)
    op.create_table(
        "golden_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("unmerged_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.CheckConstraint("method IN ('auto','review')", name=op.f("ck_golden_records_method")),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["legal_entities.id"],
            name=op.f("fk_golden_records_entity_id_legal_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_golden_records")),
        sa.UniqueConstraint("entity_id", name=op.f("uq_golden_records_entity_id")),
    )
    op.create_table(
        "review_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("left_entity_id", sa.Integer(), nullable=False),
        sa.Column("right_entity_id", sa.Integer(), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.CheckConstraint("left_entity_id < right_entity_id", name=op.f("ck_review_pairs_ordered")),
        sa.CheckConstraint("status IN ('pending','accepted','rejected')", name=op.f("ck_review_pairs_status")),
        sa.ForeignKeyConstraint(
            ["left_entity_id"],
            ["legal_entities.id"],
            name=op.f("fk_review_pairs_left_entity_id_legal_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["right_entity_id"],
            ["legal_entities.id"],
            name=op.f("fk_review_pairs_right_entity_id_legal_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_pairs")),
        sa.UniqueConstraint("left_entity_id", "right_entity_id", name="uq_review_pairs_pair"),
    )
    op.create_index("ix_review_pairs_status", "review_pairs", ["status", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_review_pairs_status", table_name="review_pairs")
    op.drop_table("review_pairs")
    op.drop_table("golden_records")
    with op.batch_alter_table("legal_entities") as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_entities_merged_into_id"))
        batch_op.drop_constraint(batch_op.f("fk_legal_entities_merged_into_id_legal_entities"), type_="foreignkey")
        batch_op.drop_column("merged_into_id")
