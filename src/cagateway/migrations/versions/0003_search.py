"""Search index: documents and vocabulary (both engines); FTS5 tables (SQLite) or tsvector/pg_trgm (PostgreSQL).

Revision ID: 0003
Revises: 0002

The engine-specific parts are not models (FTS5 virtual tables and their shadow tables, a tsvector table with a
GIN index, a trigram index), so they are created here by dialect; tests/unit/db/test_schema.py leaves them out
of its model comparison.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_SQLITE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(names, body, idents, tags, content='search_documents', "
    "content_rowid='entity_id', tokenize='unicode61 remove_diacritics 2')",
    # bm25 weights: names 10, body (products, HS names, places) 2, identifiers 20, filter tags 0
    "INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(10.0, 2.0, 20.0, 0.0)')",
    "CREATE VIRTUAL TABLE search_terms_trgm USING fts5(term, content='', tokenize='trigram')",
    "CREATE TRIGGER search_terms_ai AFTER INSERT ON search_terms BEGIN "
    "INSERT INTO search_terms_trgm(rowid, term) VALUES (new.id, new.term); END",
)
_POSTGRES = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TABLE search_fts (entity_id integer PRIMARY KEY, tsv tsvector NOT NULL)",
    "CREATE INDEX ix_search_fts_tsv ON search_fts USING gin (tsv)",
    "CREATE INDEX ix_search_terms_trgm ON search_terms USING gin (term gin_trgm_ops)",
)


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("entity_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("public_id", sa.String(length=12), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("region_codes", sa.Text(), nullable=False),
        sa.Column("hs_codes", sa.Text(), nullable=False),
        sa.Column("verification_tier", sa.String(length=20), nullable=False),
        sa.Column("tier_rank", sa.Integer(), nullable=False),
        sa.Column("certificate_kinds", sa.Text(), nullable=False),
        sa.Column("max_capacity", sa.Float(), nullable=True),
        sa.Column("completeness", sa.Float(), nullable=False),
        sa.Column("static_rank", sa.Float(), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("idents", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("russian", sa.Text(), nullable=False),
        sa.Column("name_keys", sa.Text(), nullable=False),
        sa.Column("hit", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("entity_id", name=op.f("pk_search_documents")),
    )
    with op.batch_alter_table("search_documents") as batch_op:
        batch_op.create_index("ix_search_documents_country_rank", ["country_code", "static_rank"], unique=False)
        batch_op.create_index("ix_search_documents_static_rank", ["static_rank"], unique=False)
    op.create_table(
        "search_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_terms")),
        sa.UniqueConstraint("term", name=op.f("uq_search_terms_term")),
    )
    statements = _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRES
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS search_terms_ai")
        op.execute("DROP TABLE IF EXISTS search_terms_trgm")
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_terms")
    with op.batch_alter_table("search_documents") as batch_op:
        batch_op.drop_index("ix_search_documents_static_rank")
        batch_op.drop_index("ix_search_documents_country_rank")
    op.drop_table("search_documents")
