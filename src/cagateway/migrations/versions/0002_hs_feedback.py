"""HS feedback: product texts with the HS code a user confirmed for them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cagateway.db.base import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hs_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("hs_code", sa.String(length=6), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["hs_code"], ["hs_codes.code"], name=op.f("fk_hs_feedback_hs_code_hs_codes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hs_feedback")),
    )
    with op.batch_alter_table("hs_feedback") as batch_op:
        batch_op.create_index(batch_op.f("ix_hs_feedback_hs_code"), ["hs_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hs_feedback") as batch_op:
        batch_op.drop_index(batch_op.f("ix_hs_feedback_hs_code"))
    op.drop_table("hs_feedback")
