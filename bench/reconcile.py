"""Reconciliation benchmark: does /api/v1/reconcile put the right producer first for names written differently?

A list of ``--names`` (default 1,000) producers is drawn from demo data (a seeded sample of the live producers that
a list can single out: the demo generator gives many producers the same name in the same city, e.g. several
``ТОО «Нұр»`` in Almaty, and no matcher can tell those apart from a name, country and city) and
each name is altered the ways analysts' own lists differ from a register: written in the other script
(Cyrillic ↔ Latin), legal form moved to the other end or translated to its English class (``ТОО`` → ``LLP``),
quotes dropped. At least one alteration is applied to every name. Each query carries the producer's country and
city as properties, as a typical company list does.

Measured in the same run, on the same list and database (and again on an unrestricted sample, for honesty):
- reconcile: the share of queries whose first candidate is the producer the name was drawn from (POSTed in
  batches of 50 through the real app, the way OpenRefine sends them);
- baseline "exact normalised name": the first producer (lowest id) whose name, folded for search (case, accents,
  quotes and apostrophes), equals the altered name folded the same way, in the same country and city.

Usage: .venv/bin/python bench/reconcile.py [--db sqlite:///demo.sqlite3 | --size 5000] [--names 1000] [--seed 11]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from cagateway.config import Settings
from cagateway.db import Database, upgrade
from cagateway.demo.loader import load_demo
from cagateway.reference.builtin import sync_builtin_reference
from cagateway.search import rebuild_index
from cagateway.text import detect_script, fold_for_search, name_key, transliterate
from cagateway.text.legal_forms import detect_legal_form, strip_legal_form
from cagateway.web import create_app

BATCH = 50
_ENGLISH = {"LLP", "LLC", "JSC", "IE"}  # classes written the same way in English lists
_QUOTES = re.compile("[«»\"“”„‘’']")


def _demo_db(size: int) -> Database:
    path = Path(tempfile.mkdtemp(prefix="reconcile-bench-")) / "demo.sqlite3"
    db = Database.from_url(f"sqlite:///{path}")
    upgrade(db.engine)
    with db.writer() as session:
        sync_builtin_reference(session)
    load_demo(db, size, seed=7)
    rebuild_index(db)
    return db


def _identity(row: dict[str, Any]) -> tuple[Any, ...]:
    """What a company list tells about a producer: name (any script, form placement), form class, country, city."""
    match = detect_legal_form(row["display_name"])
    form = match.form_class if match else None
    return name_key(row["display_name"], country=row["country_code"]), form, row["country_code"], row["city"]


def _rows(db: Database) -> list[dict[str, Any]]:
    sql = """
        SELECT e.id, e.public_id, e.display_name, e.country_code,
               (SELECT n.lang FROM entity_names n WHERE n.entity_id = e.id ORDER BY n.id LIMIT 1) AS lang,
               (SELECT s.city FROM sites s WHERE s.entity_id = e.id AND s.city IS NOT NULL
                ORDER BY s.id LIMIT 1) AS city
        FROM legal_entities e WHERE e.deleted_at IS NULL AND e.merged_into_id IS NULL ORDER BY e.id
    """
    with db.session() as session:
        return [dict(r._mapping) for r in session.execute(text(sql))]


def _samples(db: Database, n: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], float]:
    """A sample of producers a list can single out (no other producer shares name, form, country and city),
    a sample of all producers, and the share of producers that cannot be singled out."""
    rows = _rows(db)
    seen: dict[tuple[Any, ...], int] = defaultdict(int)
    for row in rows:
        seen[_identity(row)] += 1
    unique = [r for r in rows if seen[_identity(r)] == 1]
    rng = random.Random(seed)
    return rng.sample(unique, min(n, len(unique))), rng.sample(rows, min(n, len(rows))), 1 - len(unique) / len(rows)


def _other_script(name: str, lang: str | None, rng: random.Random) -> str:
    if detect_script(name) == "Cyrl":
        return transliterate(name, lang, "Latn", romanisation=rng.choice(["standard", "simple"]))
    if lang in {"kk", "ky", "uz", "ru", "tg"}:
        return transliterate(name, lang, "Cyrl")
    return name


def _legal_form(name: str, rng: random.Random) -> str:
    match = detect_legal_form(name)
    if match is None:
        return name
    bare = strip_legal_form(name)
    if match.form_class.value in _ENGLISH and rng.random() < 0.5:  # translate to the English abbreviation
        return f"{bare} {match.form_class.value}"
    return f"{bare} {match.local}" if match.position == "prefix" else f"{match.local} {bare}"


def alter(name: str, lang: str | None, rng: random.Random) -> tuple[str, list[str]]:
    """The name as someone else's list might write it, and which alterations were applied."""
    steps = []
    out = name
    if rng.random() < 0.6:
        out, steps = _other_script(out, lang, rng), [*steps, "script"]
    if rng.random() < 0.8:
        out, steps = _legal_form(out, rng), [*steps, "legal_form"]
    if rng.random() < 0.7 or out == name:
        out, steps = _QUOTES.sub("", out).strip(), [*steps, "quotes"]
    return re.sub(r"\s+", " ", out), steps


