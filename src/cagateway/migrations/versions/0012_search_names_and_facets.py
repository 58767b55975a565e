"""Search on SQLite: a names-only FTS5 index and a narrow table of facet codes.

Both serve the busiest endpoint at a million producers (measured on the demo data, CPU per statement):
- ``search_fts_names`` indexes the names (and the filter tags) alone. The engine counts the names-only matches of
  a query before ranking them; through ``search_fts`` with a ``{names}`` column filter that count read the
  whole-document posting lists of every word ("toshkent" is in a few names but a hundred thousand addresses):
  2.0 → 0.4 ms a query. (Its bm25 weights are set, but the ranking itself stays in ``search_fts``: bm25 over the
  names alone ordered namesakes differently, recall@10 at a million 0.954 → 0.948.)
- ``search_fts_facets`` holds per document one integer for its country and verification tier. Counting the
  facets of up to 2,000 matches through the covering index of 0007 grouped two text columns; grouping one
  integer took 1.0 ms rather than 1.7 ms for "cement".

Both are filled from ``search_documents`` here (seconds at a million producers) and kept in step by the SQLite
search backend's writes, like ``search_fts``. Nothing changes on PostgreSQL.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# The facet code: the two letters of the country code and the tier rank (0 unverified .. 3 site_visited), as
# cagateway.search.sqlite.facet_code computes it.
_CODE = "((unicode(substr(country_code, 1, 1)) * 65536 + unicode(substr(country_code, 2, 1))) * 4 + tier_rank)"

_SQLITE = (
    "CREATE VIRTUAL TABLE search_fts_names USING fts5(names, tags, content='', "
    "tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO search_fts_names(search_fts_names, rank) VALUES ('rank', 'bm25(10.0, 0.0)')",
    "INSERT INTO search_fts_names(rowid, names, tags) SELECT entity_id, names, tags FROM search_documents",
    "INSERT INTO search_fts_names(search_fts_names) VALUES ('optimize')",
    "CREATE TABLE search_fts_facets (entity_id INTEGER PRIMARY KEY, facet INTEGER NOT NULL)",
    f"INSERT INTO search_fts_facets(entity_id, facet) SELECT entity_id, {_CODE} FROM search_documents",  # noqa: S608 -- constant
)


def upgrade() -> None:
    """Create and fill both (SQLite only)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    """Drop both."""
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS search_fts_facets")
    op.execute("DROP TABLE IF EXISTS search_fts_names")
