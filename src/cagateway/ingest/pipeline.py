"""``cagateway import``: a file in, producers out, in committed chunks that make the import safe to repeat.

Per chunk, in one transaction: read and map the rows, look up what each source record looked like when last
accepted (a SHA-256 of its content), check every new or changed row, ask the classifier for missing HS codes,
write new producers with the registry's bulk writer and changed ones with its update service, keep rejected
rows raw in staging, and record the batch's checkpoint (rows done, counts). Hence:

* re-importing a file changes nothing: each row is ``unchanged``;
* an import killed at any point and run again resumes its unfinished batch after the last committed chunk,
  and ends with the same database as one clean run.
"""

from __future__ import annotations

import gc
import itertools
import random
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from cagateway.db import Database
from cagateway.errors import InvalidInput
from cagateway.ingest import store
from cagateway.ingest.hs import HsSuggester
from cagateway.ingest.mapping import Mapping, load_mapping
from cagateway.ingest.readers import Row, detect_format, file_sha256, read_rows
from cagateway.ingest.report import write_rejects
from cagateway.ingest.rows import Draft, content_hash, draft_row, finalise
from cagateway.ingest.store import Counts
from cagateway.reference.services import require_reference_loaded
from cagateway.registry.bulk import bulk_create_producers
from cagateway.registry.schemas import ProducerIn, ProvenanceKind
from cagateway.registry.validation import ReferenceSet
from cagateway.search import DocumentBuilder, backend_for

__all__ = ["DEFAULT_CHUNK", "ImportOptions", "ImportReport", "import_file"]

DEFAULT_CHUNK = 5000
ACTOR = "import"
_INDEX_SLICE = 500  # producers per search-document query, as index_producers does (bound parameters)


@dataclass(frozen=True)
class ImportOptions:
    """How to import: the source's name, the provenance kind of its data, the layout and where reports go."""

    source: str
    kind: ProvenanceKind = "official"
    fmt: str | None = None
    mapping: Path | None = None
    rejects_dir: Path | None = None
    chunk_size: int = DEFAULT_CHUNK
    hs_model_path: Path | None = None
    search_index: bool = True  # False: leave it to a later `cagateway search reindex` (large first loads)


@dataclass
class ImportReport:
    """What an import did: the counts and where the rejects report is."""

    batch_id: int
    source: str
    file: str
    resumed: bool
    counts: Counts = field(default_factory=Counts)
    hs_skipped: str | None = None
    rejects: tuple[Path, Path] | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "source": self.source,
            "file": self.file,
            "resumed": self.resumed,
            **self.counts.as_dict(),
            "hs_suggestions_skipped": self.hs_skipped,
            "rejects_csv": str(self.rejects[0]) if self.rejects else None,
            "rejects_json": str(self.rejects[1]) if self.rejects else None,
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.counts.read / self.seconds, 1) if self.seconds else 0.0,
        }


@dataclass
class _Context:
    options: ImportOptions
    batch_id: int
    retrieved_at: Any
    ref: ReferenceSet
    mapping: Mapping
    hs: HsSuggester
    counts: Counts
    rng: random.Random
    fmt: str
    documents: DocumentBuilder = field(default_factory=DocumentBuilder)
    # Hashes of the source record ids read so far in this run: a repeat in a later chunk is rejected, also on a
    # re-import where the first occurrence is unchanged. 64-bit hashes (about 70 MB at a million rows), so a
    # false repeat is as likely as a collision of 64-bit hashes (~3e-8 at a million).
    seen: set[int] = field(default_factory=set)


@dataclass
class _Item:
    row: int
    raw: Row
    record: Row
    extra: dict[str, str]
    hash: str
    draft: Draft | None = None
    reject: list[dict[str, Any]] | None = None


def _chunks(rows: Iterator[tuple[int, Row]], size: int) -> Iterator[list[tuple[int, Row]]]:
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def _duplicate_problem(item: _Item, reason: str) -> list[dict[str, Any]]:
    srid = item.record.get("source_record_id")
    return [{"row": item.row, "column": "source_record_id", "value": srid, "reason": reason, "fix": None}]


