"""Mapping files: how another layout becomes the producer exchange format (TOML).

::

    [options]                 # all optional
    delimiter = ";"           # CSV only; default ","
    encoding = "cp1251"       # CSV and JSONL; default UTF-8 (with or without BOM)
    sheet = "Реестр"          # XLSX only; default the first sheet

    [rename]                  # source column = exchange column
    "БИН" = "id_value"
    "Наименование" = "name"

    [constants]               # set on every row
    country = "KZ"
    id_scheme = "KZ-BIN"

    [values.region]           # value maps: exchange column, then source value = new value
    "г. Шымкент" = "KZ-79"

    [[split]]                 # one source column into several, at a separator
    column = "Координаты"
    separator = ","
    into = ["lat", "lon"]

Order: splits (on the source columns), renames, value maps, constants. Columns that are not in the exchange
format after mapping are kept as extra attributes of the record.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cagateway.ingest.errors import BadMapping
from cagateway.ingest.readers import ERROR_COLUMN, Row

__all__ = ["EXCHANGE_COLUMNS", "Mapping", "Split", "load_mapping"]

EXCHANGE_COLUMNS = (
    "source_record_id", "country", "name", "name_lang", "alt_names", "id_scheme", "id_value", "legal_form",
    "region", "city", "address", "lat", "lon", "hs_codes", "products", "capacity", "capacity_unit", "website",
    "phone", "email", "retrieved_at",
)  # fmt: skip
_SECTIONS = {"options", "rename", "constants", "values", "split"}
_OPTIONS = {"delimiter", "encoding", "sheet"}


@dataclass(frozen=True)
class Split:
    column: str
    separator: str
    into: tuple[str, ...]


@dataclass(frozen=True)
class Mapping:
    """A layout's way into the exchange format; the empty mapping leaves rows as they are."""

    rename: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    splits: tuple[Split, ...] = ()
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    sheet: str | None = None

    def apply(self, raw: Row) -> tuple[Row, dict[str, str]]:
        """The row in exchange columns, and the unknown columns kept as extra attributes."""
        row = dict(raw)
        for split in self.splits:
            parts = (row.pop(split.column, None) or "").split(split.separator)
            for name, part in zip(split.into, parts, strict=False):
                row[name] = part.strip() or None
        if self.rename:
            row = {self.rename.get(k, k): v for k, v in row.items()}
        for column, table in self.values.items():
            value = row.get(column)
            if value is not None and value in table:
                row[column] = table[value]
        row.update(self.constants)
        known: Row = {}
        extra: dict[str, str] = {}
        for key, value in row.items():
            if key in EXCHANGE_COLUMNS or key == ERROR_COLUMN:
                known[key] = value
            elif value is not None and not key.startswith("_"):
                extra[key] = value
        return known, extra


def _table(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise BadMapping.single(name, f"[{name}] must be a table of key = value lines", value)
    return value


def _strings(table: dict[str, Any], name: str) -> dict[str, str]:
    bad = [k for k, v in table.items() if not isinstance(v, str | int | float)]
    if bad:
        raise BadMapping.single(name, f"values in [{name}] must be text; fix {', '.join(bad)}", bad)
    return {str(k): str(v) for k, v in table.items()}


def _splits(data: dict[str, Any]) -> tuple[Split, ...]:
    found = []
    for i, item in enumerate(data.get("split", [])):
        if not isinstance(item, dict) or not {"column", "separator", "into"} <= item.keys():
            raise BadMapping.single(f"split[{i}]", "each [[split]] needs column, separator and into", item)
        into = item["into"]
        if not isinstance(into, list) or not into or not all(isinstance(x, str) for x in into):
            raise BadMapping.single(f"split[{i}].into", "into is a list of column names", into)
        found.append(Split(str(item["column"]), str(item["separator"]), tuple(into)))
    return tuple(found)


def load_mapping(path: Path | None) -> Mapping:
    """Read a mapping file; None gives the empty mapping (the file is in the exchange format)."""
    if path is None:
        return Mapping()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BadMapping.single("mapping", "no such mapping file", str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise BadMapping.single("mapping", f"not valid TOML: {exc}", str(path)) from exc
    unknown = set(data) - _SECTIONS
    if unknown:
        raise BadMapping.single("mapping", f"unknown sections {sorted(unknown)}; use {sorted(_SECTIONS)}", path.name)
    options = _strings(_table(data, "options"), "options")
    if set(options) - _OPTIONS:
        raise BadMapping.single("options", f"options are {sorted(_OPTIONS)}", sorted(set(options) - _OPTIONS))
    values = {str(col): _strings(t, f"values.{col}") for col, t in _table(data, "values").items()}
    return Mapping(
        rename=_strings(_table(data, "rename"), "rename"),
        constants=_strings(_table(data, "constants"), "constants"),
        values=values,
        splits=_splits(data),
        delimiter=options.get("delimiter", ","),
        encoding=options.get("encoding", "utf-8-sig"),
        sheet=options.get("sheet"),
    )
