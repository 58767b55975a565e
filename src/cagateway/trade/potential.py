"""Export potential after ITC's Export Potential Indicator: potential = supply × demand × ease of trade.

For exporter i, market j and product k, over the average of the last ``span`` years:

- supply ``s_ik = x_ik / X_wk``: i's share of world exports of k, only where i's RCA in k >= ``min_rca``;
- demand ``d_jk = M_jk``: j's imports of k from the world;
- ease of trade ``b_ij = A_ij / H_ij``: i's actual exports to j in its supply products over the hypothetical
  ``H_ij = Σ_k s_ik d_jk``; where i sells j none of them, i's average ease over all its markets is used;
- potential ``v_ijk = s_ik × d_jk × b_ij``; unrealised potential ``max(v_ijk − actual_ijk, 0)``.

Simplifications against ITC's method (documented in docs/architecture.md): no GDP or import-growth projections
(current averages instead), no tariff advantage or distance in demand (distance and all other frictions enter
only through the bilateral ease term), no re-export correction. So Σ_k v_ijk equals i's actual exports to j in
its supply products whenever they trade: the indicator redistributes a pair's trade across products by supply
and demand, which is what makes a product look under-traded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from cagateway.trade.errors import TradeInputError
from cagateway.trade.indicators import latest_year, sql_list

__all__ = ["build_potential", "export_potential"]


def build_potential(
    con: duckdb.DuckDBPyConnection,
    exporters: Sequence[str],
    year: int,
    span: int = 1,
    min_rca: float = 1.0,
) -> None:
    """Create table ``potential`` (exporter, importer, hs6, supply, demand, ease, potential, actual, unrealised)."""
    if not 1 <= span <= 10:
        raise TradeInputError.single("span", "average over 1-10 years", span)
    first = year - span + 1
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE avg_flows AS
        SELECT exporter, importer, hs6, sum(value) / {span} AS v FROM flows
        WHERE year BETWEEN {first} AND {year} GROUP BY ALL
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE potential AS
        WITH xp AS (SELECT exporter, hs6, sum(v) AS x FROM avg_flows GROUP BY ALL),
             xc AS (SELECT exporter, sum(v) AS xc FROM avg_flows GROUP BY ALL),
             wk AS (SELECT hs6, sum(v) AS w FROM avg_flows GROUP BY ALL),
             wt AS (SELECT sum(v) AS total FROM avg_flows),
             supply AS (
                SELECT xp.exporter, xp.hs6, xp.x / wk.w AS s, (xp.x / xc.xc) / (wk.w / wt.total) AS rca
                FROM xp JOIN xc USING (exporter) JOIN wk USING (hs6), wt
                WHERE xp.exporter IN {sql_list(exporters)} AND (xp.x / xc.xc) / (wk.w / wt.total) >= {min_rca}
                  AND xp.x > 0),
             demand AS (SELECT importer, hs6, sum(v) AS d FROM avg_flows GROUP BY ALL),
             hyp AS (
                SELECT s.exporter, d.importer, s.hs6, s.s, s.rca, d.d, s.s * d.d AS h, coalesce(a.v, 0) AS actual
                FROM supply s JOIN demand d ON d.hs6 = s.hs6 AND d.importer <> s.exporter
                LEFT JOIN avg_flows a ON a.exporter = s.exporter AND a.importer = d.importer AND a.hs6 = s.hs6),
             pairs AS (SELECT exporter, importer, sum(h) AS hh, sum(actual) AS aa FROM hyp GROUP BY ALL),
             own AS (SELECT exporter, sum(aa) / nullif(sum(hh), 0) AS b_i FROM pairs GROUP BY ALL),
             ease AS (
                SELECT p.exporter, p.importer, CASE WHEN p.aa > 0 THEN p.aa / p.hh ELSE o.b_i END AS b,
                       p.aa = 0 AS ease_imputed
                FROM pairs p JOIN own o USING (exporter))
        SELECT h.exporter, h.importer, h.hs6, h.rca, h.s AS supply, h.d AS demand, e.b AS ease, e.ease_imputed,
               h.h * e.b AS potential, h.actual, greatest(h.h * e.b - h.actual, 0) AS unrealised
        FROM hyp h JOIN ease e USING (exporter, importer)
    """)


def export_potential(
    con: duckdb.DuckDBPyConnection,
    exporters: Sequence[str],
    *,
    year: int | None = None,
    span: int = 1,
    min_rca: float = 1.0,
    markets: Sequence[str] | None = None,
    top: int = 25,
) -> dict[str, Any]:
    """Product × market pairs of ``exporters`` by unrealised potential, with supply, demand and ease, and totals."""
    year = year or latest_year(con)
    build_potential(con, exporters, year, span, min_rca)
    where = f"WHERE importer IN {sql_list(markets)}" if markets else ""
    cols = "exporter, importer, hs6, rca, supply, demand, ease, ease_imputed, potential, actual, unrealised"
    rows = con.execute(
        f"SELECT {cols} FROM potential {where} ORDER BY unrealised DESC, exporter, importer, hs6 LIMIT {int(top)}"
    ).fetchall()
    names = [c.strip() for c in cols.split(",")]
    totals = con.execute(
        f"SELECT sum(potential), sum(actual), sum(unrealised), count(DISTINCT hs6) FILTER (WHERE unrealised > 0) "
        f"FROM potential {where}"
    ).fetchone() or (0, 0, 0, 0)
    return {
        "exporters": list(exporters),
        "year": year,
        "span": span,
        "min_rca": min_rca,
        "potential": float(totals[0] or 0),
        "actual": float(totals[1] or 0),
        "unrealised": float(totals[2] or 0),
        "products_with_unrealised_potential": int(totals[3] or 0),
        "items": [dict(zip(names, r, strict=True)) for r in rows],
    }
