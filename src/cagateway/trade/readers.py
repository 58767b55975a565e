"""Readers that stage a trade file's rows in DuckDB (table ``staged``, all text) for :mod:`staging` to check.

Formats: CEPII BACI (``t,i,j,k,v,q`` plus its country-code file), UN Comtrade exports (CSV or the API's JSON,
field names as in its documented response: ``refYear, reporterCode, flowCode, partnerCode, cmdCode,
primaryValue, netWgt`` ...) and national statistics through a mapping file (:mod:`national`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from cagateway.trade.codes import alpha3_from_numeric, is_country
from cagateway.trade.errors import TradeFileRejected
from cagateway.trade.staging import Fields

__all__ = ["BACI_COLUMNS", "read_baci", "read_baci_countries", "read_comtrade"]

BACI_COLUMNS = ("t", "i", "j", "k", "v", "q")
# BACI: v in thousands of USD, q in tonnes.
BACI_FIELDS = Fields("t", "i", "j", "k", "v", "q", value_multiplier=1000.0)
# Comtrade: primaryValue in USD, netWgt in kg.
COMTRADE_FIELDS = Fields(
    "refYear", "reporterCode/partnerCode", "partnerCode/reporterCode", "cmdCode", "primaryValue", "netWgt", 1.0, 0.001
)
COMTRADE_REQUIRED = ("refYear", "reporterCode", "flowCode", "partnerCode", "cmdCode", "primaryValue")
# The legacy Comtrade CSV (before 2023) named the same things differently.
_LEGACY = {
    "Year": "refYear",
    "Reporter Code": "reporterCode",
    "Partner Code": "partnerCode",
    "Commodity Code": "cmdCode",
    "Trade Value (US$)": "primaryValue",
    "Netweight (kg)": "netWgt",
    "Trade Flow Code": "flowCode",
}
_LEGACY_FLOWS = {"1": "M", "2": "X", "3": "RX", "4": "RM"}

Resolver = Callable[[str], str | None]


def _esc(text: str) -> str:
    return text.replace("'", "''")


def _ident(name: str) -> str:
    """A quoted SQL identifier: a file's column name may hold any character."""
    return '"' + name.replace('"', '""') + '"'


def csv_columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """The header of a CSV file as DuckDB reads it (delimiter sniffed)."""
    rel = con.sql(f"SELECT * FROM read_csv('{_esc(str(path))}', all_varchar = true, header = true) LIMIT 0")
    return list(rel.columns)


def _require(path: Path, found: list[str], required: tuple[str, ...], kind: str) -> None:
    missing = [c for c in required if c not in found]
    if missing:
        raise TradeFileRejected.single(
            "columns",
            f"{path.name} is not a {kind} file: missing column(s) {', '.join(missing)}; found "
            f"{', '.join(found) or 'none'}. Expected at least {', '.join(required)}.",
            found,
        )


def read_baci_countries(path: Path) -> dict[str, str]:
    """BACI's country-code file (``country_code`` and ``country_iso3``, or the older ``iso_3digit_alpha``)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0]) if rows else []
    iso = "country_iso3" if "country_iso3" in header else "iso_3digit_alpha"
    _require(path, header, ("country_code", iso), "BACI country-code")
    return {r["country_code"].strip(): r[iso].strip().upper() for r in rows if r[iso].strip()}


def read_baci(con: duckdb.DuckDBPyConnection, path: Path, countries: Path | None) -> tuple[Fields, Resolver]:
    """Stage a BACI file; countries resolve through BACI's own code file (else ISO numeric codes)."""
    _require(path, csv_columns(con, path), BACI_COLUMNS, "BACI (t,i,j,k,v,q)")
    con.execute(f"""
        CREATE OR REPLACE TABLE staged AS
        SELECT row_number() OVER () + 1 AS row, t AS year_raw, i AS exporter_raw, j AS importer_raw, k AS hs_raw,
               v AS value_raw, q AS quantity_raw, 'reconciled' AS basis, NULL::VARCHAR AS excluded
        FROM read_csv('{_esc(str(path))}', all_varchar = true, header = true)
    """)
    table = read_baci_countries(countries) if countries else None

    def resolve(code: str) -> str | None:
        if table is not None:
            iso = table.get(code)
            return iso if iso and (is_country(iso) or iso.isalpha()) else None
        return alpha3_from_numeric(int(code)) if code.isdigit() else None

    return BACI_FIELDS, resolve


