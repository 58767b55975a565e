"""Search of producers and products across scripts and languages, tolerant of typos.

A buyer types ``Ontustik cement``, ``оңтүстік цемент``, ``цемент Шымкент``, ``sement`` (Uzbek), an HS code
(``2523``, ``25.23``) or a BIN/INN, and finds the producer whatever script its register used. The index lives in
the database, beside the registry (SQLite FTS5 by default, PostgreSQL tsvector + pg_trgm), and is kept in step
with it by an ORM ``after_flush`` hook that importing this package installs (see :mod:`.services`).
"""

from cagateway.search.backend import Facets, MatchPlan, SearchBackend, SearchFilters
from cagateway.search.documents import DocumentBuilder, IndexedDocument
from cagateway.search.errors import InvalidSearch
from cagateway.search.postgres import PostgresSearch
from cagateway.search.query import MAX_QUERY_CHARS, ParsedQuery, QueryTerm, parse_query
from cagateway.search.ranking import RankedHit, rank_candidates
from cagateway.search.services import (
    SORTS,
    SearchResult,
    backend_for,
    index_producers,
    install_index_hooks,
    rebuild_index,
    search_producers,
)
from cagateway.search.sqlite import SqliteFtsSearch

__all__ = [
    "MAX_QUERY_CHARS",
    "SORTS",
    "DocumentBuilder",
    "Facets",
    "IndexedDocument",
    "InvalidSearch",
    "MatchPlan",
    "ParsedQuery",
    "PostgresSearch",
    "QueryTerm",
    "RankedHit",
    "SearchBackend",
    "SearchFilters",
    "SearchResult",
    "SqliteFtsSearch",
    "backend_for",
    "index_producers",
    "install_index_hooks",
    "parse_query",
    "rank_candidates",
    "rebuild_index",
    "search_producers",
]

install_index_hooks()