def _sort_items(session: Session, ctx: _Context, items: list[_Item]) -> dict[str, store.Known]:
    """Mark repeats and unchanged rows; draft every other row (all its problems collected)."""
    srids = [srid for i in items if (srid := i.record.get("source_record_id"))]
    known = store.known_records(session, ctx.options.source, srids)
    seen: dict[str, int] = {}
    for item in items:
        srid = item.record.get("source_record_id")
        before = known.get(srid) if srid else None
        if srid and srid in seen:
            item.reject = _duplicate_problem(
                item, f"source_record_id {srid} appears twice in this file (row {seen[srid]})"
            )
        elif srid and hash(srid) in ctx.seen:
            item.reject = _duplicate_problem(item, f"source_record_id {srid} appears earlier in this file")
        elif before is None or before.content_hash != item.hash:
            item.draft = draft_row(item.row, item.record, item.extra, ctx.ref)
            item.draft.retrieved_at = item.draft.retrieved_at or ctx.retrieved_at
        if srid:
            seen.setdefault(srid, item.row)
    ctx.seen.update(hash(srid) for srid in seen)
    return known


class _Accepted(NamedTuple):
    item: _Item
    draft: Draft
    producer: ProducerIn
    srid: str


def _accepted(items: list[_Item]) -> list[_Accepted]:
    return [
        _Accepted(i, i.draft, i.draft.producer, i.draft.source_record_id or "")
        for i in items
        if i.draft is not None and i.draft.producer is not None
    ]


def _check_identifiers(session: Session, ctx: _Context, items: list[_Item], known: dict[str, store.Known]) -> None:
    """Reject a row whose identifier another producer holds, or an earlier row of this chunk gives."""
    valid = _accepted(items)
    owners_of = store.entity_ids(session, ctx.options.source, [a.srid for a in valid if a.srid in known])
    live = store.entity_ids(session, ctx.options.source, list(owners_of), live=True)
    for a in valid:
        if a.srid in owners_of and a.srid not in live:
            a.draft.problem(
                "source_record_id", "its producer was deleted from the registry; an import does not revive it"
            )
    keys = {a.item.row: [a.draft.identifier_key] if a.draft.identifier_key else [] for a in valid}
    owners = store.identifier_owners(session, (k for ks in keys.values() for k in ks))
    taken: dict[tuple[str, str], int] = {}
    for a in valid:
        own = owners_of.get(a.srid)
        for key in keys[a.item.row]:
            holder = owners.get(key)
            if holder is not None and holder[0] != own:
                a.draft.problem("id_value", f"{key[0]} {key[1]} is already registered to producer {holder[1]}")
            elif key in taken:
                a.draft.problem("id_value", f"{key[0]} {key[1]} is also given in row {taken[key]} of this file")
            taken.setdefault(key, a.item.row)
        if a.draft.problems:
            a.draft.producer = None


def _stage(session: Session, ctx: _Context, items: list[_Item]) -> int:
    rejected = []
    for i in items:
        if i.reject is None and (i.draft is None or i.draft.producer is not None):
            continue
        problems = i.reject if i.reject is not None else [p.as_dict() for p in i.draft.problems]  # type: ignore[union-attr]
        rejected.append(
            {
                "row_hash": content_hash("raw", i.raw),
                "source_record_id": i.record.get("source_record_id"),
                "row_number": i.row,
                "raw": i.raw,
                "problems": problems,
            }
        )
    store.stage_rejects(session, ctx.options.source, ctx.batch_id, rejected)
    return len(rejected)


@dataclass
class _Chunk:
    """A chunk on its way in: its rows checked (:func:`_prepare`), then written (:func:`_write`, :func:`_finish`)."""

    size: int
    items: list[_Item]
    known: dict[str, store.Known]
    accepted: list[_Accepted] = field(default_factory=list)
    updates: int = 0
    new: int = 0


