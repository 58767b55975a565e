"""National trade statistics through a mapping file (JSON) that says which column is what.

Example mapping (Kazakhstan's customs statistics exported as CSV)::

    {"reporter": "KAZ",
     "columns": {"year": "Год", "partner": "Страна", "hs_code": "Код ТН ВЭД", "flow": "Направление",
                 "value": "Стоимость, тыс. долл. США", "quantity": "Вес нетто, т"},
     "flow_values": {"export": ["экспорт", "ЭК"], "import": ["импорт", "ИМ"]},
     "partner_scheme": "iso2",            # iso2 | iso3 | numeric | names
     "partner_names": {"Россия": "RUS"},  # only for "names" (and extra spellings)
     "value_multiplier": 1000, "quantity_multiplier": 1, "hs_digits": 10}

Exports become exporter = reporter (valued FOB), imports exporter = partner (valued CIF).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from cagateway.errors import FieldError
from cagateway.trade.codes import alpha3_from_alpha2, alpha3_from_numeric, is_country
from cagateway.trade.errors import TradeFileRejected
from cagateway.trade.readers import Resolver, _esc, _ident, _require, csv_columns
from cagateway.trade.staging import Fields

__all__ = ["NationalMapping", "read_mapping", "read_national"]

_NEEDED = ("year", "partner", "hs_code", "flow", "value")
_SCHEMES = ("iso2", "iso3", "numeric", "names")


@dataclass(frozen=True)
class NationalMapping:
    """How a national statistics file maps to bilateral flows (see the module docstring)."""

    reporter: str
    columns: dict[str, str]
    flow_values: dict[str, list[str]]
    partner_scheme: str = "iso3"
    partner_names: dict[str, str] = field(default_factory=dict)
    value_multiplier: float = 1.0
    quantity_multiplier: float = 1.0
    hs_digits: int = 6


def _bad(message: str, value: Any = None) -> TradeFileRejected:
    return TradeFileRejected(f"mapping: {message}", [FieldError("mapping", message, value)])


def read_mapping(path: Path) -> NationalMapping:
    """Read and check a mapping file; every problem names the key to fix."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad(f"{path} is not a readable JSON mapping: {exc}") from exc
    if not isinstance(raw, dict):
        raise _bad("the mapping must be a JSON object")
    columns = raw.get("columns") or {}
    missing = [k for k in _NEEDED if k not in columns]
    if missing:
        raise _bad(f"'columns' needs {', '.join(missing)} (the file's column for each)", columns)
    flows = raw.get("flow_values") or {}
    if not flows.get("export") and not flows.get("import"):
        raise _bad("'flow_values' needs 'export' and/or 'import': the values of the flow column", flows)
    reporter = str(raw.get("reporter", "")).upper()
    if not is_country(reporter):
        raise _bad("'reporter' must be the reporting country's ISO alpha-3 code", reporter)
    scheme = raw.get("partner_scheme", "iso3")
    if scheme not in _SCHEMES:
        raise _bad(f"'partner_scheme' must be one of {', '.join(_SCHEMES)}", scheme)
    return NationalMapping(
        reporter=reporter,
        columns={k: str(v) for k, v in columns.items()},
        flow_values={k: [str(x).casefold() for x in v] for k, v in flows.items()},
        partner_scheme=scheme,
        partner_names={str(k).casefold(): str(v).upper() for k, v in (raw.get("partner_names") or {}).items()},
        value_multiplier=float(raw.get("value_multiplier", 1)),
        quantity_multiplier=float(raw.get("quantity_multiplier", 1)),
        hs_digits=int(raw.get("hs_digits", 6)),
    )


def _resolver(mapping: NationalMapping) -> Resolver:
    def resolve(code: str) -> str | None:
        if code.casefold() in mapping.partner_names:
            return mapping.partner_names[code.casefold()]
        if code == mapping.reporter:
            return code
        if mapping.partner_scheme == "iso2":
            return alpha3_from_alpha2(code)
        if mapping.partner_scheme == "numeric":
            return alpha3_from_numeric(int(code)) if code.isdigit() else None
        if mapping.partner_scheme == "iso3":
            return code.upper() if is_country(code.upper()) else None
        return None

    return resolve


def read_national(con: duckdb.DuckDBPyConnection, path: Path, mapping: NationalMapping) -> tuple[Fields, Resolver]:
    """Stage a national statistics CSV through ``mapping``; rows with an unknown flow value are rejected."""
    c = {k: _ident(v) for k, v in mapping.columns.items()}
    raw = mapping.columns
    needed = tuple(raw[k] for k in _NEEDED) + ((raw["quantity"],) if "quantity" in raw else ())
    _require(path, csv_columns(con, path), needed, f"national statistics ({mapping.reporter} mapping)")
    exports = ", ".join(f"'{_esc(v)}'" for v in mapping.flow_values.get("export", [])) or "NULL"
    imports = ", ".join(f"'{_esc(v)}'" for v in mapping.flow_values.get("import", [])) or "NULL"
    flow = f"lower(trim({c['flow']}))"
    reporter = f"'{mapping.reporter}'"
    quantity = c.get("quantity", "NULL")
    # An unknown flow value leaves both country columns empty, so the row is rejected naming both columns.
    con.execute(f"""
        CREATE OR REPLACE TABLE staged AS
        SELECT row_number() OVER () + 1 AS row, {c["year"]} AS year_raw,
               CASE WHEN {flow} IN ({exports}) THEN {reporter} WHEN {flow} IN ({imports}) THEN {c["partner"]}
                    END AS exporter_raw,
               CASE WHEN {flow} IN ({exports}) THEN {c["partner"]} WHEN {flow} IN ({imports}) THEN {reporter}
                    END AS importer_raw,
               {c["hs_code"]} AS hs_raw, {c["value"]} AS value_raw, {quantity} AS quantity_raw,
               CASE WHEN {flow} IN ({imports}) THEN 'importer' ELSE 'exporter' END AS basis,
               NULL::VARCHAR AS excluded
        FROM read_csv('{_esc(str(path))}', all_varchar = true, header = true)
    """)
    fields = Fields(
        raw["year"],
        f"{raw['flow']}/{raw['partner']}",
        f"{raw['flow']}/{raw['partner']}",
        raw["hs_code"],
        raw["value"],
        raw.get("quantity", "quantity"),
        mapping.value_multiplier,
        mapping.quantity_multiplier,
        mapping.hs_digits,
    )
    return fields, _resolver(mapping)
