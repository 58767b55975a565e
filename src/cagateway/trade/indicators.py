"""Trade indicators over the ``flows`` view: turnover, breakdowns and shares, growth, progress toward targets.

Countries are tuples of alpha-3 codes (a group such as Central Asia is several). Flows are counted once, from
exporter to importer, so the functions assume one record per flow: BACI, a reconciled Comtrade load or one
country's national statistics. Values are USD.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import duckdb

from cagateway.trade.errors import TradeInputError
from cagateway.trade.store import CIF_FOB_CAVEAT

__all__ = ["Target", "breakdown", "cagr", "growth_series", "latest_year", "target_progress", "turnover"]

Direction = Literal["exports", "imports"]
By = Literal["partner", "product", "hs2", "hs4", "year"]


def sql_list(codes: Sequence[str]) -> str:
    """An SQL list of codes; the codes were checked as alpha-3 (letters and digits only) before."""
    if not all(c.isalnum() for c in codes):
        raise TradeInputError.single("country", "codes must be letters and digits", list(codes))
    return "(" + ", ".join(f"'{c}'" for c in codes) + ")"


def latest_year(con: duckdb.DuckDBPyConnection) -> int:
    """The last year in the data."""
    row = con.execute("SELECT max(year) FROM flows").fetchone()
    if not row or row[0] is None:
        raise TradeInputError.single("dataset", "the dataset has no rows")
    return int(row[0])


def cagr(first: float, last: float, years: int) -> float | None:
    """Compound annual growth rate between two values ``years`` apart; None when undefined."""
    if years <= 0 or first <= 0 or last < 0:
        return None
    return float((last / first) ** (1.0 / years) - 1.0)


def growth_series(values: Sequence[tuple[int, float]]) -> list[dict[str, Any]]:
    """Year-on-year growth of a (year, value) series, in year order; the first year has none."""
    out: list[dict[str, Any]] = []
    previous: tuple[int, float] | None = None
    for year, value in sorted(values):
        rate = None
        if previous is not None and previous[1] > 0:
            rate = cagr(previous[1], value, year - previous[0])
        out.append({"year": year, "value": value, "growth": rate})
        previous = (year, value)
    return out


def _pair_filter(a: Sequence[str], b: Sequence[str] | None) -> tuple[str, str, bool]:
    """SQL conditions for a→b and b→a flows; ``within`` when both sides are the same group."""
    if b is not None and set(a) == set(b):
        within = f"exporter IN {sql_list(a)} AND importer IN {sql_list(a)}"
        return within, within, True
    partners = [c for c in b if c not in a] if b is not None else []
    if b is not None and not partners:
        raise TradeInputError.single("partner", "name at least one partner outside the first country or group", b)
    others = f"NOT IN {sql_list(a)}" if b is None else f"IN {sql_list(partners)}"
    return (
        f"exporter IN {sql_list(a)} AND importer {others}",
        f"importer IN {sql_list(a)} AND exporter {others}",
        False,
    )


def turnover(con: duckdb.DuckDBPyConnection, a: Sequence[str], b: Sequence[str] | None = None) -> dict[str, Any]:
    """Exports a→b, imports b→a, turnover and balance per year, with growth; b None = the rest of the world.

    When a and b are the same group (intraregional trade) the flows inside it are counted once.
    """
    out_sql, in_sql, within = _pair_filter(a, b)
    rows = con.execute(f"""
        SELECT year, sum(value) FILTER (WHERE {out_sql}) AS exports, sum(value) FILTER (WHERE {in_sql}) AS imports,
               sum(value) FILTER (WHERE mirror AND (({out_sql}) OR ({in_sql}))) AS mirrored
        FROM flows WHERE ({out_sql}) OR ({in_sql}) GROUP BY year ORDER BY year
    """).fetchall()
    years: list[dict[str, Any]] = []
    for year, exports, imports, mirrored in rows:
        exp, imp = float(exports or 0.0), float(imports or 0.0)
        total = exp if within else exp + imp
        years.append({"year": int(year), "exports": exp, "imports": imp, "turnover": total, "balance": exp - imp,
                      "mirror_share": float(mirrored or 0.0) / total if total else 0.0})  # fmt: skip
    growth = growth_series([(y["year"], y["turnover"]) for y in years])
    for item, g in zip(years, growth, strict=True):
        item["growth"] = g["growth"]
    caveats = [CIF_FOB_CAVEAT] if any(y["mirror_share"] > 0 for y in years) else []
    return {"a": list(a), "b": None if b is None else list(b), "within": within, "years": years, "caveats": caveats}


def _key(by: By) -> str:
    return {"partner": "{other}", "product": "hs6", "hs2": "left(hs6, 2)", "hs4": "left(hs6, 4)", "year": "year"}[by]


def breakdown(
    con: duckdb.DuckDBPyConnection,
    country: Sequence[str],
    direction: Direction = "exports",
    by: By = "partner",
    *,
    year: int | None = None,
    top: int = 20,
) -> dict[str, Any]:
    """Exports or imports of ``country`` by partner, product, chapter or year: value, share and growth."""
    if direction not in ("exports", "imports"):
        raise TradeInputError.single("direction", "use exports or imports", direction)
    side, other = ("exporter", "importer") if direction == "exports" else ("importer", "exporter")
    key = _key(by).format(other=other)
    year = year or latest_year(con)
    where = f"{side} IN {sql_list(country)} AND {other} NOT IN {sql_list(country)}"
    if by == "year":
        sums = con.execute(f"SELECT year, sum(value) FROM flows WHERE {where} GROUP BY 1").fetchall()
        return {"country": list(country), "direction": direction, "by": by,
                "items": growth_series([(int(k), float(v)) for k, v in sums])}  # fmt: skip
    rows = con.execute(f"""
        SELECT {key} AS key, sum(value) FILTER (WHERE year = {year}) AS value,
               sum(value) FILTER (WHERE year = {year - 1}) AS previous
        FROM flows WHERE {where} AND year IN ({year - 1}, {year}) GROUP BY 1
    """).fetchall()
    total = sum(float(v or 0.0) for _, v, _ in rows)
    items = [
        {
            "key": str(k),
            "value": float(v or 0.0),
            "share": float(v or 0.0) / total if total else 0.0,
            "growth": cagr(float(p), float(v or 0.0), 1) if p else None,
        }
        for k, v, p in rows
        if v
    ]
    items.sort(key=lambda x: (-float(x["value"] or 0.0), str(x["key"])))
    return {"country": list(country), "direction": direction, "by": by, "year": year, "total": total,
            "items": items[:top]}  # fmt: skip


@dataclass(frozen=True)
class Target:
    """A user's target: trade between ``a`` and ``b`` (same group = inside it) reaching ``value`` USD by ``year``."""

    name: str
    a: tuple[str, ...]
    b: tuple[str, ...] | None
    value: float
    year: int


