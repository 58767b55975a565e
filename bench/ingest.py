"""Import benchmark on SQLite: `cagateway import` of a valid CSV, beside plain sqlite3 executemany of the same rows.

Usage:  .venv/bin/python bench/ingest.py [--size 200000] [--chunk-size 5000] [--no-search-index]
        [--keep DIR]

The CSV holds GENERATED demo producers (fictitious, `cagateway demo` generator, seed 1) in the producer
exchange format, provenance kind "generated". Printed, each measured in this run on the same file:
- import: valid rows/s through `import_file` (read, map, check every column, hash, write producers with all
  their parts and provenance, import records, batch checkpoints; the search index too unless --no-search-index);
- baseline: the same CSV read with the csv module and inserted with plain sqlite3 `executemany` into one
  scratch table of the same columns (no checks, no parts): the floor any import of these rows pays;
- re-import: rows/s of importing the same file again (every row unchanged).

The machine is shared: the load average is printed before and after, and the import's CPU time beside its wall
time, since a busy machine stretches wall time more than CPU time.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sqlite3
import tempfile
import time
from pathlib import Path

from cagateway.db import Database, upgrade
from cagateway.demo.generator import generate_producers
from cagateway.ingest import ImportOptions, import_file
from cagateway.ingest.exchange import exchange_row, write_exchange_csv
from cagateway.reference.builtin import sync_builtin_reference


def make_csv(path: Path, size: int) -> float:
    started = time.perf_counter()
    rows = (exchange_row(p, f"gen-{i}") for i, p in enumerate(generate_producers(size, 1)))
    write_exchange_csv(rows, path)
    return time.perf_counter() - started


def baseline(csv_path: Path, db_path: Path) -> float:
    """Plain sqlite3: read the CSV, executemany into one table, commit every 5000 rows (as the import does)."""
    db_path.unlink(missing_ok=True)
    started = time.perf_counter()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        conn.execute(f"CREATE TABLE rows ({', '.join(f'{c} TEXT' for c in header)})")
        insert = f"INSERT INTO rows VALUES ({', '.join('?' for _ in header)})"
        chunk: list[list[str]] = []
        for row in reader:
            chunk.append(row)
            if len(chunk) == 5000:
                conn.executemany(insert, chunk)
                conn.commit()
                chunk = []
        conn.executemany(insert, chunk)
        conn.commit()
    conn.close()
    return time.perf_counter() - started


def fresh_db(path: Path) -> Database:
    path.unlink(missing_ok=True)
    db = Database.from_url(f"sqlite:///{path}")
    upgrade(db.engine)
    with db.writer() as session:
        sync_builtin_reference(session)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--chunk-size", type=int, default=5000)
    parser.add_argument("--no-search-index", action="store_true")
    parser.add_argument("--keep", type=Path, help="Folder for the files (default: a temporary folder)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="cagw-bench-ingest-"))
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"generated-{args.size}.csv"
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; {args.size:,} GENERATED rows")
    if not csv_path.exists():
        print(f"CSV written in {make_csv(csv_path, args.size):.1f} s ({csv_path.stat().st_size / 1e6:.0f} MB)")
    db = fresh_db(folder / "import.sqlite3")
    options = ImportOptions(
        source="bench",
        kind="generated",
        chunk_size=args.chunk_size,
        rejects_dir=folder,
        hs_model_path=folder / "no-model",
        search_index=not args.no_search_index,
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cpu = time.process_time()
    report = import_file(db, csv_path, options)
    cpu = time.process_time() - cpu
    again = import_file(db, csv_path, options)
    db.dispose()
    base = baseline(csv_path, folder / "baseline.sqlite3")
    rate = report.counts.accepted / report.seconds
    base_rate = args.size / base
    print(
        f"import: {report.counts.accepted:,} accepted, {report.counts.rejected:,} rejected in {report.seconds:.1f} s "
        f"= {rate:,.0f} valid rows/s (search index {'off' if args.no_search_index else 'on'}); "
        f"CPU {cpu:.1f} s = {report.counts.accepted / cpu:,.0f} valid rows per CPU-second"
    )
    print(
        f"baseline sqlite3 executemany: {base:.2f} s = {base_rate:,.0f} rows/s; "
        f"import / baseline = {rate / base_rate:.3f}"
    )
    print(f"re-import (all unchanged: {again.counts.unchanged:,}): {again.counts.read / again.seconds:,.0f} rows/s")
    print(f"goal >= 20,000 valid rows/s: {'met' if rate >= 20_000 else 'NOT met'}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
