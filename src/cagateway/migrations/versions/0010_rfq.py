"""Buyer requests (RFQs): requests, matched producers, quotes and the one-mail-per-representative record.

A branch beside 0009 (moderation), both from 0008 (accounts); a merge revision joins them.

Revision ID: 0010
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from cagateway.db.base import UTCDateTime

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rfq_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=12), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("hs_code", sa.String(length=6), nullable=False),
        sa.Column("query_text", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("base_quantity", sa.Float(), nullable=False),
        sa.Column("base_unit", sa.String(length=10), nullable=False),
        sa.Column("destination_text", sa.String(length=200), nullable=False),
        sa.Column("destination_label", sa.String(length=200), nullable=False),
        sa.Column("destination_country", sa.String(length=2), nullable=False),
        sa.Column("destination_locode", sa.String(length=5), nullable=True),
        sa.Column("destination_lat", sa.Float(), nullable=True),
        sa.Column("destination_lon", sa.Float(), nullable=True),
        sa.Column("incoterm", sa.String(length=3), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("certificates", sa.JSON(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("accepted_quote_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('open','closed','expired')", name=op.f("ck_rfq_requests_status")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_rfq_requests_quantity")),
        sa.ForeignKeyConstraint(["buyer_id"], ["users.id"], name=op.f("fk_rfq_requests_buyer_id_users")),
        sa.ForeignKeyConstraint(
            ["destination_country"], ["countries.code"], name=op.f("fk_rfq_requests_destination_country_countries")
        ),
        sa.ForeignKeyConstraint(["hs_code"], ["hs_codes.code"], name=op.f("fk_rfq_requests_hs_code_hs_codes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_requests")),
        sa.UniqueConstraint("public_id", name=op.f("uq_rfq_requests_public_id")),
    )
    op.create_index("ix_rfq_requests_buyer_created", "rfq_requests", ["buyer_id", "created_at"], unique=False)
    op.create_index("ix_rfq_requests_status_deadline", "rfq_requests", ["status", "deadline"], unique=False)
    op.create_table(
        "rfq_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("entity_ids", sa.JSON(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["rfq_requests.id"],
            name=op.f("fk_rfq_notifications_request_id_rfq_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_rfq_notifications_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_notifications")),
        sa.UniqueConstraint("request_id", "user_id", name="uq_rfq_notifications_request_user"),
    )
    op.create_index(op.f("ix_rfq_notifications_user_id"), "rfq_notifications", ["user_id"], unique=False)
    op.create_table(
        "rfq_matches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("hs_match", sa.String(length=10), nullable=False),
        sa.Column("capacity", sa.Float(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("notified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["legal_entities.id"], name=op.f("fk_rfq_matches_entity_id_legal_entities")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["rfq_requests.id"], name=op.f("fk_rfq_matches_request_id_rfq_requests"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_matches")),
        sa.UniqueConstraint("request_id", "entity_id", name="uq_rfq_matches_request_entity"),
    )
    op.create_index(op.f("ix_rfq_matches_entity_id"), "rfq_matches", ["entity_id"], unique=False)
    op.create_table(
        "rfq_quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=12), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("price", sa.Float(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("price_unit", sa.String(length=10), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("incoterm", sa.String(length=3), nullable=False),
        sa.Column("delivery_place", sa.String(length=200), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('open','accepted','declined')", name=op.f("ck_rfq_quotes_status")),
        sa.CheckConstraint("price > 0 AND quantity > 0 AND lead_time_days >= 0", name=op.f("ck_rfq_quotes_amounts")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_rfq_quotes_author_id_users")),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["legal_entities.id"], name=op.f("fk_rfq_quotes_entity_id_legal_entities")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["rfq_requests.id"], name=op.f("fk_rfq_quotes_request_id_rfq_requests"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfq_quotes")),
        sa.UniqueConstraint("public_id", name=op.f("uq_rfq_quotes_public_id")),
        sa.UniqueConstraint("request_id", "entity_id", name="uq_rfq_quotes_request_entity"),
    )
    op.create_index(op.f("ix_rfq_quotes_author_id"), "rfq_quotes", ["author_id"], unique=False)
    op.create_index(op.f("ix_rfq_quotes_entity_id"), "rfq_quotes", ["entity_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_rfq_quotes_entity_id"), table_name="rfq_quotes")
    op.drop_index(op.f("ix_rfq_quotes_author_id"), table_name="rfq_quotes")
    op.drop_table("rfq_quotes")
    op.drop_index(op.f("ix_rfq_matches_entity_id"), table_name="rfq_matches")
    op.drop_table("rfq_matches")
    op.drop_index(op.f("ix_rfq_notifications_user_id"), table_name="rfq_notifications")
    op.drop_table("rfq_notifications")
    op.drop_index("ix_rfq_requests_status_deadline", table_name="rfq_requests")
    op.drop_index("ix_rfq_requests_buyer_created", table_name="rfq_requests")
    op.drop_table("rfq_requests")
