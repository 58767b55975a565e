"""The trade store: one Parquet file per dataset under ``CAGATEWAY_TRADE_DIR``, queried with DuckDB.

Every dataset has the same columns (:data:`COLUMNS`); its origin (source, HS revision, whether it is generated,
the load report) is in the Parquet file's key-value metadata and in a JSON file beside it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from cagateway.trade.errors import DatasetNotFound, TradeInputError

__all__ = ["COLUMNS", "DatasetInfo", "TradeStore", "connect_files"]

# year, exporter -> importer (ISO alpha-3), HS6, value in USD, quantity in tonnes; ``basis`` says who reported the
# value: exporter (FOB), importer (CIF), reconciled (BACI) or generated; ``mirror`` marks a partner's report
# standing in for a country that did not report; ``generated`` marks demo data.
COLUMNS: dict[str, str] = {
    "year": "INTEGER",
    "exporter": "VARCHAR",
    "importer": "VARCHAR",
    "hs6": "VARCHAR",
    "value": "DOUBLE",
    "quantity": "DOUBLE",
    "basis": "VARCHAR",
    "mirror": "BOOLEAN",
    "generated": "BOOLEAN",
}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
CIF_FOB_CAVEAT = (
    "Some values are mirror statistics: partners' reported imports stand in for a country that did not report. "
    "Imports are valued CIF (with freight and insurance, typically 5-10% above the FOB export value) and are "
    "not adjusted."
)


@dataclass(frozen=True)
class DatasetInfo:
    """A stored dataset: its name, file, row count and metadata (source, hs_revision, generated, report)."""

    name: str
    path: Path
    rows: int
    metadata: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "path": str(self.path), "rows": self.rows, **self.metadata}


def check_name(name: str) -> str:
    """A dataset name: lower-case letters, digits, ``-`` and ``_``."""
    if not _NAME.match(name):
        raise TradeInputError.single("dataset", "use 1-63 lower-case letters, digits, '-' or '_'", name)
    return name


def select_canonical(source: str) -> str:
    """A SELECT that casts ``source`` (a table or sub-query) to the store's columns, in order."""
    cols = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in COLUMNS.items())
    return f"SELECT {cols} FROM {source}"


class TradeStore:
    """Datasets as Parquet files in ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, name: str) -> Path:
        return self.root / f"{check_name(name)}.parquet"

    def write(self, con: duckdb.DuckDBPyConnection, name: str, query: str, metadata: dict[str, Any]) -> DatasetInfo:
        """Write the rows of ``query`` (run on ``con``) as dataset ``name``; atomic: a temp file renamed."""
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.path(name)
        tmp = target.with_suffix(".parquet.tmp")
        kv = ", ".join(f"'{k}': '{_quote(str(v))}'" for k, v in _flat(metadata).items())
        con.execute(
            f"COPY ({select_canonical(f'({query})')} ORDER BY year, exporter, importer, hs6) "
            f"TO '{_quote(str(tmp))}' (FORMAT parquet, COMPRESSION zstd, KV_METADATA {{{kv}}})"
        )
        tmp.replace(target)
        target.with_suffix(".json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False), encoding="utf-8")
        return self.info(name)

    def info(self, name: str) -> DatasetInfo:
        """Metadata and row count of dataset ``name``."""
        path = self.path(name)
        if not path.is_file():
            known = ", ".join(self.names()) or "none"
            raise DatasetNotFound(
                f"No trade dataset '{name}' in {self.root} (datasets: {known}). "
                "Create one with `cagateway trade demo` or `cagateway trade load`."
            )
        side = path.with_suffix(".json")
        metadata = json.loads(side.read_text(encoding="utf-8")) if side.is_file() else {}
        return DatasetInfo(name, path, pq.read_metadata(path).num_rows, metadata)

    def names(self) -> list[str]:
        return sorted(p.stem for p in self.root.glob("*.parquet")) if self.root.is_dir() else []

    def datasets(self) -> list[DatasetInfo]:
        return [self.info(n) for n in self.names()]

    def connect(self, name: str) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with view ``flows`` over dataset ``name``."""
        return connect_files([self.info(name).path])


def connect_files(paths: list[Path]) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with a ``flows`` view over Parquet files of the store's columns."""
    con = duckdb.connect()
    files = ", ".join(f"'{_quote(str(p))}'" for p in paths)
    con.execute(f"CREATE VIEW flows AS SELECT * FROM read_parquet([{files}])")
    return con


def parquet_metadata(path: Path) -> dict[str, str]:
    """The key-value metadata of a Parquet file (how a reader sees ``generated`` without our JSON)."""
    raw = pq.read_metadata(path).metadata or {}
    return {k.decode(): v.decode() for k, v in raw.items() if not k.startswith(b"ARROW")}


def _flat(metadata: dict[str, Any]) -> dict[str, str]:
    return {k: (json.dumps(v) if isinstance(v, dict | list) else str(v)) for k, v in metadata.items()}


def _quote(text: str) -> str:
    return text.replace("'", "''")
