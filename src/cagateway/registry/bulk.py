"""Fast creation of many producers at once: demo data, the benchmark and (later) imports.

:func:`bulk_create_producers` stores what :func:`~cagateway.registry.services.create_producer` stores (the same
field mapping, a ``changes`` row per producer, its source records), but with ``executemany`` in chunks
(SQLAlchemy Core's, or on SQLite the driver's own: :mod:`~cagateway.registry.bulk_insert`) instead of the ORM
unit of work, which would take hours for a million producers.

* Ids are assigned in Python from each table's ``max(id)``: the caller's write transaction (SQLite) or a table
  lock (PostgreSQL, :func:`~cagateway.db.dialect.lock_for_bulk_insert`) keeps other writers out meanwhile, and
  PostgreSQL's sequences are moved past the new ids at the end.
* Rows without a row number share one ``provenance`` row per (source, kind, batch, retrieval time) instead of
  one each.
* Every producer is validated against reference data held in memory; a chunk with invalid producers raises
  :class:`~cagateway.errors.InvalidInput` naming each one by its index, before any of its rows is written.

The function never commits: the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from cagateway.db.base import utcnow
from cagateway.db.dialect import lock_for_bulk_insert, reset_sequences
from cagateway.errors import FieldError, InvalidInput
from cagateway.reference.services import normalise_hs_code
from cagateway.registry.bulk_insert import insert_rows
from cagateway.registry.identifiers import IdentifierCheck, check_identifier, status_of
from cagateway.registry.models import (
    Certificate,
    Change,
    Contact,
    EntityName,
    Identifier,
    LegalEntity,
    ProductLine,
    Provenance,
    Site,
    SourceRecord,
)
from cagateway.registry.public_ids import new_public_id
from cagateway.registry.schemas import ProducerIn, ProductLineIn, ProvenanceIn
from cagateway.registry.validation import ReferenceSet, validate_producer
from cagateway.text.legal_forms import detect_legal_form

__all__ = ["BULK_TABLES", "BulkResult", "bulk_create_producers", "cached_identifier_check"]

# A pure function, and the import checks every identifier before it hands its producers over: with the cache, the
# writer's check of the same value costs a look-up.
cached_identifier_check = lru_cache(maxsize=65_536)(check_identifier)

# In foreign-key order: each table is written after the tables it points to.
BULK_TABLES: tuple[Table, ...] = tuple(
    model.__table__  # type: ignore[misc]
    for model in (
        Provenance,
        LegalEntity,
        EntityName,
        Identifier,
        Site,
        ProductLine,
        Certificate,
        Contact,
        SourceRecord,
        Change,
    )
)
_LOOKUP_CHUNK = 5000  # values per IN (...) list: well under SQLite's limit of bound parameters
_MAX_REPORTED = 100  # errors listed in one InvalidInput


@dataclass
class BulkResult:
    """Rows written per table, and how long it took."""

    producers: int = 0
    names: int = 0
    identifiers: int = 0
    sites: int = 0
    product_lines: int = 0
    certificates: int = 0
    contacts: int = 0
    source_records: int = 0
    changes: int = 0
    provenance: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        """All rows written, in every table."""
        return sum(getattr(self, f.name) for f in fields(self) if f.name != "seconds")

    def add(self, other: BulkResult) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def counts(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "seconds"}


@dataclass
class _Rows:
    """The rows of one chunk, by table name."""

    by_table: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t.name: [] for t in BULK_TABLES})

    def __getitem__(self, table: str) -> list[dict[str, Any]]:
        return self.by_table[table]


def _chunks(items: Iterable[ProducerIn], size: int) -> Iterator[list[tuple[int, ProducerIn]]]:
    numbered = enumerate(items)
    while chunk := list(itertools.islice(numbered, size)):
        yield chunk


def _max_ids(session: Session) -> dict[str, int]:
    return {t.name: session.scalar(select(func.max(t.c.id))) or 0 for t in BULK_TABLES}


def _legal_form_of(data: ProducerIn) -> tuple[str | None, str | None]:
    """As :func:`~cagateway.registry.services.create_producer`: as given, else detected from the first name."""
    if data.legal_form or data.legal_form_local:
        return data.legal_form, data.legal_form_local
    match = detect_legal_form(data.names[0].value)
    return (str(match.form_class), match.local) if match else (None, None)


class _BulkWriter:
    """Turns chunks of producers into rows and inserts them, table by table."""

    def __init__(
        self,
        session: Session,
        *,
        batch_id: int | None,
        actor: str,
        ref: ReferenceSet,
        rng: random.Random,
        prevalidated: bool = False,
        written: Callable[[dict[str, list[dict[str, Any]]]], None] | None = None,
    ) -> None:
        self.session = session
        self.prevalidated = prevalidated
        self.written = written
        self.batch_id = batch_id
        self.actor = actor
        self.ref = ref
        self.rng = rng
        self.now = utcnow()
        lock_for_bulk_insert(session, BULK_TABLES)
        self.last_id = _max_ids(session)
        self.provenance_ids: dict[tuple[str, str, int | None, dt.datetime], int] = {}
        self.public_ids: set[str] = set()
        self.result = BulkResult()

    def _next_id(self, table: str) -> int:
        self.last_id[table] += 1
        return self.last_id[table]

    def write(self, chunk: list[tuple[int, ProducerIn]]) -> None:
        """Validate one chunk, then insert its rows, table by table; nothing is inserted if one producer fails."""
        if not self.prevalidated:
            _raise_if_invalid([(i, validate_producer(data, self.ref)) for i, data in chunk])
        checks = [[cached_identifier_check(x.scheme, x.value) for x in data.identifiers] for _, data in chunk]
        self._raise_if_taken(chunk, checks)
        rows = _Rows()
        for (_, data), public_id, ids in zip(chunk, self._public_ids(len(chunk)), checks, strict=True):
            self._add_producer(rows, data, public_id, ids)
        connection = self.session.connection()
        for table in BULK_TABLES:
            if rows[table.name]:
                insert_rows(connection, table, rows[table.name])
                counter = _COUNTERS[table.name]
                setattr(self.result, counter, getattr(self.result, counter) + len(rows[table.name]))
        if self.written is not None:
            self.written(rows.by_table)

    def _provenance_id(self, rows: _Rows, data: ProvenanceIn) -> int:
        batch_id = data.batch_id if data.batch_id is not None else self.batch_id
        retrieved_at = data.retrieved_at or self.now
        key = (data.source, data.kind, batch_id, retrieved_at)
        if data.row_number is None and key in self.provenance_ids:
            return self.provenance_ids[key]
        prov_id = self._next_id("provenance")
        rows["provenance"].append(
            {
                "id": prov_id,
                "source": data.source,
                "batch_id": batch_id,
                "row_number": data.row_number,
                "kind": data.kind,
                "retrieved_at": retrieved_at,
                "verified_at": None,
            }
        )
        if data.row_number is None:
            self.provenance_ids[key] = prov_id
        return prov_id

    def _add_producer(self, rows: _Rows, data: ProducerIn, public_id: str, ids: list[IdentifierCheck]) -> None:
        prov = self._provenance_id(rows, data.provenance)
        entity = self._next_id("legal_entities")
        legal_form, legal_form_local = _legal_form_of(data)
        rows["legal_entities"].append(
            {
                "id": entity,
                "public_id": public_id,
                "country_code": data.country.upper(),
                "display_name": data.names[0].value,
                "legal_form": legal_form,
                "legal_form_local": legal_form_local,
                "activity_code": data.activity_code,
                "website": data.website,
                "verification_tier": data.verification_tier,
                "provenance_id": prov,
                "version": 1,
                "created_at": self.now,
                "updated_at": self.now,
                "deleted_at": None,
            }
        )
        self._add_parts(rows, data, entity, prov, ids)
        batch_id = data.provenance.batch_id if data.provenance.batch_id is not None else self.batch_id
        for rec in data.source_records:
            rows["source_records"].append(
                {
                    "id": self._next_id("source_records"),
                    "entity_id": entity,
                    "source": rec.source,
                    "source_record_id": rec.source_record_id,
                    "batch_id": batch_id,
                }
            )
        rows["changes"].append(
            {
                "id": self._next_id("changes"),
                "entity_id": entity,
                "at": self.now,
                "actor": self.actor,
                "action": "create",
                "version": 1,
                "diff": {},
            }
        )

    def _add_parts(self, rows: _Rows, data: ProducerIn, entity: int, prov: int, ids: list[IdentifierCheck]) -> None:
        common = {"entity_id": entity, "provenance_id": prov}
        for n in data.names:
            rows["entity_names"].append(
                {
                    "id": self._next_id("entity_names"),
                    **common,
                    "value": n.value,
                    "lang": n.lang,
                    "script": n.script,
                    "kind": n.kind,
                }
            )
        for check in ids:
            rows["identifiers"].append(
                {
                    "id": self._next_id("identifiers"),
                    **common,
                    "scheme": check.scheme,
                    "value": check.normalised,
                    "status": status_of(check),
                }
            )
        site_ids = [self._add_site(rows, data, index, common) for index in range(len(data.sites))]
        for line in data.product_lines:
            rows["product_lines"].append(self._product_line(line, site_ids, common))
        for c in data.certificates:
            rows["certificates"].append(
                {
                    "id": self._next_id("certificates"),
                    **common,
                    "kind": c.kind,
                    "number": c.number,
                    "issuer": c.issuer,
                    "valid_from": c.valid_from,
                    "valid_to": c.valid_to,
                }
            )
        for contact in data.contacts:
            rows["contacts"].append(
                {
                    "id": self._next_id("contacts"),
                    **common,
                    "kind": contact.kind,
                    "value": contact.value,
                    "label": contact.label,
                }
            )

    def _product_line(self, line: ProductLineIn, site_ids: list[int], common: dict[str, int]) -> dict[str, Any]:
        return {
            "id": self._next_id("product_lines"),
            **common,
            "site_id": site_ids[line.site_index] if line.site_index is not None else None,
            "hs_code": normalise_hs_code(line.hs_code),
            "national_code": line.national_code,
            "description": line.description,
            "description_lang": line.description_lang,
            "capacity": line.capacity,
            "capacity_unit": line.capacity_unit,
            "moq": line.moq,
            "moq_unit": line.moq_unit,
            "lead_time_days": line.lead_time_days,
            "incoterms": "|".join(t.upper() for t in line.incoterms) or None,
            "hs_confirmed": line.hs_confirmed,
        }

    def _add_site(self, rows: _Rows, data: ProducerIn, index: int, common: dict[str, int]) -> int:
        s = data.sites[index]
        site_id = self._next_id("sites")
        rows["sites"].append(
            {
                "id": site_id,
                **common,
                "kind": s.kind,
                "country_code": (s.country or data.country).upper(),
                "region_code": s.region.upper() if s.region else None,
                "city": s.city,
                "address": s.address,
                "locode": s.locode.replace(" ", "").upper() if s.locode else None,
                "lat": s.lat,
                "lon": s.lon,
            }
        )
        return site_id

    def _public_ids(self, count: int) -> list[str]:
        """``count`` new public ids, unused in this run and in the database."""
        fresh: list[str] = []
        while len(fresh) < count:
            candidates = {new_public_id(self.rng) for _ in range(count - len(fresh))} - self.public_ids
            taken = set(
                self.session.scalars(select(LegalEntity.public_id).where(LegalEntity.public_id.in_(candidates)))
            )
            new = sorted(candidates - taken)  # sorted: a set's order would break reproducibility
            self.public_ids.update(new)
            fresh += new
        return fresh

    def _raise_if_taken(self, chunk: list[tuple[int, ProducerIn]], checks: list[list[IdentifierCheck]]) -> None:
        """Identifiers and source records are unique: name each producer that repeats one, here or in the database."""
        identifiers = [
            (i, j, (check.scheme, check.normalised))
            for (i, _), producer_checks in zip(chunk, checks, strict=True)
            for j, check in enumerate(producer_checks)
        ]
        records = [
            (i, j, (rec.source, rec.source_record_id)) for i, data in chunk for j, rec in enumerate(data.source_records)
        ]
        errors = _duplicates(self.session, (Identifier.scheme, Identifier.value), "identifiers[{}].value", identifiers)
        errors += _duplicates(
            self.session,
            (SourceRecord.source, SourceRecord.source_record_id),
            "source_records[{}].source_record_id",
            records,
        )
        if errors:
            raise InvalidInput(
                f"{len(errors)} value(s) that must be unique are repeated; nothing was saved.", errors[:_MAX_REPORTED]
            )


_COUNTERS = {
    "provenance": "provenance",
    "legal_entities": "producers",
    "entity_names": "names",
    "identifiers": "identifiers",
    "sites": "sites",
    "product_lines": "product_lines",
    "certificates": "certificates",
    "contacts": "contacts",
    "source_records": "source_records",
    "changes": "changes",
}
_Key = tuple[str, str]
_Columns = tuple[InstrumentedAttribute[str], InstrumentedAttribute[str]]


def _duplicates(session: Session, columns: _Columns, path: str, keys: list[tuple[int, int, _Key]]) -> list[FieldError]:
    """Errors for keys (identifier scheme and value, source and record id) repeated in ``keys`` or stored already;
    each key comes with its producer's index and its own in the producer's list, put into ``path`` for an error."""
    errors: list[FieldError] = []
    seen: set[_Key] = set()
    for i, j, key in keys:
        if key in seen:
            errors.append(
                FieldError(f"producers[{i}].{path.format(j)}", f"{' '.join(key)} appears twice in this load", key[1])
            )
        seen.add(key)
    existing = _existing(session, columns, seen)
    if existing:
        message = "{} {} is already registered to another producer"
        errors += [
            FieldError(f"producers[{i}].{path.format(j)}", message.format(*key), key[1])
            for i, j, key in keys
            if key in existing
        ]
    return errors


def _existing(session: Session, columns: _Columns, keys: set[_Key]) -> set[_Key]:
    """Which ``keys`` are stored in the unique pair ``columns``; per first value, queries its unique index can serve."""
    first, second = columns
    by_first: dict[str, list[str]] = {}
    for a, b in sorted(keys):
        by_first.setdefault(a, []).append(b)
    found: set[_Key] = set()
    for a, values in by_first.items():
        for start in range(0, len(values), _LOOKUP_CHUNK):
            part = values[start : start + _LOOKUP_CHUNK]
            stmt = select(second).where(first == a, second.in_(part))
            found |= {(a, b) for b in session.scalars(stmt)}
    return found


def _raise_if_invalid(results: list[tuple[int, list[FieldError]]]) -> None:
    bad = [(i, errors) for i, errors in results if errors]
    if not bad:
        return
    listed = [FieldError(f"producers[{i}].{e.field}", e.message, e.value) for i, errors in bad for e in errors]
    raise InvalidInput(
        f"{len(bad)} producer(s) are not valid, the first is number {bad[0][0]}; nothing was saved. "
        "Fix the fields listed and load again.",
        listed[:_MAX_REPORTED],
    )


def bulk_create_producers(
    session: Session,
    producers: Iterable[ProducerIn],
    *,
    batch_id: int | None,
    actor: str,
    chunk_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    ref: ReferenceSet | None = None,
    rng: random.Random | None = None,
    prevalidated: bool = False,
    written: Callable[[dict[str, list[dict[str, Any]]]], None] | None = None,
) -> BulkResult:
    """Validate and store ``producers`` (any iterable, consumed once, ``chunk_size`` at a time).

    ``batch_id`` is recorded on provenance and source records that do not name their own batch. ``progress`` is
    called with the number of producers stored after each chunk. ``rng`` makes public ids reproducible (demo
    data); without it they are drawn from a generator seeded by the system's CSPRNG. Raises
    :class:`~cagateway.errors.InvalidInput` for invalid producers or repeated identifiers or source records;
    the caller should then roll back. ``prevalidated`` skips :func:`validate_producer` for callers that ran it
    on every producer already (the import does, row by row, to name each row's problems); uniqueness of
    identifiers and source records is still checked. ``written`` is called after each chunk with the rows
    inserted, by table name (column names as keys, values as stored): the import builds the search documents of
    new producers from them instead of reading them back.
    """
    started = time.perf_counter()
    # Without a seeded rng, a PRNG seeded from the system's CSPRNG: drawing every character from os.urandom
    # would cost more than the rest of the row.
    rng = rng or random.Random(secrets.randbits(128))
    writer = _BulkWriter(
        session,
        batch_id=batch_id,
        actor=actor,
        ref=ref or ReferenceSet.load(session),
        rng=rng,
        prevalidated=prevalidated,
        written=written,
    )
    for chunk in _chunks(producers, chunk_size):
        writer.write(chunk)
        if progress is not None:
            progress(len(chunk))
    reset_sequences(session, BULK_TABLES)
    writer.result.seconds = time.perf_counter() - started
    return writer.result