def target_progress(con: duckdb.DuckDBPyConnection, target: Target) -> dict[str, Any]:
    """Where trade stands against ``target``: latest value, share done, trend and required growth, projection."""
    if target.value <= 0:
        raise TradeInputError.single("value", "a target must be a positive amount in USD", target.value)
    years = turnover(con, target.a, target.b)["years"]
    if not years:
        raise TradeInputError.single("target", "no flows between these countries in the dataset", target.name)
    first, last = years[0], years[-1]
    if target.year <= last["year"]:
        raise TradeInputError.single("year", f"the target year must be after the data's last year {last['year']}")
    trend = cagr(first["turnover"], last["turnover"], last["year"] - first["year"])
    remaining = target.year - last["year"]
    required = cagr(last["turnover"], target.value, remaining)
    projected = last["turnover"] * (1 + trend) ** remaining if trend is not None else None
    return {
        **asdict(target),
        "latest_year": last["year"],
        "latest_value": last["turnover"],
        "achieved_share": last["turnover"] / target.value,
        "gap": max(0.0, target.value - last["turnover"]),
        "trend_growth": trend,
        "required_growth": required,
        "projected_value": projected,
        "on_track": projected is not None and projected >= target.value,
        "expected_year": _year_reached(last["year"], last["turnover"], target.value, trend),
        "history": [{"year": y["year"], "value": y["turnover"]} for y in years],
    }


def _year_reached(year: int, value: float, target: float, trend: float | None) -> int | None:
    if value >= target:
        return year
    if trend is None or trend <= 0 or value <= 0:
        return None
    return year + math.ceil(math.log(target / value) / math.log(1 + trend))
