"""One imported row → a producer: every column checked, every problem collected, nothing stops at the first.

:func:`draft_row` checks the columns and gathers the producer's parts; the pipeline then asks the classifier
for codes of products that have none, and :func:`finalise` builds the
:class:`~cagateway.registry.schemas.ProducerIn` and runs the registry's own validation over it, so that a
row accepted here is always a producer the registry accepts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from cagateway.errors import FieldError
from cagateway.ingest.checks import (
    Problem,
    check_coordinates,
    check_country,
    check_date,
    check_email,
    check_hs_code,
    check_phone,
    check_region,
    parse_number,
)
from cagateway.ingest.readers import ERROR_COLUMN, Row
from cagateway.registry.bulk import cached_identifier_check
from cagateway.registry.schemas import ProducerIn, ProvenanceKind
from cagateway.registry.validation import ReferenceSet, validate_producer
from cagateway.text.legal_forms import LegalFormClass

__all__ = ["Draft", "content_hash", "draft_row", "finalise", "registry_problems", "split_list"]

REQUIRED = ("source_record_id", "country", "name")
_CLASSES = {c.value for c in LegalFormClass}


def split_list(value: str | None) -> list[str]:
    """``a|b|c`` → ``["a", "b", "c"]`` (the exchange format's list separator), blanks dropped."""
    return [part.strip() for part in value.split("|") if part.strip()] if value else []


def content_hash(kind: str, *rows: dict[str, str | None] | dict[str, str]) -> str:
    """A stable hash of a row's content: the provenance kind, then each mapping's non-empty items, sorted.

    Unit and record separators (never in register text) delimit the parts; no JSON encoding, which cost more
    than the rest of an unchanged row's handling.
    """
    parts = [kind]
    for row in rows:
        parts.append("\x1e".join([f"{k}\x1f{v}" for k, v in sorted(row.items()) if v is not None]))
    return hashlib.sha256("\x1d".join(parts).encode()).hexdigest()


@dataclass
class Draft:
    """A row on its way to becoming a producer."""

    row: int
    record: Row
    extra: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    country: str | None = None
    retrieved_at: dt.datetime | None = None
    lines: list[dict[str, Any]] = field(default_factory=list)  # product lines (ProductLineIn fields)
    contacts: list[dict[str, str]] = field(default_factory=list)
    site: dict[str, Any] = field(default_factory=dict)
    unclassified: list[str] = field(default_factory=list)  # product texts without an HS code
    identifier_key: tuple[str, str] | None = None  # (scheme, normalised value) as the registry stores it
    producer: ProducerIn | None = None

    @property
    def source_record_id(self) -> str | None:
        return self.record.get("source_record_id")

    def problem(self, column: str, reason: str, fix: str | None = None) -> None:
        self.problems.append(Problem(self.row, column, self.record.get(column), reason, fix))


def _required(d: Draft) -> None:
    if ERROR_COLUMN in d.record:
        d.problems.append(Problem(d.row, "(row)", None, d.record[ERROR_COLUMN] or "unreadable row"))
    for column in REQUIRED:
        if not d.record.get(column):
            d.problem(column, f"{column} is required")
    srid = d.record.get("source_record_id")
    if srid and len(srid) > 200:
        d.problem("source_record_id", "at most 200 characters")


def _identifier(d: Draft) -> None:
    scheme, value = d.record.get("id_scheme"), d.record.get("id_value")
    if bool(scheme) != bool(value):
        missing = "id_value" if scheme else "id_scheme"
        d.problem(missing, "give id_scheme and id_value together (e.g. KZ-BIN and the 12-digit BIN), or neither")
    elif scheme and value:
        check = cached_identifier_check(scheme, value)
        if not check.valid:
            d.problem("id_value", check.message)
        d.identifier_key = (check.scheme, check.normalised)


def _site(d: Draft, ref: ReferenceSet) -> None:
    rec, country = d.record, d.country
    site: dict[str, Any] = {k: rec[k] for k in ("city", "address") if rec.get(k)}
    if rec.get("region") and country:
        site["region"], problem = check_region(d.row, rec["region"] or "", country, ref)
        d.problems += [problem] if problem else []
    lat_text, lon_text = rec.get("lat"), rec.get("lon")
    if bool(lat_text) != bool(lon_text):
        d.problem("lat" if not lat_text else "lon", "give both lat and lon, or neither")
    elif lat_text and lon_text:
        lat, p1 = parse_number(d.row, "lat", lat_text)
        lon, p2 = parse_number(d.row, "lon", lon_text)
        d.problems += [p for p in (p1, p2) if p]
        if lat is not None and lon is not None and country:
            problem = check_coordinates(d.row, lat, lon, country)
            d.problems += [problem] if problem else []
            site |= {"lat": lat, "lon": lon}
    d.site = site


def _products(d: Draft, ref: ReferenceSet) -> None:
    rec = d.record
    codes: list[str] = []
    for raw in split_list(rec.get("hs_codes")):
        code, problem = check_hs_code(d.row, raw, ref)
        if problem:
            d.problems.append(problem)
        elif code:
            codes.append(code)
    texts = split_list(rec.get("products"))
    capacity = None
    if rec.get("capacity"):
        capacity, problem = parse_number(d.row, "capacity", rec["capacity"] or "")
        d.problems += [problem] if problem else []
        if capacity is not None and capacity < 0:
            d.problem("capacity", "must be zero or more")
        if capacity is not None and not rec.get("capacity_unit"):
            d.problem("capacity_unit", "give the unit of the capacity, e.g. t (per year)")
    if codes:
        paired = len(texts) == len(codes)
        joined = "; ".join(texts) or None
        d.lines = [
            {"hs_code": c, "description": texts[i] if paired else (joined if i == 0 else None)}
            for i, c in enumerate(codes)
        ]
    elif not split_list(rec.get("hs_codes")):
        d.unclassified = texts
    if capacity is not None and d.lines:
        d.lines[0] |= {"capacity": capacity, "capacity_unit": rec.get("capacity_unit")}


def _contacts(d: Draft) -> None:
    for value in split_list(d.record.get("email")):
        problem = check_email(d.row, value)
        if problem:
            d.problems.append(problem)
        else:
            d.contacts.append({"kind": "email", "value": value})
    for value in split_list(d.record.get("phone")):
        if d.country is None:
            break
        e164, problem = check_phone(d.row, value, d.country)
        if problem:
            d.problems.append(problem)
        elif e164:
            d.contacts.append({"kind": "phone", "value": e164})


def draft_row(row: int, record: Row, extra: dict[str, str], ref: ReferenceSet) -> Draft:
    """Check every column of a mapped row; the draft lists all problems found."""
    d = Draft(row, record, extra)
    _required(d)
    if record.get("country"):
        d.country, problem = check_country(row, record["country"] or "", ref)
        d.problems += [problem] if problem else []
    _identifier(d)
    _site(d, ref)
    _products(d, ref)
    _contacts(d)
    if record.get("retrieved_at"):
        d.retrieved_at, problem = check_date(row, "retrieved_at", record["retrieved_at"] or "")
        d.problems += [problem] if problem else []
    if record.get("name_lang") and len(record["name_lang"] or "") > 8:
        d.problem("name_lang", "an ISO 639-1 language code, e.g. kk, ru, uz")
    return d


_PATH_COLUMNS = {
    "country": "country",
    "names": "name",
    "identifiers": "id_value",
    "product_lines": "hs_codes",
    "website": "website",
    "legal_form": "legal_form",
    "legal_form_local": "legal_form",
}
_SITE_COLUMNS = {"region": "region", "lat": "lat", "lon": "lon", "city": "city", "address": "address"}


def _column_of(path: str, d: Draft) -> str:
    """The import column an error path of the registry (``contacts[1].value``) points to."""
    head = path.split(".", maxsplit=1)[0].split("[", maxsplit=1)[0]
    if head == "sites":
        return _SITE_COLUMNS.get(path.rsplit(".", 1)[-1], "address")
    if head == "contacts":
        index = int(path.split("[")[1].split("]", maxsplit=1)[0]) if "[" in path else 0
        return d.contacts[index]["kind"] if index < len(d.contacts) else "phone"
    return _PATH_COLUMNS.get(head, path)


def _legal_form(value: str | None) -> dict[str, str]:
    if not value:
        return {}
    return {"legal_form": value} if value in _CLASSES else {"legal_form_local": value}


def _producer_fields(d: Draft, source: str, kind: ProvenanceKind, batch_id: int) -> dict[str, Any]:
    rec = d.record
    names = [{"value": rec["name"], "lang": rec.get("name_lang")}]
    names += [{"value": alt, "kind": "trade"} for alt in split_list(rec.get("alt_names")) if alt != rec["name"]]
    identifiers = [{"scheme": rec["id_scheme"], "value": rec["id_value"]}] if rec.get("id_value") else []
    return {
        "country": d.country,
        "names": names,
        **_legal_form(rec.get("legal_form")),
        "website": rec.get("website"),
        "identifiers": identifiers,
        "sites": [d.site] if d.site else [],
        "product_lines": d.lines,
        "contacts": d.contacts,
        "source_records": [{"source": source, "source_record_id": rec["source_record_id"]}],
        "provenance": {
            "source": source,
            "kind": kind,
            "batch_id": batch_id,
            "row_number": d.row,
            "retrieved_at": d.retrieved_at,
        },
    }


def finalise(d: Draft, source: str, kind: ProvenanceKind, batch_id: int, ref: ReferenceSet) -> None:
    """Build the producer of a draft without problems (pydantic checks the shape: lengths, types)."""
    if d.problems:
        return
    try:
        producer = ProducerIn.model_validate(_producer_fields(d, source, kind, batch_id))
    except ValidationError as exc:
        for err in exc.errors():
            path = ".".join(str(p) for p in err["loc"])
            d.problem(_column_of(path, d), err["msg"])
        return
    d.producer = producer


def registry_problems(d: Draft, ref: ReferenceSet) -> list[Problem]:
    """What the registry's own validation finds in an accepted draft's producer, by import column.

    The import's column checks cover every rule of :func:`~cagateway.registry.validation.validate_producer`
    (tests hold them to it), so the pipeline does not run it a second time per row.
    """
    if d.producer is None:
        return []
    errors: list[FieldError] = validate_producer(d.producer, ref)
    return [Problem(d.row, _column_of(e.field, d), None, e.message) for e in errors]
