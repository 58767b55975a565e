"""Search services: search producers, keep the index in step with the registry, rebuild it.

In step: :func:`install_index_hooks` (run when ``cagateway.search`` is imported) listens to every ORM session's
``after_flush`` and re-indexes the producers whose rows the flush touched, on the flush's own connection, so
the index commits or rolls back with the registry write. Writes that bypass the ORM (the demo loader's Core bulk
inserts, merges done in Core) call :func:`index_producers` themselves, or are followed by :func:`rebuild_index`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, event, func, select, text
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from cagateway.db import Database
from cagateway.registry import cursors
from cagateway.registry.models import (
    Certificate,
    Change,
    Contact,
    EntityName,
    Identifier,
    LegalEntity,
    ProductLine,
    Site,
    SourceRecord,
)
from cagateway.search.backend import Facets, MatchPlan, SearchBackend, SearchFilters
from cagateway.search.documents import DocumentBuilder
from cagateway.search.errors import InvalidSearch
from cagateway.search.postgres import PostgresSearch
from cagateway.search.query import ParsedQuery, expand_typos, parse_query, validate_filters
from cagateway.search.ranking import RankedHit, finish, rank_candidates, stored_hit
from cagateway.search.sqlite import SqliteFtsSearch, page_documents

__all__ = [
    "SORTS",
    "SearchResult",
    "backend_for",
    "flush_index",
    "index_producers",
    "install_index_hooks",
    "rebuild_index",
    "search_producers",
]

SORTS = ("relevance", "name", "tier")
MAX_LIMIT = 100
MAX_OFFSET = 1000  # relevance pages come from re-ranked candidates; deeper pages are a filter's job
POOL = 200  # candidates re-ranked per query; pages beyond it are not served (say so rather than guess)
_ENTITY_PARTS = (EntityName, Identifier, Site, ProductLine, Certificate, Contact, SourceRecord, Change)


@dataclass
class SearchResult:
    """One page of hits, the total and facet counts, and how the query was read."""

    query: ParsedQuery
    hits: list[RankedHit]
    facets: Facets
    offset: int
    limit: int
    next_cursor: str | None
    backend: str
    notes: list[str] = field(default_factory=list)

    def as_dict(self, explain: bool = True) -> dict[str, Any]:
        """The JSON shape of the API and ``cagateway search --json``."""
        return {
            "query": self.query.raw,
            "understood": {
                "script": self.query.script,
                "language": self.query.language,
                "spellings": list(self.query.spellings),
                "hs_codes": list(self.query.hs_codes),
                "identifier": self.query.identifier,
                "typo_corrections": {t.word: list(t.corrected) for t in self.query.terms if t.corrected},
            },
            "total": self.facets.total,
            "total_exact": self.facets.exact,
            "offset": self.offset,
            "limit": self.limit,
            "next_cursor": self.next_cursor,
            "facets": {"country": self.facets.country, "verification_tier": self.facets.verification_tier},
            "notes": self.notes,
            "hits": [h.as_dict(explain) for h in self.hits],
        }


def backend_for(conn: Connection | Session) -> SearchBackend:
    """The backend of the engine ``conn`` is on."""
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    return SqliteFtsSearch() if bind.dialect.name == "sqlite" else PostgresSearch()


def encode_cursor(offset: int) -> str:
    return cursors.encode_cursor("o", offset)


def decode_cursor(cursor: str) -> int:
    """The offset a cursor stands for, or :class:`InvalidSearch` naming ``cursor``."""
    offset = cursors.decode_cursor(cursor, "o")
    if offset is not None:
        return offset
    raise InvalidSearch(
        "cursor", "'cursor' is not one this API gave out; use next_cursor of the previous page.", cursor
    )


def _check_page(limit: int, offset: int, sort: str) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidSearch("limit", f"'limit' must be between 1 and {MAX_LIMIT}.", limit)
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidSearch(
            "offset", f"'offset' must be between 0 and {MAX_OFFSET}; narrow the search with filters instead.", offset
        )
    if sort not in SORTS:
        raise InvalidSearch("sort", f"'sort' must be one of {', '.join(SORTS)}.", sort)


def search_producers(
    session: Session,
    query: str,
    filters: SearchFilters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
    cursor: str | None = None,
    sort: str = "relevance",
    facets: bool = True,
) -> SearchResult:
    """Search producers by name, product, place, HS code or identifier, in any script; see the module docs."""
    offset = decode_cursor(cursor) if cursor else offset
    _check_page(limit, offset, sort)
    checked = validate_filters(filters or SearchFilters())
    parsed = parse_query(query)
    flush_index(session)
    conn = session.connection()
    backend = backend_for(conn)
    notes = list(parsed.notes)
    if parsed.is_empty:
        rows = _with_documents(conn, backend.browse(conn, checked, limit + 1, offset))  # one page: read it all
        hits = rank_candidates(parsed, rows, "relevance" if sort == "relevance" else sort)
        counts = backend.facets(conn, parsed.plan(), checked) if facets else Facets(total=-1)
        return _page(conn, parsed, hits, counts, 0, limit, backend, notes, offset)
    parsed = expand_typos(conn, backend, parsed)
    pool = max(POOL, offset + limit + 1)
    # An exact name outscores any other match (WEIGHTS), so when exact hits fill the page and show there is
    # another, the other candidates cannot change it: common names ("ТОО «Нұр»") have hundreds of namesakes.
    enough = offset + limit + 1 if sort == "relevance" else None
    rows, plan = candidate_rows(conn, parsed, checked, pool, exact_enough=enough)
    if plan.mode == "any":
        notes.append("No producer matched every word; showing producers that match some of them.")
    if sort == "name":  # sorting by the displayed name needs every candidate's stored hit
        rows = _with_documents(conn, rows)
    hits = rank_candidates(parsed, rows, sort)
    counts = _count(conn, backend, plan, checked, hits) if facets else Facets(total=-1)
    return _page(conn, parsed, hits, counts, offset, limit, backend, notes, offset)


def candidate_rows(
    conn: Connection, parsed: ParsedQuery, filters: SearchFilters, pool: int, *, exact_enough: int | None = None
) -> tuple[list[dict[str, Any]], MatchPlan]:
    """The rows a query matches, as search ranks them: exact name or identifier hits, then up to ``pool`` other
    candidates (none when ``exact_enough`` exact hits were found), and, when nothing matched every word, those
    matching any word; with the plan that found them (``mode="any"`` for the last)."""
    backend = backend_for(conn)
    plan = parsed.plan()
    rows = backend.exact(conn, plan, filters)
    if not plan.is_empty and not (exact_enough is not None and len(rows) >= exact_enough):
        rows += backend.candidates(conn, plan, filters, pool)  # an identifier query is exact only
    if not rows and len(plan.text_groups) + len(plan.tag_groups) > 1:
        plan = parsed.plan(mode="any")
        rows = backend.candidates(conn, plan, filters, pool)
    return rows, plan


def _with_documents(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    docs = page_documents(conn, [int(r["entity_id"]) for r in rows])
    return [r | {"hit": docs[int(r["entity_id"])][0], "body": docs[int(r["entity_id"])][1]} for r in rows]


def attach_documents(conn: Connection, hits: list[RankedHit]) -> list[RankedHit]:
    """Give ``hits`` that lack them their stored hit and body (read for the shown page only)."""
    docs = page_documents(conn, [h.entity_id for h in hits if h.hit is None])
    for hit in hits:
        if hit.hit is None:
            hit.hit, hit.body = docs[hit.entity_id]
    return hits


def _count(
    conn: Connection, backend: SearchBackend, plan: MatchPlan, filters: SearchFilters, hits: list[RankedHit]
) -> Facets:
    if not plan.is_empty:
        return backend.facets(conn, plan, filters)
    facets = Facets(total=len(hits))  # identifier queries: the exact hits are all there is
    for hit in attach_documents(conn, hits):
        country = str(stored_hit(hit.hit).get("country"))
        facets.country[country] = facets.country.get(country, 0) + 1
    return facets


def _page(  # noqa: PLR0917 -- private assembly of one result from the parts computed above
    conn: Connection,
    parsed: ParsedQuery,
    hits: list[RankedHit],
    counts: Facets,
    start: int,
    limit: int,
    backend: SearchBackend,
    notes: list[str],
    offset: int,
) -> SearchResult:
    page = finish(attach_documents(conn, hits[start : start + limit]), parsed)
    more = len(hits) > start + limit
    return SearchResult(
        parsed, page, counts, offset, limit, encode_cursor(offset + limit) if more else None, backend.name, notes
    )


def _write(conn: Connection, builder: DocumentBuilder, entity_ids: Sequence[int]) -> int:
    documents, gone = builder.build(conn, entity_ids)
    backend_for(conn).write(conn, [d.row() for d in documents], gone)
    return len(documents)


def index_producers(session: Session, entity_ids: Sequence[int]) -> int:
    """Re-index ``entity_ids`` inside the caller's transaction; deleted or missing producers leave the index.

    Returns the number of live producers indexed. Call it after writes that bypass the ORM (Core inserts).
    """
    ids = sorted(set(entity_ids))
    if not ids:
        return 0
    conn = session.connection()
    return sum(_write(conn, DocumentBuilder(), ids[i : i + 500]) for i in range(0, len(ids), 500))


def _entity_ids(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, LegalEntity) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, _ENTITY_PARTS) and getattr(obj, "entity_id", None) is not None:
            ids.add(obj.entity_id)
    return ids


_PENDING = "cagateway.search.pending"


def _pending(session: Session) -> set[int]:
    pending: set[int] = session.info.setdefault(_PENDING, set())
    return pending


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    _pending(session).update(_entity_ids(session))


def flush_index(session: Session) -> int:
    """Re-index the producers that flushes of ``session`` touched since the last time; returns how many.

    Runs before every commit (so the index commits with the registry) and before every search in the
    session (so a search sees the session's own writes). Batching per transaction rather than per flush
    matters: creating one producer flushes eight times.
    """
    if session.dirty or session.new or session.deleted:
        session.flush()
    ids = sorted(session.info.pop(_PENDING, set()))
    if not ids:
        return 0
    # Ids of writes that a savepoint rolled back may be among them: re-indexing those is harmless.
    return index_producers(session, ids)


def _before_commit(session: Session) -> None:
    flush_index(session)


def _on_orm_execute(state: ORMExecuteState) -> None:
    """ORM-enabled bulk UPDATE/DELETE of producers (e.g. unmerge clearing ``merged_into_id``) skip the flush:
    note the producers they touch before the statement runs; they are re-indexed with the rest."""
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_arguments.get("mapper")
    if mapper is None or mapper.class_ is not LegalEntity:
        return
    where = getattr(state.statement, "whereclause", None)
    query = select(LegalEntity.id) if where is None else select(LegalEntity.id).where(where)
    ids = state.session.execute(query, execution_options={"autoflush": False}).scalars()
    _pending(state.session).update(ids)


_HOOKS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("after_flush", _after_flush),
    ("before_commit", _before_commit),
    ("do_orm_execute", _on_orm_execute),
)


def install_index_hooks() -> None:
    """Keep the index in step with every ORM write (idempotent): session listeners note the producers each
    flush or bulk statement touches and re-index them before the commit, in the same transaction."""
    for name, hook in _HOOKS:
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


def _next_ids(conn: Connection, after: int, size: int) -> list[int]:
    stmt = select(LegalEntity.id).where(
        LegalEntity.id > after, LegalEntity.deleted_at.is_(None), LegalEntity.merged_into_id.is_(None)
    )
    return list(conn.execute(stmt.order_by(LegalEntity.id).limit(size)).scalars())


def rebuild_index(
    db: Database, *, batch_size: int = 2000, progress: Callable[[int, int], None] | None = None
) -> dict[str, Any]:
    """Rebuild the whole index from the registry, one committed batch at a time; ``progress(done, total)``.

    The index is emptied first, so searches during a rebuild see a partial index; the registry is untouched.
    """
    with db.writer() as session:
        conn = session.connection()
        backend = backend_for(conn)
        backend.clear(conn)
        total = session.scalar(select(func.count()).select_from(LegalEntity).where(LegalEntity.deleted_at.is_(None)))
    builder, done, last = DocumentBuilder(), 0, 0
    # Each batch reads its ids in its own write transaction: one read transaction held across the rebuild
    # would pin SQLite's WAL, which then grew to 3 GB re-indexing a million producers.
    while True:
        with db.writer() as session:
            ids = _next_ids(session.connection(), last, batch_size)
            if not ids:
                break
            done += _write(session.connection(), builder, ids)
        last = ids[-1]
        if progress:
            progress(done, total or 0)
    with db.writer() as session:
        if db.is_sqlite:  # merge the segments that batch after batch left (the three FTS5 indexes of the documents)
            for table in ("search_fts", "search_fts_names", "search_fts_count"):
                session.execute(text(f"INSERT INTO {table}({table}) VALUES ('optimize')"))  # noqa: S608 -- constants
        else:  # fresh statistics: with those of the empty tables, filtered searches planned 6x slower
            session.execute(text("ANALYZE search_documents, search_fts, search_terms"))
    return {"indexed": done, "backend": backend.name}