def _numeric_resolver(code: str) -> str | None:
    if code.isdigit():
        return alpha3_from_numeric(int(code))
    return code if is_country(code) else None


def _comtrade_records(path: Path) -> list[dict[str, Any]]:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TradeFileRejected.single("file", f"{path.name} is not JSON: {exc}", str(path)) from exc
    records = body.get("data") if isinstance(body, dict) else body
    if not isinstance(records, list):
        raise TradeFileRejected.single("data", "a Comtrade JSON response has its records in a 'data' list", str(path))
    return records


def _stage_comtrade_table(con: duckdb.DuckDBPyConnection, source: str, columns: list[str]) -> None:
    def col(name: str) -> str:
        return f'CAST("{name}" AS VARCHAR)' if name in columns else "NULL::VARCHAR"

    flow = f"upper(trim({col('flowCode')}))"
    excluded = f"""CASE
        WHEN {flow} NOT IN ('X', 'M') THEN 'flowCode ' || coalesce({flow}, 'empty')
             || ': only exports (X) and imports (M) are bilateral flows; re-exports/re-imports are not stored'
        WHEN trim({col("partnerCode")}) = '0' THEN 'partnerCode 0 is World, an aggregate of the partners'
        WHEN coalesce(trim({col("partner2Code")}), '0') <> '0'
             OR coalesce(trim({col("motCode")}), '0') <> '0'
             OR coalesce(trim({col("customsCode")}), 'C00') <> 'C00'
             THEN 'a breakdown by second partner, transport mode or customs procedure; its total row is stored'
        WHEN upper(trim({col("cmdCode")})) = 'TOTAL' OR length(trim({col("cmdCode")})) < 5
             THEN 'cmdCode ' || trim({col("cmdCode")}) || ' is an aggregate, not an HS six-digit line'
        END"""
    con.execute(f"""
        CREATE OR REPLACE TABLE staged AS
        SELECT row_number() OVER () + 1 AS row, {col("refYear")} AS year_raw,
               CASE WHEN {flow} = 'M' THEN {col("partnerCode")} ELSE {col("reporterCode")} END AS exporter_raw,
               CASE WHEN {flow} = 'M' THEN {col("reporterCode")} ELSE {col("partnerCode")} END AS importer_raw,
               {col("cmdCode")} AS hs_raw, {col("primaryValue")} AS value_raw, {col("netWgt")} AS quantity_raw,
               CASE WHEN {flow} = 'M' THEN 'importer' ELSE 'exporter' END AS basis,
               {excluded} AS excluded
        FROM {source}
    """)


def read_comtrade(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[Fields, Resolver]:
    """Stage a Comtrade CSV or JSON export; export rows keep the reporter as exporter, import rows swap."""
    if path.suffix.lower() == ".json":
        records = _comtrade_records(path)
        columns = sorted({k for r in records for k in r}) if records else list(COMTRADE_REQUIRED)
        _require(path, columns, COMTRADE_REQUIRED, "UN Comtrade")
        text = {
            c: pa.array([None if r.get(c) is None else str(r.get(c)) for r in records], pa.string()) for c in columns
        }
        con.register("comtrade_arrow", pa.table(text))
        _stage_comtrade_table(con, "comtrade_arrow", columns)
        con.unregister("comtrade_arrow")
    else:
        found = csv_columns(con, path)
        renames = {old: new for old, new in _LEGACY.items() if old in found and new not in found}
        columns = [renames.get(c, c) for c in found]
        _require(path, columns, COMTRADE_REQUIRED, "UN Comtrade")
        select = ", ".join(f"{_ident(c)} AS {_ident(renames.get(c, c))}" for c in found)
        con.execute(
            f"CREATE OR REPLACE TABLE comtrade_csv AS SELECT {select} "
            f"FROM read_csv('{_esc(str(path))}', all_varchar = true, header = true)"
        )
        if "Trade Flow Code" in renames:
            cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _LEGACY_FLOWS.items())
            con.execute(f'UPDATE comtrade_csv SET "flowCode" = CASE trim("flowCode") {cases} ELSE "flowCode" END')
        _stage_comtrade_table(con, "comtrade_csv", columns)
    return COMTRADE_FIELDS, _numeric_resolver
