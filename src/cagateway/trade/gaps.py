"""The gap finder: product × market pairs with unrealised potential that registered producers could fill.

For exporters in a country or the region, a pair (market j, product k) is a gap when j imports k from outside
the region for at least ``min_outside`` USD and a registered producer in the exporter's country makes k (its
product line's HS code equals k, or is k's four-digit heading) with capacity (unknown capacity is kept but
flagged unless ``require_capacity``). Gaps are ranked by unrealised export potential (:mod:`potential`).

Producers come in as a table (:class:`ProducerCapacity`), so this module does not read the registry: the
``cooperation`` package reads it and calls :func:`find_gaps` (trade stands alone, see docs/architecture.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import duckdb
import pyarrow as pa

from cagateway.trade.codes import CENTRAL_ASIA
from cagateway.trade.indicators import latest_year, sql_list
from cagateway.trade.potential import build_potential

__all__ = ["ProducerCapacity", "find_gaps"]


@dataclass(frozen=True)
class ProducerCapacity:
    """One registered producer's product line: country (alpha-3), HS code (4 or 6 digits), capacity per year."""

    country: str
    hs_code: str
    producer_id: str
    name: str
    capacity: float | None = None
    capacity_unit: str | None = None


def _producer_table(con: duckdb.DuckDBPyConnection, producers: Sequence[ProducerCapacity]) -> None:
    fields = ("country", "hs_code", "producer_id", "name", "capacity", "capacity_unit")
    data = {f: [getattr(p, f) for p in producers] for f in fields}
    table = pa.table({f: pa.array(v, pa.float64() if f == "capacity" else pa.string()) for f, v in data.items()})
    con.register("producers_arrow", table)
    con.execute("CREATE OR REPLACE TEMP TABLE producers AS SELECT * FROM producers_arrow")
    con.unregister("producers_arrow")


def find_gaps(
    con: duckdb.DuckDBPyConnection,
    producers: Sequence[ProducerCapacity],
    exporters: Sequence[str] = CENTRAL_ASIA,
    region: Sequence[str] = CENTRAL_ASIA,
    *,
    year: int | None = None,
    span: int = 1,
    min_rca: float = 0.0,
    min_outside: float = 1_000_000.0,
    require_capacity: bool = False,
    top: int = 50,
) -> dict[str, Any]:
    """Gaps ranked by unrealised potential, each with the market's imports from outside and its producers."""
    year = year or latest_year(con)
    build_potential(con, exporters, year, span, min_rca)
    _producer_table(con, producers)
    capacity = "coalesce(pr.capacity, 0) > 0" if require_capacity else "coalesce(pr.capacity, 1) > 0"
    rows = con.execute(f"""
        WITH outside AS (
            SELECT importer, hs6, sum(v) AS outside_imports FROM avg_flows
            WHERE exporter NOT IN {sql_list(region)} GROUP BY ALL),
        made AS (
            SELECT DISTINCT pr.country, p.hs6 FROM producers pr
            JOIN (SELECT DISTINCT hs6 FROM potential) p ON pr.hs_code = p.hs6 OR pr.hs_code = left(p.hs6, 4)
            WHERE {capacity})
        SELECT p.exporter, p.importer, p.hs6, o.outside_imports, p.supply, p.demand, p.ease, p.ease_imputed,
               p.potential, p.actual, p.unrealised
        FROM potential p JOIN outside o USING (importer, hs6)
        JOIN made m ON m.country = p.exporter AND m.hs6 = p.hs6
        WHERE o.outside_imports >= {float(min_outside)} AND p.unrealised > 0
        ORDER BY p.unrealised DESC, p.exporter, p.importer, p.hs6
    """).fetchall()
    names = ("exporter", "market", "hs6", "outside_imports", "supply", "demand", "ease", "ease_imputed",
             "potential", "actual", "unrealised")  # fmt: skip
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for p in producers:
        if (p.capacity is None and require_capacity) or (p.capacity is not None and p.capacity <= 0):
            continue
        by_key[(p.country, p.hs_code)].append({**asdict(p), "capacity_known": p.capacity is not None})
    items = []
    for row in rows[: int(top)]:
        item = dict(zip(names, row, strict=True))
        exact = by_key.get((item["exporter"], item["hs6"]), [])
        heading = by_key.get((item["exporter"], item["hs6"][:4]), [])
        item["producers"] = [{**p, "match": "hs6"} for p in exact] + [{**p, "match": "hs4"} for p in heading]
        items.append(item)
    return {
        "exporters": list(exporters),
        "region": list(region),
        "year": year,
        "span": span,
        "min_outside": min_outside,
        "gaps": len(rows),
        "products": len({r[2] for r in rows}),
        "unrealised_total": float(sum(r[10] for r in rows)),
        "items": items,
    }
