"""Refinement counts for the portal's facets: region, HS chapter/heading/subheading, certificate, capacity.

:func:`cagateway.search.search_producers` counts every match by country and verification tier in the index. The
portal also offers narrower refinements whose values are many per producer (regions, HS codes, certificates);
they are counted here over the matches themselves, up to ``cap`` of them, so the counts are exact whenever the
search has at most ``cap`` matches and a sample of the best matches otherwise (``exact`` says which).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.orm import Session

from cagateway.search.backend import SearchFilters
from cagateway.search.query import expand_typos, parse_query, validate_filters
from cagateway.search.services import backend_for, candidate_rows, flush_index
from cagateway.search.sqlite import filter_sql

__all__ = ["CAPACITY_STEPS", "REFINE_CAP", "Refinements", "refine_counts"]

REFINE_CAP = 2000  # matches read to count refinements (about 20 µs each); beyond it: the best REFINE_CAP
CAPACITY_STEPS = (100.0, 1_000.0, 10_000.0, 100_000.0)  # "at least" thresholds, in each line's own unit
_COLUMNS = "entity_id, region_codes, hs_codes, certificate_kinds, max_capacity"


@dataclass
class Refinements:
    """Counts of matching producers by region, HS prefix (2, 4 and 6 digits), certificate and capacity."""

    counted: int = 0
    exact: bool = True
    region: Counter[str] = field(default_factory=Counter)
    hs: Counter[str] = field(default_factory=Counter)
    certificate: Counter[str] = field(default_factory=Counter)
    capacity: dict[float, int] = field(default_factory=dict)
    section: Counter[str] = field(default_factory=Counter)
    chapter_sections: dict[str, str] = field(default_factory=dict)

    def add_all(self, rows: Iterable[Any]) -> None:
        """Count the matching producers (rows with the index's filter columns); each value once per producer."""
        regions: list[str] = []
        prefixes: list[str] = []
        certificates: list[str] = []
        capacities: list[float] = []
        sections: list[str] = []
        section_of = self.chapter_sections
        for row in rows:
            self.counted += 1
            regions += set((row.region_codes or "").split())
            codes = set((row.hs_codes or "").split())
            chapters = {c[:2] for c in codes}
            prefixes += chapters | {c[:4] for c in codes} | codes
            sections += {section_of.get(c, "?") for c in chapters}
            certificates += {c for c in (row.certificate_kinds or "").split("|") if c}
            if row.max_capacity is not None:
                capacities.append(row.max_capacity)
        self.region.update(regions)
        self.hs.update(prefixes)
        self.section.update(sections)
        self.certificate.update(certificates)
        self.capacity = {step: sum(1 for c in capacities if c >= step) for step in CAPACITY_STEPS}


def _browse_rows(conn: Connection, filters: SearchFilters, cap: int) -> Sequence[Any]:
    params: dict[str, Any] = {"n": cap}
    where = filter_sql(filters, params)
    where_clause = f"WHERE {where}" if where else ""
    sql = f"SELECT {_COLUMNS} FROM search_documents d {where_clause} LIMIT :n"  # noqa: S608 -- constants; values bound
    return conn.execute(text(sql), params).all()


def _rows_of(conn: Connection, ids: Iterable[int]) -> list[Any]:
    ordered = sorted(set(ids))
    sql = f"SELECT {_COLUMNS} FROM search_documents WHERE entity_id IN :ids"  # noqa: S608 -- constant columns
    stmt = text(sql).bindparams(bindparam("ids", expanding=True))
    return [row for i in range(0, len(ordered), 500) for row in conn.execute(stmt, {"ids": ordered[i : i + 500]})]


def _matching_ids(conn: Connection, query: str, filters: SearchFilters, cap: int) -> list[int]:
    """The ids the search would match, as :func:`search_producers` finds them (exact, then candidates)."""
    parsed = expand_typos(conn, backend_for(conn), parse_query(query))
    rows, _plan = candidate_rows(conn, parsed, filters, cap)
    return [int(r["entity_id"]) for r in rows]


def refine_counts(
    session: Session,
    query: str,
    filters: SearchFilters | None = None,
    cap: int = REFINE_CAP,
    chapter_sections: dict[str, str] | None = None,
) -> Refinements:
    """Refinement counts of the producers matching ``query`` and ``filters`` (see the module docs); sections are
    counted when ``chapter_sections`` maps HS chapters to their section."""
    checked = validate_filters(filters or SearchFilters())
    flush_index(session)
    conn = session.connection()
    if parse_query(query).is_empty:
        rows = _browse_rows(conn, checked, cap)
    else:
        rows = _rows_of(conn, _matching_ids(conn, query, checked, cap))
    out = Refinements(chapter_sections=chapter_sections or {})
    out.add_all(rows)
    out.exact = out.counted < cap
    return out
