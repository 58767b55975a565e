"""Registry benchmark on SQLite: bulk load, detail look-up and filtered list, beside plain sqlite3.

Usage:  .venv/bin/python bench/registry.py [--size 1000000] [--db /tmp/cagw-bench.sqlite3] [--reuse]

Prints each figure with a ratio against a baseline measured in the same run on the same file:
- bulk load: demo producers/s and rows/s through `cagateway demo load`'s code path, against plain sqlite3
  `executemany` of the same number of rows of the same width into a scratch table;
- detail look-up p50/p95: `describe_producer` (what GET /api/v1/producers/{id} does, minus HTTP), against the
  same SELECTs in plain sqlite3;
- filtered list p50/p95: country + HS prefix, first page of 20 (`list_producers` + summaries), against the
  equivalent SQL in plain sqlite3.
"""

from __future__ import annotations

import argparse
import platform
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from cagateway.db import Database, upgrade
from cagateway.demo.loader import load_demo
from cagateway.reference.builtin import sync_builtin_reference
from cagateway.registry import services
from cagateway.registry.schemas import ProducerFilter
from cagateway.registry.serialise import producer_summary

CHILD_TABLES = (
    "entity_names",
    "identifiers",
    "sites",
    "product_lines",
    "certificates",
    "contacts",
    "source_records",
)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def build(path: Path, size: int) -> tuple[float, int]:
    path.unlink(missing_ok=True)
    db = Database.from_url(f"sqlite:///{path}")
    upgrade(db.engine)
    with db.writer() as session:
        sync_builtin_reference(session)
    start = time.perf_counter()
    report = load_demo(db, size=size, seed=7)
    elapsed = time.perf_counter() - start
    db.dispose()
    return elapsed, int(report.rows)


def bulk_baseline(path: Path, rows: int) -> float:
    """Plain sqlite3 executemany of `rows` rows shaped like entity_names rows (id, entity, text, lang, script)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("DROP TABLE IF EXISTS bench_scratch")
    conn.execute(
        "CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, entity_id INT, value TEXT, lang TEXT, script TEXT)"
    )
    data = ((i, i // 6, f"ТОО «Шымкентцемент {i}»", "ru", "Cyrl") for i in range(rows))
    start = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO bench_scratch VALUES (?,?,?,?,?)", data)
    elapsed = time.perf_counter() - start
    conn.execute("DROP TABLE bench_scratch")
    conn.close()
    return rows / elapsed


def raw_detail(conn: sqlite3.Connection, public_id: str) -> None:
    entity = conn.execute("SELECT * FROM legal_entities WHERE public_id = ?", (public_id,)).fetchone()
    for table in CHILD_TABLES:
        conn.execute(f"SELECT * FROM {table} WHERE entity_id = ?", (entity[0],)).fetchall()
    conn.execute("SELECT * FROM provenance WHERE id = ?", (entity[9],)).fetchall()


RAW_LIST_DENSE = """
SELECT e.id, e.public_id, e.display_name, e.country_code FROM legal_entities e
WHERE e.deleted_at IS NULL AND e.country_code = ?
  AND EXISTS (SELECT 1 FROM product_lines p WHERE p.entity_id = e.id AND p.hs_code >= ? AND p.hs_code < ?)
ORDER BY e.id LIMIT 21
"""
RAW_LIST_SPARSE = """
SELECT e.id, e.public_id, e.display_name, e.country_code FROM legal_entities e
WHERE e.deleted_at IS NULL AND e.country_code = ?
  AND e.id IN (SELECT entity_id FROM product_lines WHERE hs_code >= ? AND hs_code < ?)
ORDER BY e.id LIMIT 21
"""
RAW_DENSITY = "SELECT count(*) FROM (SELECT 1 FROM product_lines WHERE hs_code >= ? AND hs_code < ? LIMIT 2000)"


def raw_list(conn: sqlite3.Connection, country: str, prefix: str) -> None:
    """The same plan as `list_producers`: probe how common the HS range is, then EXISTS or IN."""
    high = prefix + ":"
    dense = conn.execute(RAW_DENSITY, (prefix, high)).fetchone()[0] == 2000
    rows = conn.execute(RAW_LIST_DENSE if dense else RAW_LIST_SPARSE, (country, prefix, high)).fetchall()
    ids = [r[0] for r in rows]
    marks = ",".join("?" * len(ids))
    for table in ("entity_names", "product_lines", "sites"):
        conn.execute(f"SELECT * FROM {table} WHERE entity_id IN ({marks})", ids).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/cagw-bench.sqlite3"))
    parser.add_argument("--reuse", action="store_true", help="skip the load; query an existing file")
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    print(
        f"machine: {platform.node()} {platform.machine()} "
        f"python {platform.python_version()} sqlite {sqlite3.sqlite_version}"
    )

    if not args.reuse:
        seconds, rows = build(args.db, args.size)
        baseline = bulk_baseline(args.db, rows)
        print(
            f"bulk load: {args.size} producers in {seconds:.1f} s = {args.size / seconds:,.0f} producers/s, "
            f"{rows / seconds:,.0f} rows/s; plain sqlite3 executemany {baseline:,.0f} rows/s; "
            f"ratio {rows / seconds / baseline:.2f}"
        )

    rng = random.Random(11)
    db = Database.from_url(f"sqlite:///{args.db}")
    raw = sqlite3.connect(args.db)
    total = raw.execute("SELECT max(id) FROM legal_entities").fetchone()[0]
    ids = [
        raw.execute("SELECT public_id FROM legal_entities WHERE id = ?", (rng.randint(1, total),)).fetchone()[0]
        for _ in range(args.queries)
    ]
    combos = raw.execute(
        "SELECT DISTINCT e.country_code, substr(p.hs_code, 1, 4) FROM product_lines p "
        "JOIN legal_entities e ON e.id = p.entity_id WHERE p.id % 97 = 0"
    ).fetchall()
    queries = [rng.choice(combos) for _ in range(args.queries)]

    with db.session() as session:
        it = iter(ids)
        ours = timed(lambda: services.describe_producer(session, next(it)), len(ids))
    it = iter(ids)
    base = timed(lambda: raw_detail(raw, next(it)), len(ids))
    (o50, o95), (b50, b95) = percentiles(ours), percentiles(base)
    print(
        f"detail look-up: p50 {o50:.2f} ms, p95 {o95:.2f} ms; plain sqlite3 p50 {b50:.2f} ms, p95 {b95:.2f} ms; "
        f"ratio p95 {o95 / b95:.1f}x (goal p95 <= 5 ms)"
    )

    with db.session() as session:
        qit = iter(queries)

        def ours_list() -> None:
            country, prefix = next(qit)
            page = services.list_producers(session, ProducerFilter(country=country, hs=prefix), limit=20)
            [producer_summary(e) for e in page.items]

        ours = timed(ours_list, len(queries))
    qit = iter(queries)
    base = timed(lambda: raw_list(raw, *next(qit)), len(queries))
    (o50, o95), (b50, b95) = percentiles(ours), percentiles(base)
    print(
        f"filtered list (country + HS4, first 20): p50 {o50:.2f} ms, p95 {o95:.2f} ms; plain sqlite3 p50 "
        f"{b50:.2f} ms, p95 {b95:.2f} ms; ratio p95 {o95 / b95:.1f}x (goal p95 <= 50 ms)"
    )
    raw.close()
    db.dispose()


if __name__ == "__main__":
    main()
