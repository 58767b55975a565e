"""Import test files: valid rows from the GENERATED demo data set, written as CSV, JSONL or XLSX, and a
deliberately broken file with one row per kind of problem the import must name."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cagateway.db import Database
from cagateway.demo.generator import generate_producers
from cagateway.ingest.exchange import exchange_row, write_exchange_csv
from cagateway.ingest.models import ImportRecord, StagedRow
from cagateway.registry.models import (
    Contact,
    EntityName,
    Identifier,
    LegalEntity,
    ProductLine,
    Provenance,
    Site,
    SourceRecord,
)

__all__ = ["BROKEN", "broken_rows", "snapshot", "valid_rows", "write_csv", "write_jsonl", "write_xlsx"]


def valid_rows(n: int, seed: int = 3, prefix: str = "r") -> list[dict[str, str]]:
    """``n`` valid exchange-format rows (generated demo producers), ids ``r0``, ``r1``, ..."""
    return [exchange_row(p, f"{prefix}{i}") for i, p in enumerate(generate_producers(n, seed))]


def write_csv(rows: list[dict[str, str]], path: Path) -> Path:
    if rows and set(rows[0]) != set(valid_rows(1)[0]):
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        write_exchange_csv(rows, path)
    return path


def write_jsonl(rows: list[dict[str, str]], path: Path, *, extra_lines: tuple[str, ...] = ()) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({k: v for k, v in row.items() if v != ""}, ensure_ascii=False) + "\n")
        for line in extra_lines:
            handle.write(line + "\n")
    return path


def write_xlsx(rows: list[dict[str, str]], path: Path) -> Path:
    import openpyxl  # noqa: PLC0415

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    columns = list(rows[0])
    sheet.append(columns)
    for row in rows:
        sheet.append([row[c] or None for c in columns])
    book.save(path)
    return path


def _first(rows: list[dict[str, str]], used: set[int], **match: str) -> dict[str, str]:
    for index, row in enumerate(rows):
        if index not in used and all(row[k] == v for k, v in match.items()):
            used.add(index)
            return row
    raise LookupError(match)


# Each broken row: (what is wrong, how to break a valid row, the column the report must name, a fix expected?)
BROKEN: list[tuple[str, dict[str, str], dict[str, str], str, bool]] = [
    ("missing name", {}, {"name": ""}, "name", False),
    ("missing source_record_id", {}, {"source_record_id": ""}, "source_record_id", False),
    ("country written out", {"country": "KZ"}, {"country": "Kazakhstan"}, "country", True),
    ("unknown country", {}, {"country": "XX"}, "country", False),
    ("BIN with a wrong check digit", {"id_scheme": "KZ-BIN"}, {"id_value": "230640000801"}, "id_value", False),
    ("scheme without value", {}, {"id_value": ""}, "id_value", False),
    ("HS code not in HS 2022", {}, {"hs_codes": "999999"}, "hs_codes", False),
    ("national 10-digit code", {}, {"hs_codes": "2523290000"}, "hs_codes", True),
    ("lat and lon swapped", {"country": "KZ"}, {"lat": "71.4", "lon": "51.1"}, "lat", True),
    ("latitude not a number", {}, {"lat": "north"}, "lat", False),
    ("decimal comma", {"country": "UZ"}, {"lat": "41,3", "lon": "69.2"}, "lat", True),
    ("bad e-mail", {}, {"email": "sales-at-example.kz"}, "email", False),
    ("phone too short", {}, {"phone": "12345"}, "phone", False),
    ("phone of another country without +", {"country": "UZ"}, {"phone": "77172123456"}, "phone", True),
    ("date not ISO", {}, {"retrieved_at": "31.12.2024"}, "retrieved_at", True),
    ("unknown region", {"country": "KZ"}, {"region": "KZ-00"}, "region", False),
    ("capacity without unit", {}, {"capacity": "100", "capacity_unit": ""}, "capacity_unit", False),
    ("capacity not a number", {}, {"capacity": "a lot", "capacity_unit": "t"}, "capacity", False),
]


def broken_rows(
    n_valid: int = 60,
) -> tuple[list[dict[str, str]], list[dict[str, str]], dict[int, tuple[str, str, bool]]]:
    """(the broken file's rows, the corrections of its rejected rows, {row number: (what, column, fix?)}).

    The file holds ``n_valid`` rows, every kind in :data:`BROKEN` applied to one of them, and one repeat of a
    source record id (a second, different row under an id already used: no correction, someone must decide).
    Row numbers are those of the CSV (header = row 1).
    """
    rows = [dict(r, retrieved_at="") for r in valid_rows(n_valid)]
    used: set[int] = set()
    expected: dict[int, tuple[str, str, bool]] = {}
    corrections: list[dict[str, str]] = []
    for what, match, change, column, fix in BROKEN:
        row = _first(rows, used, **match)
        corrections.append(dict(row))  # the row as it should have been
        row.update(change)
        expected[rows.index(row) + 2] = (what, column, fix)
    duplicate = dict(rows[-1], name="Another name of the same record")
    rows.append(duplicate)
    expected[len(rows) + 1] = ("repeated source_record_id", "source_record_id", False)
    return rows, corrections, expected


def snapshot(db: Database) -> dict[str, Any]:
    """The imported data set, without surrogate ids, public ids and clock times: equal for equal imports."""
    with db.session() as session:
        entities: dict[int, dict[str, Any]] = {}
        for e, prov in session.execute(
            select(LegalEntity, Provenance).join(Provenance, Provenance.id == LegalEntity.provenance_id)
        ):
            entities[e.id] = {
                "name": e.display_name,
                "country": e.country_code,
                "legal_form": (e.legal_form, e.legal_form_local),
                "website": e.website,
                "version": e.version,
                "provenance": (prov.source, prov.batch_id, prov.row_number, prov.kind),
            }
        parts: list[tuple[type[Any], tuple[str, ...]]] = [
            (EntityName, ("value", "lang", "kind")),
            (Identifier, ("scheme", "value", "status")),
            (Site, ("country_code", "region_code", "city", "address", "lat", "lon")),
            (ProductLine, ("hs_code", "description", "capacity", "capacity_unit", "hs_confirmed")),
            (Contact, ("kind", "value")),
        ]
        for model, columns in parts:
            for row, prov in session.execute(
                select(model, Provenance).join(Provenance, Provenance.id == model.provenance_id).order_by(model.id)
            ):
                values = (*(getattr(row, c) for c in columns), prov.batch_id, prov.row_number, prov.kind)
                entities[row.entity_id].setdefault(model.__tablename__, []).append(values)
        by_record = {
            (r.source, r.source_record_id): entities[r.entity_id] | {"batch": r.batch_id}
            for r in session.scalars(select(SourceRecord))
        }
        records = sorted(
            (
                r.source,
                r.source_record_id,
                r.content_hash,
                r.batch_id,
                r.row_number,
                json.dumps(r.extra, sort_keys=True),
            )
            for r in session.scalars(select(ImportRecord))
        )
        staged = sorted(
            (s.source, s.row_hash, s.source_record_id or "", s.batch_id, s.row_number, s.status, json.dumps(s.problems))
            for s in session.scalars(select(StagedRow))
        )
    return {"producers": by_record, "import_records": records, "staged": staged, "entities": len(entities)}
