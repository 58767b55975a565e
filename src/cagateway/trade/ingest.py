"""Loading a trade file into the store: stage, check every row, reconcile reporters, write Parquet.

Nothing is dropped silently: each row is stored, *excluded* (an aggregate such as partner World or a transport-mode
breakdown, counted by reason), *superseded* (an importer's report of a flow whose exporter reported it) or
*rejected* with its reasons. By default one rejected row rejects the file and nothing is written; with
``allow_rejects`` the good rows are stored and the bad ones written to ``rejects/<dataset>.csv``.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb

from cagateway.trade.errors import TradeFileRejected, TradeInputError
from cagateway.trade.national import read_mapping, read_national
from cagateway.trade.readers import _esc, _ident, read_baci, read_comtrade
from cagateway.trade.staging import check_staged
from cagateway.trade.store import CIF_FOB_CAVEAT, TradeStore, check_name

__all__ = ["FORMATS", "LoadReport", "load_trade_file"]

Format = Literal["baci", "comtrade", "national"]
FORMATS: tuple[str, ...] = ("baci", "comtrade", "national")
MAX_LISTED = 50


@dataclass
class LoadReport:
    """What happened to every row of a loaded file."""

    dataset: str
    path: str
    format: str
    hs_revision: str
    rows: int
    stored: int
    rejected: int
    excluded: dict[str, int] = field(default_factory=dict)
    superseded: int = 0
    mirror: int = 0
    concordance: dict[str, int] | None = None
    rejects_file: str | None = None
    caveats: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _stage(con: duckdb.DuckDBPyConnection, path: Path, fmt: str, countries: Path | None, mapping: Path | None) -> Any:
    if fmt == "baci":
        return read_baci(con, path, countries)
    if fmt == "comtrade":
        return read_comtrade(con, path)
    if mapping is None:
        raise TradeInputError.single("--mapping", "national statistics need a mapping file (JSON)")
    return read_national(con, path, read_mapping(mapping))


def _reconcile(con: duckdb.DuckDBPyConnection, fmt: str) -> int:
    """Table ``final``: exporters' reports first; importers' reports stand in (mirror) where an exporter is silent."""
    if fmt == "baci":
        con.execute(
            "CREATE OR REPLACE TABLE final AS SELECT year, exporter, importer, hs6, value, quantity, basis, "
            "FALSE AS mirror FROM checked WHERE reasons = ''"
        )
        return 0
    mirror = "basis = 'importer'" if fmt == "comtrade" else "FALSE"
    con.execute(f"""
        CREATE OR REPLACE TABLE good AS
        SELECT g.*, {mirror} AS mirror,
               basis = 'importer' AND (g.year, g.exporter) IN (
                   SELECT (year, exporter) FROM checked WHERE reasons = '' AND basis = 'exporter') AS superseded
        FROM checked g WHERE reasons = ''
    """)
    con.execute(
        "CREATE OR REPLACE TABLE final AS SELECT year, exporter, importer, hs6, sum(value) AS value, "
        "sum(quantity) AS quantity, basis, mirror FROM good WHERE NOT superseded "
        "GROUP BY year, exporter, importer, hs6, basis, mirror"
    )
    count = con.execute("SELECT count(*) FROM good WHERE superseded").fetchone()
    return int(count[0]) if count else 0


def _concord(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, int]:
    """Recode HS6 through a correlation table (first column: the file's code, second: the target code).

    A code that maps to several targets has its value (and quantity) split equally between them, because
    offline there are no trade weights to split by; codes absent from the table are kept.
    """
    cols = con.sql(f"SELECT * FROM read_csv('{_esc(str(path))}', all_varchar = true) LIMIT 0").columns
    if len(cols) < 2:
        raise TradeFileRejected.single("concordance", "the table needs two columns: source code, target code", cols)
    src, dst = _ident(cols[0]), _ident(cols[1])
    con.execute(f"""
        CREATE OR REPLACE TABLE conc AS
        SELECT DISTINCT lpad(regexp_replace({src}, '[^0-9]', '', 'g'), 6, '0') AS code_from,
                        lpad(regexp_replace({dst}, '[^0-9]', '', 'g'), 6, '0') AS code_to
        FROM read_csv('{_esc(str(path))}', all_varchar = true) WHERE {src} IS NOT NULL AND {dst} IS NOT NULL
    """)
    con.execute("CREATE OR REPLACE TABLE conc_n AS SELECT *, count(*) OVER (PARTITION BY code_from) AS n FROM conc")
    stats = con.execute("""
        SELECT count(*) FILTER (WHERE c.n IS NULL), count(*) FILTER (WHERE c.n = 1 AND c.code_to <> f.hs6),
               count(DISTINCT f.hs6) FILTER (WHERE c.n > 1)
        FROM final f LEFT JOIN (SELECT DISTINCT code_from, n, CASE WHEN n = 1 THEN code_to END AS code_to
                                FROM conc_n) c ON c.code_from = f.hs6
    """).fetchone()
    con.execute("""
        CREATE OR REPLACE TABLE final AS
        SELECT year, exporter, importer, coalesce(c.code_to, f.hs6) AS hs6, sum(value / coalesce(c.n, 1)) AS value,
               sum(quantity / coalesce(c.n, 1)) AS quantity, basis, mirror
        FROM final f LEFT JOIN conc_n c ON c.code_from = f.hs6
        GROUP BY year, exporter, importer, coalesce(c.code_to, f.hs6), basis, mirror
    """)
    unchanged, recoded, split = (int(x) for x in stats or (0, 0, 0))
    return {"rows_not_in_table": unchanged, "rows_recoded": recoded, "codes_split_equally": split}


def _write_rejects(con: duckdb.DuckDBPyConnection, store: TradeStore, dataset: str) -> str:
    folder = store.root / "rejects"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{dataset}.csv"
    con.execute(
        "COPY (SELECT row, year_raw, exporter_raw, importer_raw, hs_raw, value_raw, quantity_raw, reasons "
        f"FROM checked WHERE reasons <> '' ORDER BY row) TO '{_esc(str(target))}' (HEADER, DELIMITER ',')"
    )
    return str(target)


def load_trade_file(
    store: TradeStore,
    path: Path,
    fmt: str,
    dataset: str,
    *,
    countries: Path | None = None,
    mapping: Path | None = None,
    hs_revision: str = "unknown",
    concordance: Path | None = None,
    allow_rejects: bool = False,
) -> LoadReport:
    """Check every row of ``path`` (format ``baci``, ``comtrade`` or ``national``) and store it as ``dataset``."""
    check_name(dataset)
    if fmt not in FORMATS:
        raise TradeInputError.single("--format", f"use one of {', '.join(FORMATS)}", fmt)
    if not path.is_file():
        raise TradeInputError.single("path", "no such file", str(path))
    started = time.perf_counter()
    con = duckdb.connect()
    fields, resolve = _stage(con, path, fmt, countries, mapping)
    check_staged(con, fields, resolve, hs_revision)
    total = _scalar(con, "SELECT count(*) FROM staged")
    excluded = dict(
        con.execute("SELECT excluded, count(*) FROM staged WHERE excluded IS NOT NULL GROUP BY 1").fetchall()
    )
    bad = _scalar(con, "SELECT count(*) FROM checked WHERE reasons <> ''")
    if bad and not allow_rejects:
        first = con.execute(f"SELECT row, reasons FROM checked WHERE reasons <> '' ORDER BY row LIMIT {MAX_LISTED}")
        raise TradeFileRejected.for_rows(path.name, total, [(int(r), str(s)) for r, s in first.fetchall()], bad)
    report = LoadReport(
        dataset, str(path), fmt, hs_revision, total, 0, bad, {str(k): int(v) for k, v in excluded.items()}
    )
    report.rejects_file = _write_rejects(con, store, dataset) if bad else None
    report.superseded = _reconcile(con, fmt)
    if concordance is not None:
        report.concordance = _concord(con, concordance)
    report.mirror = _scalar(con, "SELECT count(*) FROM final WHERE mirror")
    report.caveats = [CIF_FOB_CAVEAT] if report.mirror else []
    metadata = {"source": fmt, "file": path.name, "hs_revision": hs_revision, "generated": False}
    report.seconds = round(time.perf_counter() - started, 3)
    info = store.write(
        con, dataset, "SELECT *, FALSE AS generated FROM final", {**metadata, "report": report.as_dict()}
    )
    report.stored = info.rows
    report.seconds = round(time.perf_counter() - started, 3)
    con.close()
    return report


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
