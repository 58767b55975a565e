"""Portal and browse API response times on a large registry (the issue's load test runs against 1M producers).

Every portal page and browse endpoint is requested through the real app (``TestClient``): once cold (first
request after start: caches empty), then ``--repeat`` times warm; the warm median is what a visitor sees.
Baseline measured in the same run: the same counts computed by :mod:`cagateway.registry.browse` straight from the
producer tables (what every request did before the counts were cached), so the ratio shows what the cache saves.

With ``--write`` it then adds one producer through the API and times what a visitor sees next: the first page
after the write (the counts are being re-read in the background) and how long until the counts include it.
The database is only read without ``--write``; never point ``--write`` at a database you want to keep as is. Usage:
  .venv/bin/python bench/portal.py --db sqlite:////tmp/copy-of-1m.sqlite3 [--repeat 3] [--write]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from cagateway.config import Settings
from cagateway.db import Database
from cagateway.registry import browse
from cagateway.web import create_app

PAGES = [
    "/",
    "/search?q=cement",
    "/search?q=цемент&country=KZ",
    "/search?country=KZ&hs=2523",
    "/producers/{pid}",
    "/hs",
    "/hs/25",
    "/hs/2523",
    "/countries",
    "/countries/KZ",
    "/regions/KZ-79",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/api/v1/hs-tree",
    "/api/v1/hs-tree/25",
    "/api/v1/countries",
    "/api/v1/countries/KZ",
]


def _ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _baseline(session: Session) -> dict[str, tuple[str, Callable[[], object]]]:
    """The uncached counts behind the browse pages, straight from the producer tables, by the page they serve."""
    return {
        "/hs": ("hs sections", lambda: browse.hs_children(session)),
        "/hs/25": ("hs chapter 25", lambda: browse.hs_children(session, "25")),
        "/countries": ("countries", lambda: browse.country_counts(session)),
        "/countries/KZ": ("regions of KZ", lambda: browse.region_counts(session, "KZ")),
    }


_PRODUCER = {
    "country": "KZ",
    "names": [{"value": "ТОО «Бенчмарк Цемент»", "lang": "ru", "script": "Cyrl", "kind": "legal"}],
    "sites": [{"kind": "plant", "region": "KZ-79", "city": "Shymkent"}],
    "product_lines": [{"hs_code": "252329", "site_index": 0}],
    "provenance": {"source": "bench", "kind": "official"},
}


def _after_write(client: TestClient) -> None:
    """One write, then the next page's time and the time until the counts include the new producer."""

    def kz() -> int:
        return int(client.get("/api/v1/countries/KZ").json()["country"]["producers"])

    before = kz()
    response = client.post("/api/v1/producers", json=_PRODUCER)
    assert response.status_code == 201, response.text
    start = time.perf_counter()
    first = _ms(lambda: client.get("/countries"))
    while kz() == before:
        time.sleep(0.1)
    print(f"\nafter one write: next /countries {first:.0f} ms (previous counts); counts include the write after")
    print(f"{(time.perf_counter() - start) * 1000:.0f} ms (background re-read)")


def main() -> None:
    """Time the pages, then the uncached baseline, and print both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="also time the pages after one write (writes!)")
    args = parser.parse_args()
    db = Database.from_url(args.db)
    with db.engine.connect() as conn:
        pid = conn.execute(text("SELECT public_id FROM legal_entities WHERE deleted_at IS NULL LIMIT 1")).scalar()
    app = create_app(Settings(database_url=args.db), database=db)
    print(f"{'page':40} {'status':>6} {'cold ms':>9} {'warm ms':>9}")
    warm_of: dict[str, float] = {}
    with TestClient(app) as client:
        for page in PAGES:
            url = page.format(pid=pid)
            start = time.perf_counter()
            status = client.get(url).status_code
            cold = (time.perf_counter() - start) * 1000
            warm = statistics.median(_ms(lambda: client.get(url)) for _ in range(args.repeat))  # noqa: B023
            warm_of[url] = warm
            print(f"{url:40} {status:>6} {cold:>9.0f} {warm:>9.0f}")
        if args.write:
            _after_write(client)
    print("\nbaseline: the same counts uncached, straight from the producer tables (what each request did)")
    print(f"{'counts':40} {'ms':>9} {'page warm':>9} {'ratio':>7}")
    with db.session() as session:
        for page, (name, fn) in _baseline(session).items():
            took = _ms(fn)
            print(f"{name:40} {took:>9.0f} {warm_of[page]:>9.0f} {took / warm_of[page]:>6.0f}x")


if __name__ == "__main__":
    main()
