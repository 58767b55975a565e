"""Trade benchmark: a BACI-sized synthetic table ingested and the full gap finder run, against pandas.

Usage:  .venv/bin/python bench/trade.py [--rows 25000000] [--years 5] [--record]

1. A synthetic BACI CSV (``t,i,j,k,v,q``; ~200 ISO countries, every HS 2022 subheading, ``--years`` years)
   and its country-code file are written by DuckDB (not timed).
2. Ingest: ``load_trade_file`` (DuckDB: read, check every row, write Parquet) against pandas doing the same
   (read_csv as text, the same checks vectorised, map country codes, write Parquet with pyarrow).
3. Gap finder: ``find_gaps`` over the stored Parquet for the five Central Asian exporters with 2,000 synthetic
   registered product lines, against pandas computing the same aggregation (averages, supply, demand, ease,
   potential, outside imports, producer match) from the same Parquet file. The two answers are compared.
Both sides run in one process, one after the other, on the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pycountry

from cagateway.trade import CENTRAL_ASIA, ProducerCapacity, TradeStore, find_gaps, load_trade_file
from cagateway.trade.codes import hs2022_subheadings

RESULTS = Path(__file__).with_name("RESULTS.md")
LAST_YEAR = 2023


def _timed(label: str, func: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    print(f"  {label}: {seconds:.2f} s")
    return seconds, result


def write_inputs(folder: Path, rows: int, years: int) -> tuple[Path, Path]:
    """A BACI-like CSV of ``rows`` flows and its country-code file (unique (t, i, j, k) not enforced)."""
    required = {398, 417, 762, 795, 860, 643, 156}  # the region and its big partners are always there
    others = [n for n in sorted(int(c.numeric) for c in pycountry.countries) if n not in required]
    countries = sorted(required | set(others[: 200 - len(required)]))
    codes_file = folder / "country_codes.csv"
    with codes_file.open("w", encoding="utf-8") as handle:
        handle.write("country_code,country_name,country_iso2,country_iso3\n")
        for n in countries:
            c = pycountry.countries.get(numeric=f"{n:03d}")
            handle.write(f"{n},{c.name.replace(',', ' ')},{c.alpha_2},{c.alpha_3}\n")
    products = sorted(hs2022_subheadings())
    data = folder / "baci.csv"
    con = duckdb.connect()
    con.execute("SELECT setseed(0.42)")
    nc, npr = len(countries), len(products)
    con.execute(f"""
        COPY (
            SELECT {LAST_YEAR - years + 1} + (r % {years}) AS t,
                   list_element({countries}, (hash(r, 1) % {nc})::BIGINT + 1) AS i,
                   -- j: i shifted by 1..nc-1 places, so never i
                   list_element({countries},
                                (((hash(r, 1) % {nc}) + 1 + hash(r, 2) % {nc - 1}) % {nc})::BIGINT + 1) AS j,
                   list_element({products}, (hash(r, 3) % {npr})::BIGINT + 1) AS k,
                   round(exp(random() * 9), 3) AS v,
                   CASE WHEN random() < 0.1 THEN NULL ELSE round(random() * 500, 3) END AS q
            FROM range({rows}) AS s(r)
        ) TO '{data}' (HEADER, DELIMITER ',')
    """)
    con.close()
    return data, codes_file


def pandas_ingest(data: Path, codes: Path, out: Path) -> int:
    """The ingest in pandas: the same checks, vectorised; country codes mapped; Parquet written."""
    df = pd.read_csv(data, dtype=str, keep_default_na=False)
    table = pd.read_csv(codes, dtype=str).set_index("country_code")["country_iso3"]
    year = pd.to_numeric(df["t"], errors="coerce")
    exporter, importer = df["i"].map(table), df["j"].map(table)
    hs6 = df["k"].str.zfill(6)
    value = pd.to_numeric(df["v"], errors="coerce") * 1000
    quantity = pd.to_numeric(df["q"].replace({"": None, "NA": None}), errors="coerce")
    chapter = pd.to_numeric(hs6.str[:2], errors="coerce")
    bad = (
        year.isna() | ~year.between(1962, 2100) | exporter.isna() | importer.isna() | (exporter == importer)
        | ~hs6.str.fullmatch(r"\d{6}") | ~chapter.between(1, 97) | value.isna() | (value < 0) | (quantity < 0)
    )  # fmt: skip
    good = pd.DataFrame({"year": year, "exporter": exporter, "importer": importer, "hs6": hs6, "value": value,
                         "quantity": quantity})[~bad]  # fmt: skip
    good.to_parquet(out, index=False, compression="zstd")
    return len(good)


def pandas_gaps(path: Path, producers: list[ProducerCapacity], year: int, min_outside: float) -> pd.DataFrame:
    """find_gaps (span 1, min_rca 0, the region's five exporters) in pandas, from the same Parquet file."""
    df = pd.read_parquet(path, columns=["year", "exporter", "importer", "hs6", "value"])
    df = df[df["year"] == year]
    f = df.groupby(["exporter", "importer", "hs6"], as_index=False, observed=True)["value"].sum()
    f = f.rename(columns={"value": "v"})
    xp = f.groupby(["exporter", "hs6"], as_index=False)["v"].sum().rename(columns={"v": "x"})
    wk = f.groupby("hs6", as_index=False)["v"].sum().rename(columns={"v": "w"})
    supply = xp[xp["exporter"].isin(CENTRAL_ASIA) & (xp["x"] > 0)].merge(wk, on="hs6")
    supply["s"] = supply["x"] / supply["w"]
    demand = f.groupby(["importer", "hs6"], as_index=False)["v"].sum().rename(columns={"v": "d"})
    hyp = supply[["exporter", "hs6", "s"]].merge(demand, on="hs6")
    hyp = hyp[hyp["importer"] != hyp["exporter"]]
    hyp = hyp.merge(f, on=["exporter", "importer", "hs6"], how="left").fillna({"v": 0.0})
    hyp["h"] = hyp["s"] * hyp["d"]
    pairs = hyp.groupby(["exporter", "importer"], as_index=False).agg(hh=("h", "sum"), aa=("v", "sum"))
    own = pairs.groupby("exporter").agg(hh=("hh", "sum"), aa=("aa", "sum"))
    own_ease = (own["aa"] / own["hh"]).rename("b_i")
    pairs = pairs.merge(own_ease, left_on="exporter", right_index=True)
    pairs["b"] = np.where(pairs["aa"] > 0, pairs["aa"] / pairs["hh"], pairs["b_i"])
    pot = hyp.merge(pairs[["exporter", "importer", "b"]], on=["exporter", "importer"])
    pot["potential"] = pot["h"] * pot["b"]
    pot["unrealised"] = (pot["potential"] - pot["v"]).clip(lower=0)
    outside = f[~f["exporter"].isin(CENTRAL_ASIA)].groupby(["importer", "hs6"], as_index=False)["v"].sum()
    outside = outside.rename(columns={"v": "outside_imports"})
    lines = pd.DataFrame([(p.country, p.hs_code) for p in producers], columns=["exporter", "code"]).drop_duplicates()
    hs = pd.DataFrame({"hs6": pot["hs6"].unique()})
    made = pd.concat(
        [hs.merge(lines, left_on="hs6", right_on="code"), hs.assign(code=hs["hs6"].str[:4]).merge(lines, on="code")]
    )[["exporter", "hs6"]].drop_duplicates()
    gaps = pot.merge(outside, on=["importer", "hs6"]).merge(made, on=["exporter", "hs6"])
    gaps = gaps[(gaps["outside_imports"] >= min_outside) & (gaps["unrealised"] > 0)]
    return gaps.sort_values(["unrealised", "exporter", "importer", "hs6"], ascending=[False, True, True, True])


def synthetic_producers(count: int) -> list[ProducerCapacity]:
    rng = np.random.default_rng(5)
    products = sorted(hs2022_subheadings())
    out = []
    for n in range(count):
        code = str(rng.choice(products))
        code = code[:4] if n % 10 == 0 else code  # a tenth registered at heading level
        out.append(
            ProducerCapacity(CENTRAL_ASIA[n % 5], code, f"P{n:05d}", f"Producer {n}", float(rng.integers(1, 9e5)))
        )
    return out


def run(rows: int, years: int) -> dict[str, Any]:
    results: dict[str, Any] = {"rows": rows, "years": years}
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        folder = Path(tmp)
        print(f"writing {rows:,} synthetic BACI rows ...")
        data, codes = write_inputs(folder, rows, years)
        results["csv_mb"] = round(data.stat().st_size / 1e6)
        store = TradeStore(folder / "store")
        results["duckdb_ingest"], report = _timed(
            "ingest, DuckDB (load_trade_file)",
            lambda: load_trade_file(store, data, "baci", "bench", countries=codes, hs_revision="HS22"),
        )
        results["stored"] = report.stored
        results["pandas_ingest"], kept = _timed("ingest, pandas", lambda: pandas_ingest(data, codes, folder / "p.pq"))
        assert kept == report.stored, (kept, report.stored)
        producers = synthetic_producers(2000)
        path = store.path("bench")

        def duck() -> dict[str, Any]:
            con = store.connect("bench")
            try:
                return find_gaps(con, producers, year=LAST_YEAR, min_outside=1e6, top=100)
            finally:
                con.close()

        results["duckdb_gaps"], ours = _timed("gap finder, DuckDB (find_gaps)", duck)
        results["pandas_gaps"], theirs = _timed(
            "gap finder, pandas", lambda: pandas_gaps(path, producers, LAST_YEAR, 1e6)
        )
        results["gaps"] = ours["gaps"]
        assert ours["gaps"] == len(theirs), (ours["gaps"], len(theirs))
        top = theirs.head(len(ours["items"]))
        assert [(i["exporter"], i["market"], i["hs6"]) for i in ours["items"]] == list(
            zip(top["exporter"], top["importer"], top["hs6"], strict=True)
        )
        assert np.allclose([i["unrealised"] for i in ours["items"]], top["unrealised"].to_numpy())
        print(f"  same {ours['gaps']:,} gaps and the same top {len(ours['items'])} in both")
    return results


def record(all_results: list[dict[str, Any]]) -> None:
    lines = [
        "",
        f"## Trade (bench/trade.py) — {dt.datetime.now(dt.UTC).date()}, vm (2 vCPU, x86_64, Python "
        f"{platform.python_version()})",
        "",
        "| rows (5 y) | CSV MB | stored | ingest DuckDB s | ingest pandas s | ratio | gaps DuckDB s | gaps pandas s "
        "| ratio | gaps found |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in all_results:
        lines.append(
            f"| {r['rows']:,} | {r['csv_mb']} | {r['stored']:,} | {r['duckdb_ingest']:.1f} | {r['pandas_ingest']:.1f} "
            f"| {r['pandas_ingest'] / r['duckdb_ingest']:.1f}× | {r['duckdb_gaps']:.2f} | {r['pandas_gaps']:.2f} "
            f"| {r['pandas_gaps'] / r['duckdb_gaps']:.1f}× | {r['gaps']:,} |"
        )
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[25_000_000], help="Sizes to run, e.g. 1000000 5000000")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--record", action="store_true", help="Append a section to bench/RESULTS.md")
    args = parser.parse_args()
    all_results = []
    for rows in args.rows:
        print(f"== {rows:,} rows over {args.years} years")
        all_results.append(run(rows, args.years))
    if args.record:
        record(all_results)


if __name__ == "__main__":
    main()