def _queries(sample: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for row in sample:
        altered, steps = alter(row["display_name"], row["lang"], rng)
        props = [{"pid": "country", "v": row["country_code"]}]
        if row["city"]:
            props.append({"pid": "city", "v": row["city"]})
        out.append({"target": row["public_id"], "query": altered, "steps": steps, "properties": props, "row": row})
    return out


def _reconcile(db: Database, queries: list[dict[str, Any]]) -> tuple[list[str | None], float]:
    app = create_app(Settings(database_url=db.engine.url.render_as_string(hide_password=False)), database=db)
    firsts: list[str | None] = []
    started = time.perf_counter()
    with TestClient(app) as client:
        for i in range(0, len(queries), BATCH):
            chunk = queries[i : i + BATCH]
            payload = {f"q{j}": {"query": q["query"], "properties": q["properties"]} for j, q in enumerate(chunk)}
            answer = client.post("/api/v1/reconcile", data={"queries": json.dumps(payload)}).json()
            firsts += [(answer[f"q{j}"]["result"] or [{"id": None}])[0]["id"] for j in range(len(chunk))]
    return firsts, time.perf_counter() - started


def _baseline(db: Database, queries: list[dict[str, Any]]) -> list[str | None]:
    index: dict[tuple[str, str, str], str] = {}
    sql = """
        SELECT e.public_id, e.country_code, n.value,
               (SELECT s.city FROM sites s WHERE s.entity_id = e.id AND s.city IS NOT NULL ORDER BY s.id LIMIT 1)
        FROM entity_names n JOIN legal_entities e ON e.id = n.entity_id
        WHERE e.deleted_at IS NULL AND e.merged_into_id IS NULL ORDER BY e.id
    """
    with db.session() as session:
        for public_id, country, name, city in session.execute(text(sql)):
            index.setdefault((fold_for_search(name), country, fold_for_search(city or "")), public_id)
    return [
        index.get((fold_for_search(q["query"]), q["row"]["country_code"], fold_for_search(q["row"]["city"] or "")))
        for q in queries
    ]


def _share(firsts: list[str | None], queries: list[dict[str, Any]]) -> float:
    return sum(f == q["target"] for f, q in zip(firsts, queries, strict=True)) / len(queries)


def _by_step(firsts: list[str | None], queries: list[dict[str, Any]]) -> dict[str, float]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for first, q in zip(firsts, queries, strict=True):
        for step in q["steps"]:
            groups[step].append(first == q["target"])
    return {step: round(sum(v) / len(v), 4) for step, v in sorted(groups.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="Database URL with demo data and a search index (default: build one)")
    parser.add_argument("--size", type=int, default=5000, help="Demo producers to build when --db is not given")
    parser.add_argument("--names", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--misses", type=int, default=10, help="Print this many misses")
    args = parser.parse_args()
    db = Database.from_url(args.db) if args.db else _demo_db(args.size)
    distinct, anyone, ambiguous = _samples(db, args.names, args.seed)
    report: dict[str, Any] = {"names": len(distinct), "ambiguous_share_of_registry": round(ambiguous, 4)}
    for label, sample in (("", distinct), ("unrestricted_", anyone)):
        queries = _queries(sample, args.seed)
        firsts, seconds = _reconcile(db, queries)
        share, base_share = _share(firsts, queries), _share(_baseline(db, queries), queries)
        report |= {
            f"{label}reconcile_first_share": round(share, 4),
            f"{label}baseline_exact_normalised_first_share": round(base_share, 4),
            f"{label}ratio_vs_baseline": round(share / base_share, 2) if base_share else None,
        }
        if not label:
            report |= {
                "reconcile_by_alteration": _by_step(firsts, queries),
                "queries_per_second": round(len(queries) / seconds, 1),
            }
            misses = [(f, q) for f, q in zip(firsts, queries, strict=True) if f != q["target"]]
            for first, q in misses[: args.misses]:
                print(f"miss: {q['query']!r} (from {q['row']['display_name']!r}) -> {first}", file=sys.stderr)
    report |= {"goal_first_share": 0.95, "database": db.engine.url.render_as_string(hide_password=True)}
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
