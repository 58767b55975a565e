"""SQLite backend: an FTS5 external-content table over ``search_documents``, and an FTS5 trigram table over the
vocabulary for typo tolerance.

``search_fts`` (columns names, body, idents, tags; ``unicode61 remove_diacritics 2``) indexes the tokens the
documents already carry; its rank is ``bm25`` weighted names 10, body 2, identifiers 20, tags 0. Filters are
tag tokens (``cckz``, ``hs2523``, ``rgkz79``, ``tiersitevisited``, ``certiso9001``) matched inside the same
FTS query, so a filtered search is one index intersection rather than a scan. ``search_terms_trgm`` is
contentless, filled by a trigger on ``search_terms``. Two more serve the busiest statements:
``search_fts_names`` (migration 0012; contentless, names and tags) counts names-only matches without reading the
whole-document posting lists, and ``search_fts_count`` (migration 0013; contentless, the same columns as
``search_fts`` without positions) counts the facets: its rowid is the document's entity id with its country and
tier in the low :data:`FACET_BITS` bits (:func:`facet_slot`), so the count reads the index alone.
:meth:`SqliteFtsSearch.write` keeps all three in step. Every token put into a MATCH expression is quoted, so FTS5
syntax typed by a user (``"``, ``*``, ``NEAR(``, ``OR``) is never interpreted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, text

from cagateway.registry.bulk_insert import insert_rows
from cagateway.search.backend import Facets, MatchPlan, SearchFilters
from cagateway.search.documents import TIER_RANK, identifier_token
from cagateway.search.models import SearchDocument

__all__ = [
    "FACET_CAP",
    "SqliteFtsSearch",
    "browse_documents",
    "capped_facet_sql",
    "filter_sql",
    "filter_tag_groups",
    "page_documents",
]

# What ranking reads of every candidate. The stored hit and the long body are read only for the page shown
# (:func:`page_documents`): at a million producers, pulling them for ~400 candidates cost more than ranking.
_COLUMNS = "d.entity_id, d.names, d.idents, d.name_keys, d.hs_codes, d.tier_rank, d.completeness, d.max_capacity"
_FTS_COLUMNS = "names, body, idents, tags"
RANK_CAP = 2000  # matches beyond which candidates are taken unranked (see SqliteFtsSearch.candidates)
# Matches counted for the total and the facets. Counting every match of a common word at a million producers
# costs several times the whole search (~2.5 µs a match); as with Elasticsearch's track_total_hits, beyond the
# cap the total and each facet count are lower bounds ("2,000 or more"), said by Facets.exact.
FACET_CAP = 2000
# search_fts_count's rowid: entity_id << FACET_BITS | facet_slot(country, tier) (676 two-letter codes x 4 tiers).
FACET_BITS = 12
_SLOT_MASK = (1 << FACET_BITS) - 1
# The same, computed by SQLite from a search_documents row (the delete of a contentless row needs its rowid).
_COUNT_ROWID_SQL = (
    f"(entity_id * {1 << FACET_BITS} + ((unicode(substr(country_code, 1, 1)) - 65) * 26 "
    "+ unicode(substr(country_code, 2, 1)) - 65) * 4 + tier_rank)"
)
_TIER_NAMES = {rank: tier for tier, rank in TIER_RANK.items()}


def facet_slot(country_code: str, tier_rank: int) -> int:
    """A document's country (ISO 3166-1 alpha-2, as the registry validates it) and tier rank as one small integer,
    the low bits of its rowid in ``search_fts_count``."""
    first, second = (ord(letter) - 65 for letter in country_code)
    if not (0 <= first < 26 and 0 <= second < 26 and 0 <= tier_rank < 4):
        raise ValueError(f"not a country code and tier rank: {country_code!r}, {tier_rank!r}")
    return (first * 26 + second) * 4 + tier_rank


def _count_rowid(row: dict[str, Any]) -> int:
    """A document's rowid in ``search_fts_count``."""
    return int(row["entity_id"]) << FACET_BITS | facet_slot(row["country_code"], row["tier_rank"])


def facet_of(slot: int) -> tuple[str, str]:
    """The country code and tier name of a facet slot (or of a ``search_fts_count`` rowid)."""
    letters, rank = divmod(slot & _SLOT_MASK, 4)
    first, second = divmod(letters, 26)
    return chr(65 + first) + chr(65 + second), _TIER_NAMES[rank]


