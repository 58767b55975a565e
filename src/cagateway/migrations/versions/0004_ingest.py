"""ingest: import records (content hashes per source record) and staged rejected rows

Revision ID: 0004
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cagateway.db.base import UTCDateTime

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("source_record_id", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"], name=op.f("fk_import_records_batch_id_batches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_records")),
        sa.UniqueConstraint("source", "source_record_id", name="uq_import_records_source_record"),
    )
    with op.batch_alter_table("import_records") as batch_op:
        batch_op.create_index(batch_op.f("ix_import_records_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "staged_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.Column("source_record_id", sa.String(length=200), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("last_batch_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("resolved_batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('rejected','resolved')", name=op.f("ck_staged_rows_status")),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"], name=op.f("fk_staged_rows_batch_id_batches")),
        sa.ForeignKeyConstraint(["last_batch_id"], ["batches.id"], name=op.f("fk_staged_rows_last_batch_id_batches")),
        sa.ForeignKeyConstraint(
            ["resolved_batch_id"], ["batches.id"], name=op.f("fk_staged_rows_resolved_batch_id_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staged_rows")),
        sa.UniqueConstraint("source", "row_hash", name="uq_staged_rows_source_hash"),
    )
    with op.batch_alter_table("staged_rows") as batch_op:
        batch_op.create_index(batch_op.f("ix_staged_rows_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_staged_rows_last_batch_id"), ["last_batch_id"], unique=False)
        batch_op.create_index("ix_staged_rows_source_record", ["source", "source_record_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("staged_rows") as batch_op:
        batch_op.drop_index("ix_staged_rows_source_record")
        batch_op.drop_index(batch_op.f("ix_staged_rows_last_batch_id"))
        batch_op.drop_index(batch_op.f("ix_staged_rows_batch_id"))
    op.drop_table("staged_rows")
    with op.batch_alter_table("import_records") as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_records_batch_id"))
    op.drop_table("import_records")