def _prepare(session: Session, ctx: _Context, chunk: list[tuple[int, Row]]) -> _Chunk:
    """Read, map, hash and check the rows of a chunk; nothing is written."""
    items = []
    for row, raw in chunk:
        record, extra = ctx.mapping.apply(raw)
        items.append(_Item(row, raw, record, extra, content_hash(ctx.options.kind, record, extra)))
    known = _sort_items(session, ctx, items)
    drafts = [i.draft for i in items if i.draft is not None]
    ctx.hs.apply(drafts, ctx.ref.hs_codes)
    for draft in drafts:
        finalise(draft, ctx.options.source, ctx.options.kind, ctx.batch_id, ctx.ref)
    return _Chunk(len(chunk), items, known)


def _write(session: Session, ctx: _Context, chunk: _Chunk) -> None:
    """Write a prepared chunk's producers, and their search documents."""
    opts = ctx.options
    _check_identifiers(session, ctx, chunk.items, chunk.known)
    accepted = chunk.accepted = _accepted(chunk.items)
    known = chunk.known
    # A known record whose producer is gone (hard-deleted) is created anew; a soft-deleted one was rejected.
    owners = store.entity_ids(session, opts.source, [a.srid for a in accepted if a.srid in known])
    updates = [a for a in accepted if a.srid in owners]
    for a in updates:
        store.update_entity(session, owners[a.srid], a.producer, ACTOR, ctx.ref)
    new = [a.producer for a in accepted if a.srid not in owners]
    chunk.updates, chunk.new = len(updates), len(new)
    inserted: list[dict[str, list[dict[str, Any]]]] = []
    if new:
        bulk_create_producers(
            session, new, batch_id=ctx.batch_id, actor=ACTOR, chunk_size=len(new), ref=ctx.ref, rng=ctx.rng,
            prevalidated=True, written=inserted.append if opts.search_index else None,
        )  # fmt: skip
    # Core inserts bypass the search index's ORM hooks: index this chunk's producers in its transaction.
    if opts.search_index and accepted:
        _index(session, ctx, list(owners.values()), inserted)


def _finish(session: Session, ctx: _Context, chunk: _Chunk) -> None:
    """Write a chunk's import records, rejects, counts and checkpoint."""
    opts, counts, accepted, items = ctx.options, ctx.counts, chunk.accepted, chunk.items
    records = [
        {
            "source": opts.source,
            "source_record_id": a.srid,
            "content_hash": a.item.hash,
            "batch_id": ctx.batch_id,
            "row_number": a.item.row,
            "extra": a.item.extra | ({"unclassified_products": a.draft.unclassified} if a.draft.unclassified else {}),
            "updated_at": ctx.retrieved_at,
        }
        for a in accepted
    ]
    store.save_records(session, records)
    store.resolve_staged(session, opts.source, [a.srid for a in accepted], ctx.batch_id)
    counts.rejected += _stage(session, ctx, items)
    counts.accepted += len(accepted)
    counts.updated += chunk.updates
    counts.new += chunk.new
    counts.unchanged += sum(1 for i in items if i.draft is None and i.reject is None)
    for a in accepted:
        counts.hs_unclassified += len(a.draft.unclassified)
        counts.hs_suggested += sum(1 for line in a.draft.lines if line.get("hs_confirmed") is False)
    counts.read += chunk.size
    store.save_checkpoint(session, ctx.batch_id, counts, _batch_extra(ctx))


def _index(
    session: Session, ctx: _Context, updated: list[int], inserted: list[dict[str, list[dict[str, Any]]]]
) -> None:
    """What :func:`cagateway.search.index_producers` does, with one document builder for the whole import: its
    caches of HS, region and place tokens then serve every chunk (a new builder per call rebuilt them).

    Updated producers' documents are read back from the registry. New producers' are built from the rows the
    bulk writer has just inserted (``inserted``), not read back.
    """
    conn = session.connection()
    backend = backend_for(conn)
    ids = sorted(set(updated))
    for start in range(0, len(ids), _INDEX_SLICE):
        documents, gone = ctx.documents.build(conn, ids[start : start + _INDEX_SLICE])
        backend.write(conn, [d.row() for d in documents], gone)
    for tables in inserted:
        backend.write(conn, [d.row() for d in ctx.documents.build_inserted(conn, tables)], [])


def _batch_extra(ctx: _Context) -> dict[str, Any]:
    return {"provenance_kind": ctx.options.kind, "format": ctx.fmt, "hs_suggestions_skipped": ctx.hs.skipped}