def _read(conn: Connection, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The rows of a read, through the driver's cursor on the connection's open transaction.

    A search runs five to eight statements; SQLAlchemy's compilation and row wrapping cost more than SQLite's own
    work for the small ones, and half of a 200-row candidate fetch (measured: 0.96 → 0.40 ms).
    """
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return list(cursor.execute(sql, params).fetchall())
    finally:
        cursor.close()


def _read_seq(conn: Connection, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """:func:`_read` with positional parameters."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return list(cursor.execute(sql, params).fetchall())
    finally:
        cursor.close()


def _read_dicts(conn: Connection, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """:func:`_read` as dicts keyed by column name."""
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        cursor.close()


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _or(tokens: Sequence[str]) -> str:
    return "(" + " OR ".join(_quote(t) for t in tokens) + ")"


def filter_tag_groups(filters: SearchFilters) -> list[list[str]]:
    """The filters as groups of tag tokens (OR within a group, AND between groups); HS prefixes of odd length
    end with ``*`` (an FTS5 prefix query)."""
    groups: list[list[str]] = []
    if filters.country:
        groups.append(["cc" + filters.country.lower()])
    if filters.region:
        groups.append(["rg" + identifier_token(filters.region)])
    if filters.hs:
        groups.append(["hs" + filters.hs + ("*" if len(filters.hs) % 2 else "")])
    if filters.tier:
        groups.append(["tier" + identifier_token(t) for t in filters.tier_names()])
    if filters.certificate:
        groups.append(["cert" + identifier_token(filters.certificate)])
    return groups


def _tag_expr(group: Sequence[str]) -> str:
    parts = [(_quote(t[:-1]) + "*") if t.endswith("*") else _quote(t) for t in group]
    return "(" + " OR ".join(parts) + ")"


def match_expression(plan: MatchPlan, filters: SearchFilters, columns: str = "names body idents") -> str:
    """The FTS5 MATCH string: text groups over ``columns``, filter and HS tags over tags."""
    joiner = " AND " if plan.mode == "all" else " OR "
    parts = []
    if plan.text_groups:
        parts.append("{" + columns + "}: (" + joiner.join(_or(g) for g in plan.text_groups) + ")")
    if plan.tag_groups:
        parts.append("tags: (" + joiner.join(_or(g) for g in plan.tag_groups) + ")")
    query = "(" + joiner.join(parts) + ")" if parts else ""
    tags = [("tags: " + _tag_expr(g)) for g in filter_tag_groups(filters)]
    return " AND ".join([p for p in (query, *tags) if p])


def filter_sql(filters: SearchFilters, params: dict[str, Any]) -> str:
    """Column predicates for the filters (browsing without a query; capacity always)."""
    where = []
    if filters.country:
        where.append("d.country_code = :country")
        params["country"] = filters.country
    if filters.region:
        where.append("d.region_codes LIKE :region")
        params["region"] = f"% {filters.region} %"
    if filters.hs:
        where.append("d.hs_codes LIKE :hs")
        params["hs"] = f"% {filters.hs}%"
    if filters.tier:
        where.append("d.tier_rank >= :tier_rank")
        params["tier_rank"] = TIER_RANK[filters.tier]
    if filters.certificate:
        where.append("d.certificate_kinds LIKE :certificate")
        params["certificate"] = f"%|{filters.certificate}|%"
    if filters.min_capacity is not None:
        where.append("d.max_capacity >= :min_capacity")
        params["min_capacity"] = filters.min_capacity
    return " AND ".join(where)


def browse_documents(conn: Connection, filters: SearchFilters, limit: int, offset: int) -> list[dict[str, Any]]:
    """Producers by the filters alone (an empty query), best static rank first; the same SQL on both engines."""
    params: dict[str, Any] = {"n": limit, "o": offset}
    where = filter_sql(filters, params)
    sql = (
        f"SELECT {_COLUMNS} FROM search_documents d {'WHERE ' + where if where else ''} "
        "ORDER BY d.static_rank DESC, d.entity_id LIMIT :n OFFSET :o"
    )
    return [dict(r) | {"text_rank": 0} for r in conn.execute(text(sql), params).mappings()]


def page_documents(conn: Connection, entity_ids: Sequence[int]) -> dict[int, tuple[Any, str]]:
    """The stored hit and body of each of ``entity_ids`` (the page being shown); the same SQL on both engines
    (on SQLite through the driver's cursor, as every read of a search)."""
    if not entity_ids:
        return {}
    ids = sorted(set(entity_ids))
    if conn.dialect.name == "sqlite":
        marks = ",".join("?" * len(ids))
        rows = _read_seq(conn, f"SELECT entity_id, hit, body FROM search_documents WHERE entity_id IN ({marks})", ids)
        return {int(r[0]): (r[1], r[2]) for r in rows}
    stmt = text("SELECT entity_id, hit, body FROM search_documents WHERE entity_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    return {int(r[0]): (r[1], r[2]) for r in conn.execute(stmt, {"ids": ids})}


class SqliteFtsSearch:
    """The search index on SQLite (FTS5)."""

    name = "sqlite-fts5"

    def write(self, conn: Connection, rows: Sequence[dict[str, Any]], removed: Sequence[int]) -> None:
        """Replace the documents of ``rows`` and remove those of ``removed``, in ``search_documents`` and the three
        FTS5 tables.

        The new rows go in through the driver's ``executemany`` with the values in hand (no re-reading them from
        ``search_documents``), and the ids to remove as one JSON array (an expanding ``IN`` list recompiled the
        statement for every new length): an import writes a document per producer this way.
        """
        ids = sorted({*removed, *(r["entity_id"] for r in rows)})
        if ids:
            chosen = "entity_id IN (SELECT value FROM json_each(:ids))"
            for statement in (
                f"INSERT INTO search_fts(search_fts, rowid, {_FTS_COLUMNS}) "
                f"SELECT 'delete', entity_id, {_FTS_COLUMNS} FROM search_documents WHERE {chosen}",
                "INSERT INTO search_fts_names(search_fts_names, rowid, names, tags) "
                f"SELECT 'delete', entity_id, names, tags FROM search_documents WHERE {chosen}",
                f"INSERT INTO search_fts_count(search_fts_count, rowid, {_FTS_COLUMNS}) "
                f"SELECT 'delete', {_COUNT_ROWID_SQL}, {_FTS_COLUMNS} FROM search_documents WHERE {chosen}",
                f"DELETE FROM search_documents WHERE {chosen}",
            ):
                conn.execute(text(statement), {"ids": json.dumps(ids)})
        if not rows:
            return
        insert_rows(conn, SearchDocument.__table__, rows)  # type: ignore[arg-type]
        for statement, values in (
            (
                f"INSERT INTO search_fts(rowid, {_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                [(r["entity_id"], r["names"], r["body"], r["idents"], r["tags"]) for r in rows],
            ),
            (
                "INSERT INTO search_fts_names(rowid, names, tags) VALUES (?, ?, ?)",
                [(r["entity_id"], r["names"], r["tags"]) for r in rows],
            ),
            (
                f"INSERT INTO search_fts_count(rowid, {_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                [(_count_rowid(r), r["names"], r["body"], r["idents"], r["tags"]) for r in rows],
            ),
        ):
            conn.exec_driver_sql(statement, values)
        self._add_terms(conn, rows)

    def _add_terms(self, conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
        tokens: set[str] = set()
        for r in rows:  # distinct tokens first: a chunk's documents repeat most of theirs
            tokens.update(r["names"].split())
            tokens.update(r["body"].split())
        terms = sorted(t for t in tokens if _is_term(t))
        if terms:
            conn.exec_driver_sql("INSERT OR IGNORE INTO search_terms(term) VALUES (?)", [(t,) for t in terms])

    def clear(self, conn: Connection) -> None:
        conn.execute(text("DELETE FROM search_documents"))
        conn.execute(text("INSERT INTO search_fts(search_fts) VALUES ('delete-all')"))
        conn.execute(text("INSERT INTO search_fts_names(search_fts_names) VALUES ('delete-all')"))
        conn.execute(text("INSERT INTO search_fts_count(search_fts_count) VALUES ('delete-all')"))

    def known_terms(self, conn: Connection, tokens: Sequence[str]) -> set[str]:
        # json_each keeps one statement for any number of tokens (an expanding IN recompiles per length).
        sql = "SELECT term FROM search_terms WHERE term IN (SELECT value FROM json_each(:tokens))"
        return {r[0] for r in _read(conn, sql, {"tokens": json.dumps(list(tokens))})}

    def similar_terms(self, conn: Connection, token: str, limit: int) -> list[str]:
        grams = sorted({token[i : i + 3] for i in range(len(token) - 2)})
        if not grams:
            return []
        sql = (
            "SELECT t.term FROM search_terms_trgm g JOIN search_terms t ON t.id = g.rowid "
            "WHERE search_terms_trgm MATCH :m AND length(t.term) BETWEEN :lo AND :hi ORDER BY g.rank LIMIT :n"
        )
        params = {"m": " OR ".join(_quote(g) for g in grams), "lo": len(token) - 2, "hi": len(token) + 2}
        return [r[0] for r in _read(conn, sql, params | {"n": limit})]

    def candidates(self, conn: Connection, plan: MatchPlan, filters: SearchFilters, limit: int) -> list[dict[str, Any]]:
        """The names-only matches ranked by bm25 (when at most :data:`RANK_CAP`), then the other matches unranked.

        bm25 scores every match before the LIMIT applies (~10 µs a match at a million producers), and the
        matches in products, HS names and places are the many: "Astana Cement" is in 3,600 documents but in 435
        names. So only the names are ranked by the engine; matches elsewhere come in index order and the
        re-ranker orders them by what it knows (product and HS match, tier, completeness). A query without
        words (HS codes typed as a query) ranks all its matches when they are few enough.

        The names-only matches are counted in ``search_fts_names``, whose posting lists hold the names alone:
        through ``search_fts`` with a ``{names}`` filter, a word common in addresses or products ("toshkent",
        "paxta") read all of its postings to find the few in names (2.0 → 0.4 ms a query at a million). They are
        still ranked in ``search_fts``: bm25 there normalises by the whole document's length, and ranking in the
        names table instead (3x cheaper) reordered namesakes enough to move recall@10 at a million from 0.954 to
        0.948 on the judged queries.
        """
        if not plan.text_groups:
            full = match_expression(plan, filters)
            return self._fetch(conn, full, filters, limit, ranked=not self._is_common(conn, full))
        names = match_expression(plan, filters, columns="names")
        in_names = self._count(conn, names, "search_fts_names")
        # None in the names (a product or a place typed): nothing to rank, and ranking nothing through search_fts
        # would still read every posting of the words to find that none is in a name (up to 40 ms at a million).
        rows = self._fetch(conn, names, filters, limit, ranked=True) if 0 < in_names <= RANK_CAP else []
        if len(rows) >= limit:
            return rows
        seen = {r["entity_id"] for r in rows}
        full = match_expression(plan, filters)
        rest = [r for r in self._fetch(conn, full, filters, limit, ranked=False) if r["entity_id"] not in seen]
        every = [*rows, *rest][:limit]
        for i, row in enumerate(every):
            row["text_rank"] = i
        return every

    @staticmethod
    def _count(conn: Connection, match: str, table: str = "search_fts") -> int:
        """The matches of ``match`` in ``table``, counted up to :data:`RANK_CAP` + 1."""
        probe = f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH :m LIMIT :cap)"
        return int(_read(conn, probe, {"m": match, "cap": RANK_CAP + 1})[0][0])

    @classmethod
    def _is_common(cls, conn: Connection, match: str) -> bool:
        return cls._count(conn, match) > RANK_CAP

    def _fetch(
        self, conn: Connection, match: str, filters: SearchFilters, limit: int, *, ranked: bool
    ) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"m": match, "n": limit}
        capacity = self._capacity(filters, params)
        order = "ORDER BY f.rank " if ranked else ""
        sql = (
            f"SELECT {_COLUMNS} FROM search_fts f JOIN search_documents d ON d.entity_id = f.rowid "
            f"WHERE search_fts MATCH :m{capacity} {order}LIMIT :n"
        )
        rows = _read_dicts(conn, sql, params)
        for i, row in enumerate(rows):
            row["text_rank"] = i
        return rows

    @staticmethod
    def _capacity(filters: SearchFilters, params: dict[str, Any]) -> str:
        if filters.min_capacity is None:
            return ""
        params["min_capacity"] = filters.min_capacity
        return " AND d.max_capacity >= :min_capacity"

    def exact(self, conn: Connection, plan: MatchPlan, filters: SearchFilters) -> list[dict[str, Any]]:
        groups = [list(plan.exact_tags)] if plan.exact_tags else []
        column = "tags"
        if plan.identifier:
            groups, column = [[plan.identifier]], "idents"
        if not groups:
            return []
        match = f"{column}: {_or(groups[0])}"
        tags = [("tags: " + _tag_expr(g)) for g in filter_tag_groups(filters)]
        params: dict[str, Any] = {"m": " AND ".join([match, *tags])}
        capacity = self._capacity(filters, params)
        sql = (
            f"SELECT {_COLUMNS} FROM search_fts f JOIN search_documents d ON d.entity_id = f.rowid "
            f"WHERE search_fts MATCH :m{capacity} LIMIT 200"
        )
        return _ranked_zero(_read_dicts(conn, sql, params))

    def browse(self, conn: Connection, filters: SearchFilters, limit: int, offset: int) -> list[dict[str, Any]]:
        """By static rank. A rare tag filter (an HS code, a region) is found through the index and its few
        matches sorted; otherwise the (country, rank) index is walked, checking the filters row by row — which
        for a rare code would read most of a country's producers before the page is full."""
        tags = match_expression(MatchPlan(), filters)
        if not (filters.hs or filters.region or filters.certificate) or self._is_common(conn, tags):
            return browse_documents(conn, filters, limit, offset)
        params: dict[str, Any] = {"m": tags, "n": limit, "o": offset}
        sql = (
            f"SELECT {_COLUMNS} FROM search_fts f JOIN search_documents d ON d.entity_id = f.rowid "
            f"WHERE search_fts MATCH :m{self._capacity(filters, params)} "
            "ORDER BY d.static_rank DESC, d.entity_id LIMIT :n OFFSET :o"
        )
        return _ranked_zero(_read_dicts(conn, sql, params))

    def facets(self, conn: Connection, plan: MatchPlan, filters: SearchFilters) -> Facets:
        params: dict[str, Any] = {}
        if plan.is_empty and not filter_tag_groups(filters):
            where = filter_sql(filters, params)
            source = f"search_documents d {'WHERE ' + where if where else ''}"
        elif (
            filters.min_capacity is None and (slots := _slot_counts(conn, match_expression(plan, filters))) is not None
        ):
            return _facets(sorted((*facet_of(slot), count) for slot, count in slots))
        else:  # min_capacity needs the row (and a phrase search_fts_count cannot match, the words alone)
            params["m"] = match_expression(plan, filters)
            source = (
                "search_fts f JOIN search_documents d ON d.entity_id = f.rowid WHERE search_fts MATCH :m"
                + self._capacity(filters, params)
            )
        return _facets(_read(conn, capped_facet_sql(source), params | {"cap": FACET_CAP + 1}))


def _slot_counts(conn: Connection, match: str) -> list[tuple[Any, ...]] | None:
    """Matches of ``match`` (at most :data:`FACET_CAP` + 1, the first by entity id as everywhere) counted by facet
    slot through ``search_fts_count`` alone, its rowids carrying each document's country and tier: joining 2,000
    matches to a table of their facets cost more than finding them. None when ``match`` holds a string that FTS5
    splits into a phrase ("foo_bar"), which an index without positions refuses."""
    sql = (
        f"SELECT rowid & {_SLOT_MASK}, count(*) FROM (SELECT rowid FROM search_fts_count "
        "WHERE search_fts_count MATCH :m LIMIT :cap) GROUP BY 1"
    )
    try:
        return _read(conn, sql, {"m": match, "cap": FACET_CAP + 1})
    except sqlite3.OperationalError as exc:
        if "phrase" not in str(exc):
            raise
        return None


def _ranked_zero(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        row["text_rank"] = 0
    return rows


def _is_term(token: str) -> bool:
    return token.isascii() and 3 <= len(token) <= 40 and not token.isdigit()


def capped_facet_sql(source: str) -> str:
    """Counts by country and tier over at most ``:cap`` rows of ``source`` (a FROM … WHERE over ``d``)."""
    return (
        "SELECT country_code, verification_tier, count(*) FROM "
        f"(SELECT d.country_code, d.verification_tier FROM {source} LIMIT :cap) s GROUP BY 1, 2"
    )


def _facets(rows: Sequence[Any]) -> Facets:
    facets = Facets()
    for country, tier, count in rows:
        facets.total += count
        facets.country[country] = facets.country.get(country, 0) + count
        facets.verification_tier[tier] = facets.verification_tier.get(tier, 0) + count
    facets.country = dict(sorted(facets.country.items(), key=lambda kv: -kv[1]))
    if facets.total > FACET_CAP:  # the cap's extra row only says there are more
        facets.total, facets.exact = FACET_CAP, False
    return facets
