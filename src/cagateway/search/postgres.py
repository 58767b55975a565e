"""PostgreSQL backend: a ``tsvector`` per document (``simple`` over the folded, transliterated tokens, weighted
names A, body B, filter tags D; ``russian`` over the Russian text as written, weight C, through ``unaccent``),
and ``pg_trgm`` over the vocabulary for typo tolerance.

Why the vocabulary is what gets trigram-matched, not the names: pg_trgm decides what a "letter" is by the
database's locale, and in a C-locale database it drops every Cyrillic letter, so ``word_similarity`` on
Cyrillic silently returns nothing. The vocabulary holds the Latin skeleton tokens made in Python
(:mod:`cagateway.search.tokens`), lower-cased and ASCII, so trigram matching works on any locale, and a
Cyrillic query with a typo (``Оңтүстик Цимент``) is corrected through its skeleton.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, text

from cagateway.search.backend import Facets, MatchPlan, SearchFilters
from cagateway.search.models import SearchDocument
from cagateway.search.sqlite import (
    _COLUMNS,
    FACET_CAP,
    RANK_CAP,
    _facets,
    _is_term,
    browse_documents,
    capped_facet_sql,
    filter_sql,
)

__all__ = ["PostgresSearch"]

_TSV = (
    "setweight(to_tsvector('simple', d.names || ' ' || d.idents), 'A') || "
    "setweight(to_tsvector('simple', d.body), 'B') || "
    "setweight(to_tsvector('russian', unaccent(d.russian)), 'C') || "
    "setweight(to_tsvector('simple', d.tags), 'D')"
)


def _lexeme(token: str, weights: str) -> str:
    return "'" + token.replace("'", "''").replace("\\", "") + "':" + weights


def _tsquery(plan: MatchPlan, text_weights: str = "ABC") -> str:
    joiner = " & " if plan.mode == "all" else " | "
    groups = ["(" + " | ".join(_lexeme(t, text_weights) for t in g) + ")" for g in plan.text_groups]
    groups += ["(" + " | ".join(_lexeme(t, "D") for t in g) + ")" for g in plan.tag_groups]
    return joiner.join(groups)


class PostgresSearch:
    """The search index on PostgreSQL (tsvector + GIN, pg_trgm, unaccent)."""

    name = "postgresql-tsvector"

    def write(self, conn: Connection, rows: Sequence[dict[str, Any]], removed: Sequence[int]) -> None:
        ids = sorted({*removed, *(r["entity_id"] for r in rows)})
        if ids:
            conn.execute(text("DELETE FROM search_fts WHERE entity_id = ANY(:ids)"), {"ids": ids})
            conn.execute(text("DELETE FROM search_documents WHERE entity_id = ANY(:ids)"), {"ids": ids})
        if not rows:
            return
        conn.execute(insert(SearchDocument), list(rows))
        conn.execute(
            text(
                f"INSERT INTO search_fts(entity_id, tsv) SELECT d.entity_id, {_TSV} FROM search_documents d "
                "WHERE d.entity_id = ANY(:ids)"
            ),
            {"ids": [r["entity_id"] for r in rows]},
        )
        terms = sorted({t for r in rows for t in (*r["names"].split(), *r["body"].split()) if _is_term(t)})
        if terms:
            conn.execute(
                text("INSERT INTO search_terms(term) SELECT unnest(CAST(:terms AS text[])) ON CONFLICT DO NOTHING"),
                {"terms": terms},
            )

    def clear(self, conn: Connection) -> None:
        conn.execute(text("DELETE FROM search_fts"))
        conn.execute(text("DELETE FROM search_documents"))

    def known_terms(self, conn: Connection, tokens: Sequence[str]) -> set[str]:
        # pg_trgm's GIN index also answers "=", and the planner prefers it to the unique btree: ~20 ms instead
        # of ~0.1 at 100k producers. GIN is only ever read by bitmap scans, so turning those off for this one
        # statement (local to the transaction, restored right after) leaves the btree.
        conn.execute(text("SELECT set_config('enable_bitmapscan', 'off', true)"))
        rows = conn.execute(text("SELECT term FROM search_terms WHERE term = ANY(:t)"), {"t": list(tokens)})
        found = set(rows.scalars())
        conn.execute(text("SELECT set_config('enable_bitmapscan', 'on', true)"))
        return found

    def similar_terms(self, conn: Connection, token: str, limit: int) -> list[str]:
        stmt = text(
            "SELECT term FROM search_terms WHERE term % :t AND length(term) BETWEEN :lo AND :hi "
            "ORDER BY similarity(term, :t) DESC LIMIT :n"
        )
        params = {"t": token, "lo": len(token) - 2, "hi": len(token) + 2, "n": limit}
        # The default threshold (0.3) misses a transposition in a six-letter word (semnet/sement: 0.27); the
        # edit-distance check after this keeps only true near-misses. Local to this transaction.
        conn.execute(text("SELECT set_config('pg_trgm.similarity_threshold', '0.2', true)"))
        return list(conn.execute(stmt, params).scalars())

    def _where(
        self, plan: MatchPlan, filters: SearchFilters, params: dict[str, Any], *, names_only: bool = False
    ) -> str:
        query = "to_tsquery('simple', :q)"
        params["q"] = _tsquery(plan, "A" if names_only else "ABC")
        if plan.russian_text and not names_only:
            query = f"({query} || plainto_tsquery('russian', unaccent(:ru)))"
            params["ru"] = plan.russian_text
        where = filter_sql(filters, params)
        return f"f.tsv @@ {query}" + (f" AND {where}" if where else "")

    def candidates(self, conn: Connection, plan: MatchPlan, filters: SearchFilters, limit: int) -> list[dict[str, Any]]:
        """The names-only matches ranked (when at most :data:`RANK_CAP`), then the other matches unranked —
        ``ts_rank`` over every match of a common word costs hundreds of milliseconds, as bm25 does on SQLite (see
        :meth:`SqliteFtsSearch.candidates`, which this mirrors)."""
        if not plan.text_groups:
            ranked = not self._is_common(conn, plan, filters, names_only=False)
            return self._fetch(conn, plan, filters, limit, names_only=False, ranked=ranked)
        rows: list[dict[str, Any]] = []
        if not self._is_common(conn, plan, filters, names_only=True):
            rows = self._fetch(conn, plan, filters, limit, names_only=True, ranked=True)
        if len(rows) >= limit:
            return rows
        seen = {r["entity_id"] for r in rows}
        rest = self._fetch(conn, plan, filters, limit, names_only=False, ranked=False)
        rest = [r for r in rest if r["entity_id"] not in seen]
        return [r | {"text_rank": i} for i, r in enumerate([*rows, *rest][:limit])]

    def _is_common(self, conn: Connection, plan: MatchPlan, filters: SearchFilters, *, names_only: bool) -> bool:
        params: dict[str, Any] = {"cap": RANK_CAP + 1}
        where = self._where(plan, filters, params, names_only=names_only)
        probe = (
            "SELECT count(*) FROM (SELECT 1 FROM search_fts f JOIN search_documents d ON d.entity_id = f.entity_id "
            f"WHERE {where} LIMIT :cap) s"
        )
        return bool(conn.execute(text(probe), params).scalar_one() > RANK_CAP)

    def _fetch(
        self,
        conn: Connection,
        plan: MatchPlan,
        filters: SearchFilters,
        limit: int,
        *,
        names_only: bool,
        ranked: bool,
    ) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"n": limit}
        where = self._where(plan, filters, params, names_only=names_only)
        order = "ORDER BY ts_rank(f.tsv, to_tsquery('simple', :q)) DESC, d.entity_id " if ranked else ""
        sql = (
            f"SELECT {_COLUMNS} FROM search_fts f JOIN search_documents d ON d.entity_id = f.entity_id "
            f"WHERE {where} {order}LIMIT :n"
        )
        rows = conn.execute(text(sql), params).mappings().all()
        return [dict(r) | {"text_rank": i} for i, r in enumerate(rows)]

    def exact(self, conn: Connection, plan: MatchPlan, filters: SearchFilters) -> list[dict[str, Any]]:
        params: dict[str, Any] = {}
        if plan.identifier:
            query = "to_tsquery('simple', :q)"
            params["q"] = _lexeme(plan.identifier, "A")
        elif plan.exact_tags:
            query = "to_tsquery('simple', :q)"
            params["q"] = _lexeme(plan.exact_tags[0], "D")
        else:
            return []
        where = filter_sql(filters, params)
        sql = (
            f"SELECT {_COLUMNS} FROM search_fts f JOIN search_documents d ON d.entity_id = f.entity_id "
            f"WHERE f.tsv @@ {query}{' AND ' + where if where else ''} LIMIT 200"
        )
        return [dict(r) | {"text_rank": 0} for r in conn.execute(text(sql), params).mappings()]

    def browse(self, conn: Connection, filters: SearchFilters, limit: int, offset: int) -> list[dict[str, Any]]:
        return browse_documents(conn, filters, limit, offset)

    def facets(self, conn: Connection, plan: MatchPlan, filters: SearchFilters) -> Facets:
        params: dict[str, Any] = {}
        if plan.is_empty:
            where = filter_sql(filters, params)
            source = f"search_documents d {'WHERE ' + where if where else ''}"
        else:
            source = (
                "search_fts f JOIN search_documents d ON d.entity_id = f.entity_id "
                f"WHERE {self._where(plan, filters, params)}"
            )
        return _facets(conn.execute(text(capped_facet_sql(source)), params | {"cap": FACET_CAP + 1}).all())