def _start(db: Database, path: Path, options: ImportOptions, fmt: str) -> tuple[_Context, bool]:
    mapping = load_mapping(options.mapping)
    sha256 = file_sha256(path)
    with db.writer() as session:
        require_reference_loaded(session)
        ref = ReferenceSet.load(session)
        batch, resumed = store.open_batch(
            session, options.source, file_name=path.name, sha256=sha256, kind=options.kind, fmt=fmt
        )
        counts = Counts.from_dict(batch.counts)
        ctx = _Context(
            options=options,
            batch_id=batch.id,
            retrieved_at=batch.started_at,  # the same on a resumed run: provenance as in one clean run
            ref=ref,
            mapping=mapping,
            hs=HsSuggester(options.hs_model_path),
            counts=counts,
            rng=random.Random(secrets.randbits(128)),
            fmt=fmt,
        )
        if batch.counts.get("hs_suggestions_skipped"):
            ctx.hs.skipped = str(batch.counts["hs_suggestions_skipped"])
    return ctx, resumed


def _run(db: Database, ctx: _Context, rows: Iterator[tuple[int, Row]], progress: Callable[[int], None] | None) -> None:
    """Read past the rows committed before an interruption, then import the others chunk by chunk, each in one
    transaction."""
    for _, raw in itertools.islice(rows, ctx.counts.read):
        srid = ctx.mapping.apply(raw)[0].get("source_record_id")
        if srid:
            ctx.seen.add(hash(srid))
    for chunk in _chunks(rows, ctx.options.chunk_size):
        with db.writer() as session:
            prepared = _prepare(session, ctx, chunk)
            _write(session, ctx, prepared)
            _finish(session, ctx, prepared)
        del prepared
        gc.collect(1)  # the chunk's rows are gone now: a young collection finds little left to walk
        if progress is not None:
            progress(len(chunk))


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """No automatic garbage collection while importing; :func:`_run` collects the young generations after each
    chunk instead.

    A chunk allocates millions of containers (rows, dictionaries, tokens) that live until it commits and form no
    cycles: reference counting frees them. Every automatic collection walked them while they were alive (about a
    quarter of the CPU at the default threshold of 700, still ~3% at 100,000: bench/RESULTS.md, "Import"); once
    the chunk is committed they are gone, and a collection has little to walk.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_file(
    db: Database, path: Path, options: ImportOptions, *, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Import ``path`` (CSV, XLSX or JSONL; exchange format or through a mapping file) from ``options.source``.

    Commits every ``options.chunk_size`` rows. An unfinished batch of the same file, source and kind is resumed
    after its last committed chunk. ``progress`` is called with the number of rows done after each chunk.
    Raises :class:`~cagateway.ingest.errors.UnreadableFile` or :class:`~cagateway.ingest.errors.BadMapping`
    before anything is written when the file or mapping cannot be used.
    """
    if not 1 <= options.chunk_size <= 50_000:
        raise InvalidInput.single("chunk_size", "between 1 and 50000 rows per transaction", options.chunk_size)
    started = time.perf_counter()
    fmt = detect_format(path, options.fmt)
    ctx, resumed = _start(db, path, options, fmt)
    mapping = ctx.mapping
    rows = read_rows(path, fmt, delimiter=mapping.delimiter, encoding=mapping.encoding, sheet=mapping.sheet)
    if ctx.counts.read and progress is not None:
        progress(ctx.counts.read)
    try:
        with _fewer_collections():
            _run(db, ctx, rows, progress)
    except BaseException:  # also Ctrl-C: the batch is marked failed, and a re-run resumes it
        with db.writer() as session:
            store.finish_batch(session, ctx.batch_id, "failed")
        raise
    with db.writer() as session:
        store.finish_batch(session, ctx.batch_id, "done")
        stem = f"{path.stem}.batch{ctx.batch_id}"
        rejects = write_rejects(session, ctx.batch_id, options.rejects_dir or Path.cwd(), stem)
    report = ImportReport(ctx.batch_id, options.source, str(path), resumed, ctx.counts, ctx.hs.skipped, rejects)
    report.seconds = time.perf_counter() - started
    return report
