"""Search on SQLite: count facets from an index whose rowids carry each document's country and tier.

The search endpoint counts the matches of every query by country and verification tier (at most 2,000, see
``FACET_CAP``). Through 0012's ``search_fts_facets`` that was a look-up per match in a million-row table, the
largest statement of a request at a million producers (~2 ms). ``search_fts_count`` is a contentless FTS5 table
over the same columns and tokens as ``search_fts``, without positions (``detail=column``: the column filters
still work) and without column sizes (nothing ranks there); its rowid is ``entity_id * 4096 + slot``, the slot
being the country's two letters and the tier rank (``cagateway.search.sqlite.facet_slot``), so the count reads
the index alone and groups the low bits. The rowids ascend with the entity ids: the capped count sees the same
first 2,000 matches as before, and the counts are the same.

Filled here from ``search_documents`` and kept in step by the SQLite search backend's writes, like the other FTS5
tables; ``search_fts_facets`` is dropped. Nothing changes on PostgreSQL.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_COLUMNS = "names, body, idents, tags"
# The rowid, as cagateway.search.sqlite computes it (its _COUNT_ROWID_SQL); country codes are ISO alpha-2.
_ROWID = (
    "(entity_id * 4096 + ((unicode(substr(country_code, 1, 1)) - 65) * 26 "
    "+ unicode(substr(country_code, 2, 1)) - 65) * 4 + tier_rank)"
)
# 0012's facet code, for the downgrade.
_CODE = "((unicode(substr(country_code, 1, 1)) * 65536 + unicode(substr(country_code, 2, 1))) * 4 + tier_rank)"


def upgrade() -> None:
    """Create and fill ``search_fts_count``; drop ``search_fts_facets`` (SQLite only)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        f"CREATE VIRTUAL TABLE search_fts_count USING fts5({_COLUMNS}, content='', detail=column, columnsize=0, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(f"INSERT INTO search_fts_count(rowid, {_COLUMNS}) SELECT {_ROWID}, {_COLUMNS} FROM search_documents")  # noqa: S608 -- constants
    op.execute("INSERT INTO search_fts_count(search_fts_count) VALUES ('optimize')")
    op.execute("DROP TABLE IF EXISTS search_fts_facets")


def downgrade() -> None:
    """Back to 0012's table of facet codes."""
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE TABLE search_fts_facets (entity_id INTEGER PRIMARY KEY, facet INTEGER NOT NULL)")
    op.execute(f"INSERT INTO search_fts_facets(entity_id, facet) SELECT entity_id, {_CODE} FROM search_documents")  # noqa: S608 -- constant
    op.execute("DROP TABLE IF EXISTS search_fts_count")
