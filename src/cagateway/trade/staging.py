"""Checking staged trade rows in DuckDB: every row accepted, excluded (an aggregate, with why) or rejected.

Readers put a file's rows into table ``staged`` with text columns ``row``, ``year_raw``, ``exporter_raw``,
``importer_raw``, ``hs_raw``, ``value_raw``, ``quantity_raw``, ``basis`` and ``excluded`` (why the row is an
aggregate that is counted but not stored, else NULL). :func:`check_staged` resolves country codes and builds table
``checked`` with typed columns and ``reasons`` (empty when the row is good). The checks run as one SQL pass, so
a 25M-row BACI file is checked without a Python loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from cagateway.trade.codes import hs2022_subheadings

__all__ = ["Fields", "check_staged"]


@dataclass(frozen=True)
class Fields:
    """The file's own column names, so reasons name the column a user sees; multipliers to USD and tonnes."""

    year: str
    exporter: str
    importer: str
    hs: str
    value: str
    quantity: str
    value_multiplier: float = 1.0
    quantity_multiplier: float = 1.0
    hs_digits: int = 6  # national codes (TN VED: 10 digits) are cut to their first six


def _country_table(con: duckdb.DuckDBPyConnection, resolve: Callable[[str], str | None]) -> None:
    raw = con.execute(
        "SELECT DISTINCT trim(exporter_raw) FROM staged WHERE exporter_raw IS NOT NULL UNION "
        "SELECT DISTINCT trim(importer_raw) FROM staged WHERE importer_raw IS NOT NULL"
    ).fetchall()
    codes = [str(r[0]) for r in raw]
    mapped = [resolve(c) for c in codes]
    table = pa.table({"raw": pa.array(codes, pa.string()), "alpha3": pa.array(mapped, pa.string())})
    con.register("country_arrow", table)
    con.execute("CREATE OR REPLACE TABLE country_map AS SELECT * FROM country_arrow")
    con.unregister("country_arrow")


def _hs_table(con: duckdb.DuckDBPyConnection, hs_revision: str) -> str:
    """A join that checks codes against the HS 2022 list when the file says HS 2022; format only otherwise."""
    if hs_revision.upper() not in {"HS22", "HS2022", "H6"}:
        return "TRUE"
    codes = sorted(hs2022_subheadings())
    con.register("hs_arrow", pa.table({"code": pa.array(codes, pa.string())}))
    con.execute("CREATE OR REPLACE TABLE hs_known AS SELECT * FROM hs_arrow")
    con.unregister("hs_arrow")
    return "hs6 IN (SELECT code FROM hs_known)"


def _esc(name: str) -> str:
    return name.replace("'", "''")


def check_staged(
    con: duckdb.DuckDBPyConnection, fields: Fields, resolve: Callable[[str], str | None], hs_revision: str
) -> None:
    """Build table ``checked`` from ``staged``: typed values and the reasons each bad row is rejected."""
    _country_table(con, resolve)
    hs_known = _hs_table(con, hs_revision)
    f = fields
    digits = f"^[0-9]{{6,{max(6, f.hs_digits)}}}$"
    con.execute(f"""
        CREATE OR REPLACE VIEW typed AS
        SELECT s.row, s.basis, s.excluded, s.year_raw, s.exporter_raw, s.importer_raw, s.hs_raw, s.value_raw,
               s.quantity_raw,
               TRY_CAST(trim(s.year_raw) AS INTEGER) AS year,
               e.alpha3 AS exporter, i.alpha3 AS importer,
               CASE WHEN regexp_full_match(trim(s.hs_raw), '^[0-9]{{5}}$') THEN lpad(trim(s.hs_raw), 6, '0')
                    WHEN regexp_full_match(trim(s.hs_raw), '{digits}') THEN left(trim(s.hs_raw), 6)
                    END AS hs6,
               TRY_CAST(trim(s.value_raw) AS DOUBLE) * {f.value_multiplier} AS value,
               CASE WHEN trim(coalesce(s.quantity_raw, '')) IN ('', 'NA', 'NaN', 'null') THEN NULL
                    ELSE TRY_CAST(trim(s.quantity_raw) AS DOUBLE) * {f.quantity_multiplier} END AS quantity,
               trim(coalesce(s.quantity_raw, '')) NOT IN ('', 'NA', 'NaN', 'null') AS has_quantity
        FROM staged s
        LEFT JOIN country_map e ON e.raw = trim(s.exporter_raw)
        LEFT JOIN country_map i ON i.raw = trim(s.importer_raw)
    """)
    con.execute(f"""
        CREATE OR REPLACE TABLE checked AS
        SELECT *, concat_ws('; ',
            CASE WHEN year IS NULL OR year NOT BETWEEN 1962 AND 2100
                 THEN '{_esc(f.year)}: ' || coalesce('''' || year_raw || '''', 'empty') || ' is not a year' END,
            CASE WHEN exporter IS NULL
                 THEN '{_esc(f.exporter)}: unknown country code ' || coalesce('''' || exporter_raw || '''', '(empty)')
                 END,
            CASE WHEN importer IS NULL
                 THEN '{_esc(f.importer)}: unknown country code ' || coalesce('''' || importer_raw || '''', '(empty)')
                 END,
            CASE WHEN exporter IS NOT NULL AND exporter = importer
                 THEN '{_esc(f.exporter)}/{_esc(f.importer)}: exporter and importer are the same country' END,
            CASE WHEN hs6 IS NULL OR TRY_CAST(left(hs6, 2) AS INTEGER) NOT BETWEEN 1 AND 97 OR left(hs6, 2) = '77'
                 THEN '{_esc(f.hs)}: ' || coalesce('''' || hs_raw || '''', 'empty') || ' is not an HS six-digit code'
                 WHEN NOT ({hs_known})
                 THEN '{_esc(f.hs)}: ''' || hs_raw || ''' is not an HS 2022 subheading' END,
            CASE WHEN value IS NULL
                 THEN '{_esc(f.value)}: ' || coalesce('''' || value_raw || '''', 'empty') || ' is not a number'
                 WHEN value < 0 THEN '{_esc(f.value)}: negative value ' || value_raw
                 WHEN isinf(value) OR isnan(value) THEN '{_esc(f.value)}: not a finite number' END,
            CASE WHEN has_quantity AND quantity IS NULL
                 THEN '{_esc(f.quantity)}: ''' || quantity_raw || ''' is not a number'
                 WHEN quantity < 0 THEN '{_esc(f.quantity)}: negative quantity ' || quantity_raw END
        ) AS reasons
        FROM typed WHERE excluded IS NULL
    """)
