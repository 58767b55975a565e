"""Search benchmark: recall@10, MRR@10 and p50/p95/p99 latency on the judged evaluation set (bench/search_eval.py),
for our search and, in the same run, a baseline (plain FTS5 over the original names, no transliteration) and
tantivy (tantivy-py over the same fields and tokens as ours) as a speed reference.

Usage:
  .venv/bin/python bench/search.py --db /tmp/cagw-search-1m.sqlite3            # SQLite file, migrated and indexed
  .venv/bin/python bench/search.py --pg postgresql+psycopg://postgres@127.0.0.1/cagw_search_bench --build 100000

``--build N`` loads N demo producers (seed 7) into an empty database first and indexes them. The baseline and
tantivy indexes are built in /tmp beside the database (SQLite runs only). Latency is per query, end to end through
``search_producers`` (query understanding, typo look-up, candidates, re-ranking; no facets unless ``--facets``),
on a warm cache (each query run once untimed first).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tantivy
from sqlalchemy import text
from sqlalchemy.orm import Session

from cagateway.db import Database, upgrade
from cagateway.demo.loader import load_demo
from cagateway.reference.builtin import sync_builtin_reference
from cagateway.search import SearchFilters, parse_query, rebuild_index, search_producers
from cagateway.search.query import expand_typos
from cagateway.search.services import backend_for
from search_eval import build_eval_set, is_relevant, save

NAME_KINDS = {"name", "name-cross-script", "name-typo"}


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def latency(samples: list[float]) -> str:
    return f"p50 {pct(samples, 0.5):.1f} ms, p95 {pct(samples, 0.95):.1f} ms, p99 {pct(samples, 0.99):.1f} ms"


def _hits_of(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    rows = session.execute(
        text("SELECT entity_id, hit FROM search_documents WHERE entity_id IN (" + ",".join(map(str, ids)) + ")")
    ).all()
    by_id = {r[0]: (json.loads(r[1]) if isinstance(r[1], str) else r[1]) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def judge(query: dict[str, Any], hits: list[dict[str, Any]]) -> float:
    """Reciprocal rank of the first relevant hit in the top 10 (0 when none)."""
    for rank, hit in enumerate(hits[:10], 1):
        if is_relevant(query, hit):
            return 1.0 / rank
    return 0.0


def ours(session: Session, query: dict[str, Any], facets: bool) -> list[dict[str, Any]]:
    filters = SearchFilters(country=query.get("country"))
    result = search_producers(session, query["q"], filters, limit=10, facets=facets)
    return [h.hit for h in result.hits]


# --- baseline: plain FTS5 over original names ------------------------------------------------------------------


def build_baseline(source: Path, target: Path) -> float:
    start = time.perf_counter()
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    conn.execute("CREATE VIRTUAL TABLE names_fts USING fts5(names, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("ATTACH DATABASE ? AS src", (f"file:{source}?mode=ro",))
    conn.execute(
        "INSERT INTO names_fts(rowid, names) SELECT entity_id, group_concat(value, ' ') FROM src.entity_names "
        "GROUP BY entity_id"
    )
    conn.commit()
    conn.close()
    return time.perf_counter() - start


def baseline_search(conn: sqlite3.Connection, q: str) -> list[int]:
    words = ["".join(ch for ch in w if ch.isalnum()) for w in q.split()]
    match = " AND ".join(f'"{w}"' for w in words if w)
    if not match:
        return []
    return [
        r[0]
        for r in conn.execute("SELECT rowid FROM names_fts WHERE names_fts MATCH ? ORDER BY rank LIMIT 10", (match,))
    ]


# --- tantivy over the same fields and tokens ----------------------------------------------------------------------


def build_tantivy(session: Session, path: Path) -> tuple[Any, float]:
    start = time.perf_counter()
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    for field in ("names", "body", "idents", "tags"):
        builder.add_text_field(field, stored=False, tokenizer_name="default")
    builder.add_integer_field("entity_id", stored=True, indexed=True)
    schema = builder.build()
    index = tantivy.Index(schema, path=str(path))
    writer = index.writer(heap_size=400_000_000, num_threads=1)
    last = 0
    while True:
        rows = session.execute(
            text(
                "SELECT entity_id, names, body, idents, tags FROM search_documents WHERE entity_id > :last "
                "ORDER BY entity_id LIMIT 20000"
            ),
            {"last": last},
        ).all()
        if not rows:
            break
        for r in rows:
            writer.add_document(tantivy.Document(entity_id=r[0], names=r[1], body=r[2], idents=r[3], tags=r[4]))
        last = rows[-1][0]
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, time.perf_counter() - start


def tantivy_plan(session: Session, query: dict[str, Any]) -> Any:
    """Our query understanding (tokens, typo corrections), done before the timed tantivy search."""
    parsed = parse_query(query["q"])
    conn = session.connection()
    return expand_typos(conn, backend_for(conn), parsed)


def tantivy_search(index: Any, parsed: Any, country: str | None) -> list[int]:
    schema = index.schema
    occur = tantivy.Occur
    must = []
    for group in parsed.plan().text_groups:
        terms = [tantivy.Query.term_query(schema, f, t) for t in group for f in ("names", "body", "idents")]
        must.append((occur.Must, tantivy.Query.boolean_query([(occur.Should, q) for q in terms])))
    for code in parsed.hs_codes:
        must.append((occur.Must, tantivy.Query.term_query(schema, "tags", f"hs{code}")))
    if parsed.identifier:
        must.append((occur.Must, tantivy.Query.term_query(schema, "idents", parsed.identifier)))
    if country:
        must.append((occur.Must, tantivy.Query.term_query(schema, "tags", "cc" + country.lower())))
    if not must:
        return []
    searcher = index.searcher()
    found = searcher.search(tantivy.Query.boolean_query(must), 10).hits
    return [searcher.doc(address)["entity_id"][0] for _score, address in found]


# --- running -------------------------------------------------------------------------------------------------------


def run(queries: list[dict[str, Any]], system: Callable[[dict[str, Any]], list[dict[str, Any]]]) -> Iterator[Any]:
    for query in queries:
        system(query)  # warm
        start = time.perf_counter()
        hits = system(query)
        yield query, time.perf_counter() - start, hits


def report(name: str, results: list[tuple[dict[str, Any], float, list[dict[str, Any]]]]) -> dict[str, Any]:
    by_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for query, seconds, hits in results:
        by_kind[query["kind"]].append((judge(query, hits), seconds))
    everything = [pair for pairs in by_kind.values() for pair in pairs]
    names = [p for k, pairs in by_kind.items() if k in NAME_KINDS for p in pairs]
    filtered = by_kind.get("product-filtered", [])
    summary = {
        "recall@10": sum(rr > 0 for rr, _ in everything) / len(everything),
        "mrr@10": statistics.fmean(rr for rr, _ in everything),
        "all": latency([s for _, s in everything]),
        "name queries": latency([s for _, s in names]),
        "filtered product queries": latency([s for _, s in filtered]) if filtered else "-",
        "p95_name_ms": pct([s for _, s in names], 0.95),
        "p95_filtered_ms": pct([s for _, s in filtered], 0.95) if filtered else None,
        "per_kind": {
            k: (round(sum(rr > 0 for rr, _ in v) / len(v), 3), round(statistics.fmean(rr for rr, _ in v), 3), len(v))
            for k, v in sorted(by_kind.items())
        },
    }
    print(f"\n== {name}: recall@10 {summary['recall@10']:.3f}, MRR@10 {summary['mrr@10']:.3f}")
    print(f"   latency all: {summary['all']}")
    print(
        f"   name queries: {summary['name queries']}; filtered product queries: {summary['filtered product queries']}"
    )
    for kind, (recall, mrr, n) in summary["per_kind"].items():
        print(f"   {kind:20s} n={n:3d} recall@10 {recall:.3f} MRR {mrr:.3f}")
    return summary


def build(db: Database, size: int) -> None:
    upgrade(db.engine)
    with db.writer() as session:
        sync_builtin_reference(session)
    start = time.perf_counter()
    load_demo(db, size=size, seed=7)
    print(f"demo load {size}: {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    rebuild_index(db, batch_size=5000)
    print(f"index build {size}: {time.perf_counter() - start:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="SQLite file (migrated and indexed)")
    parser.add_argument("--pg", help="PostgreSQL URL instead of --db")
    parser.add_argument("--build", type=int, help="load this many demo producers and index them first")
    parser.add_argument("--facets", action="store_true", help="count facets in every query (as the API does)")
    parser.add_argument("--no-tantivy", action="store_true")
    args = parser.parse_args()
    url = args.pg or f"sqlite:///{args.db}"
    db = Database.from_url(url)
    if args.build:
        build(db, args.build)
    print(f"machine: vm {platform.machine()} python {platform.python_version()} sqlite {sqlite3.sqlite_version}")
    with db.session() as session:
        count = session.execute(text("SELECT count(*) FROM search_documents")).scalar_one()
        queries = build_eval_set(session)
        save(queries, Path("/tmp/cagw-search-eval.jsonl"))
        print(
            f"{db.engine.dialect.name}: {count} indexed producers; {len(queries)} judged queries "
            "(/tmp/cagw-search-eval.jsonl)"
        )
        mine = report("ours", list(run(queries, lambda q: ours(session, q, args.facets))))
        if args.pg:
            return
        base_path = args.db.with_suffix(".baseline.sqlite3")
        print(f"baseline FTS5 index built in {build_baseline(args.db, base_path):.0f} s")
        conn = sqlite3.connect(base_path)
        base = report(
            "baseline: plain FTS5 over original names",
            list(run(queries, lambda q: _hits_of(session, baseline_search(conn, q["q"])))),
        )
        print(
            f"\nours vs baseline: recall@10 {mine['recall@10']:.3f} vs {base['recall@10']:.3f}; "
            f"p95 name {mine['p95_name_ms']:.1f} vs {base['p95_name_ms']:.1f} ms"
        )
        if args.no_tantivy:
            return
        index, seconds = build_tantivy(session, args.db.with_suffix(".tantivy"))
        print(f"tantivy index built in {seconds:.0f} s")
        plans = {id(q): tantivy_plan(session, q) for q in queries}
        tv = report(
            "tantivy (same tokens; our query understanding done before timing)",
            list(run(queries, lambda q: _hits_of(session, tantivy_search(index, plans[id(q)], q.get("country"))))),
        )
        print(
            f"\nours vs tantivy p95 name queries: {mine['p95_name_ms']:.1f} vs {tv['p95_name_ms']:.1f} ms "
            f"(ratio {mine['p95_name_ms'] / max(tv['p95_name_ms'], 1e-6):.1f}x)"
        )


if __name__ == "__main__":
    main()
