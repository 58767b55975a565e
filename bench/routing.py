"""Routing speed and distance agreement: our CSR Dijkstra vs scgraph on the same OSM railway graph, same run.

Prints p50/p95 of (1) pure rail distance queries, ours vs scgraph's ``get_shortest_path`` on the identical
clipped railway graph (same endpoints, which are graph nodes, so no snapping differs), with the distance
agreement; (2) multimodal time-optimal routes with transfers, gauge changes and borders on the full network;
(3) a 500×500 origin–destination matrix on the full network, and scgraph's ``distance_matrix`` on the rail graph;
(4) "delivered to <city>" for 20 origins, one reversed search against a route each; (5) the modelled days against
published transit times.

Usage: .venv/bin/python bench/routing.py [--pairs 200] [--matrix 500]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from scgraph import GeoGraph
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from cagateway.config import Settings
from cagateway.logistics import Router, get_router, plan_route, plan_routes_to
from cagateway.logistics.geo import haversine_km
from cagateway.logistics.graph import build_csr, contract
from cagateway.logistics.osm import load_osm_graph
from cagateway.logistics.places import resolve_place

PUBLISHED = [  # (from, to, value, unit, source, note) — FACTS.md §4
    # kaztag.info; the same "regular delivery schedule" is in en.trend.az 3906462 (TITR working group, May 2024)
    ("Altynkol", "Baku", 9.0, "days", "kaztag.info; en.trend.az 3906462", "goal ±25%"),
    ("Altynkol", "Poti", 12.0, "days", "kaztag.info; en.trend.az 3906462", "goal ±25%"),
    ("Xi'an", "Baku", 11.0, "days", "caspiannews.com 2024-10-10", "goal ±25%"),
    (
        "Altynkol",
        "Aktau",
        3.0,
        "days",
        "trt.global 13116727 (72 h, 2019)",
        "not independent: rail speed derived from it",
    ),
    ("Baku", "Poti", 34 / 24, "days", "agenda.ge 2014/1741 (block train 34 h)", ""),
    (
        "Altynkol",
        "Poti",
        10.0,
        "days",
        "ADY via today.az 244405 (Jan 2024: CN–KZ border → Georgian ports, transit)",
        "a second published time for the same trip",
    ),
    ("Altynkol", "Baku", 8.0, "days", "ADY via today.az 244405 (Jan 2024: CN–KZ border → Azerbaijan, import)", ""),
    (
        "Altynkol",
        "CONSTANTA",
        21.0,
        "days",
        "kaztag.info (20–22 days via Poti/Batumi)",
        "midpoint; the model's own choice, not via Poti (see the next line)",
    ),
    ("Alashankou", "Tbilisi", 8.0, "days", "report.az (2015 TITR test train, 44 wagons)", "an early test train"),
    ("Xi'an", "Poti", 13.5, "days", "en.trend.az 3861215 (KTZ Express 2024: 12–15 days)", "midpoint of the range"),
    ("Zhetygen", "Altynkol", 293.0, "km", "oceansky-logistics.com", "OSM distance check"),
    ("Alat", "Kars", 846.0, "km", "transportjournal.com (BTK 846 km)", "OSM distance check"),
]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000, out


def rail_comparison(settings: Settings, pairs: int, matrix: int, rng: np.random.Generator) -> None:
    rail = load_osm_graph("world_railways", settings.logistics_cache_dir)
    n = rail.node_count
    u = np.concatenate([rail.u, rail.v])
    v = np.concatenate([rail.v, rail.u])
    km = np.concatenate([rail.km, rail.km])
    ours = build_csr(u, v, km, n)
    ms_fold, fast = timed(lambda: contract(ours, np.zeros(n, dtype=bool)))
    adjacency: list[dict[int, float]] = [{} for _ in range(n)]
    for a, b, w in zip(rail.u.tolist(), rail.v.tolist(), rail.km.tolist(), strict=True):
        if w < adjacency[a].get(b, float("inf")):
            adjacency[a][b] = adjacency[b][a] = w
    theirs = GeoGraph(graph=adjacency, nodes=np.column_stack([rail.lat, rail.lon]).tolist())
    labels = connected_components(coo_matrix((km, (u, v)), shape=(n, n)), directed=False)[1]
    main = np.flatnonzero(labels == np.bincount(labels).argmax())
    ends = rng.choice(main, size=(pairs, 2))
    t_ours, t_fast, t_full, t_theirs, worst = [], [], [], [], 0.0
    for a, b in ends.tolist():
        crow = haversine_km(rail.lat[a], rail.lon[a], rail.lat[b], rail.lon[b])
        ms, got = timed(lambda a=a, b=b, crow=crow: ours.distance(a, b, bound=1.5 * crow + 100))
        t_ours.append(ms)
        ms, folded = timed(lambda a=a, b=b, crow=crow: fast.distance(a, b, bound=1.5 * crow + 100))
        t_fast.append(ms)
        ms, (dist, _) = timed(lambda a=a: ours.shortest_from([(a, 0.0)]))
        t_full.append(ms)
        assert abs(got - float(dist[b])) < 1e-6
        assert abs(folded - float(dist[b])) < 1e-6
        ms2, out = timed(lambda a=a, b=b: theirs.get_shortest_path(
            {"latitude": rail.lat[a], "longitude": rail.lon[a]}, {"latitude": rail.lat[b], "longitude": rail.lon[b]},
            length_only=True))  # fmt: skip
        t_theirs.append(ms2)
        length = float(out["length"])
        if length > 0:
            worst = max(worst, abs(float(dist[b]) - length) / length)
    print(f"rail graph: {n} nodes, {rail.u.size} edges; {pairs} random pairs in the main component")
    print(f"  ours   bounded Dijkstra (distance)     p50 {pct(t_ours, 50):7.2f} ms  p95 {pct(t_ours, 95):7.2f} ms")
    print(f"  ours   contracted, bounded (distance)  p50 {pct(t_fast, 50):7.2f} ms  p95 {pct(t_fast, 95):7.2f} ms"
          f"  ({int(fast.kept[:n].sum())} of {n} nodes kept; contraction {ms_fold:.0f} ms)")  # fmt: skip
    print(f"  ours   full single-source Dijkstra     p50 {pct(t_full, 50):7.2f} ms  p95 {pct(t_full, 95):7.2f} ms")
    print(f"  scgraph get_shortest_path             p50 {pct(t_theirs, 50):7.2f} ms  p95 {pct(t_theirs, 95):7.2f} ms")
    print(f"  ratio scgraph/ours p50: bounded {statistics.median(t_theirs) / statistics.median(t_ours):.2f}x, "
          f"contracted {statistics.median(t_theirs) / statistics.median(t_fast):.2f}x "
          f"(p95 {pct(t_theirs, 95) / pct(t_fast, 95):.2f}x); "
          f"largest distance difference {worst * 100:.4f}%")  # fmt: skip
    sample = main[rng.choice(main.size, size=min(matrix, main.size), replace=False)]
    ms_ours, _ = timed(lambda: ours.distances_from_nodes(sample))
    nodes = [{"latitude": float(rail.lat[i]), "longitude": float(rail.lon[i])} for i in sample]
    ms_theirs, _ = timed(lambda: theirs.distance_matrix(nodes))
    print(
        f"  {sample.size}x{sample.size} rail matrix: ours {ms_ours:.0f} ms, scgraph distance_matrix {ms_theirs:.0f} ms"
    )


def multimodal(settings: Settings, pairs: int, matrix: int, rng: np.random.Generator) -> None:
    ms, router = timed(lambda: get_router(settings))
    net = router.net
    print(f"\nfull network: {net.node_count} nodes, {net.edges.size} directed edges (built/loaded in {ms:.0f} ms)")
    plain = Router(net, contract_after=None)  # the same search without the folded graph: the "before"
    plain.graph("time")
    ms_fold = sum(timed(lambda: router.graph("time"))[0] for _ in range(router.contract_after or 0))
    places = list(net.curated.nodes)
    times, before, same = [], [], 0
    for _ in range(pairs):
        a, b = rng.choice(places, size=2, replace=False).tolist()
        try:
            ms, route = timed(lambda a=a, b=b: plan_route(settings, a, b, optimize="time"))
        except Exception:  # noqa: S112 - an unreachable pair is not a timing
            continue
        times.append(ms)
        ms, old = timed(lambda a=a, b=b: plain.route(resolve_place(net, a, "from"), resolve_place(net, b, "to")))
        before.append(ms)
        same += route.as_dict() == old.as_dict()
    print(f"  multimodal time-optimal routes ({len(times)} between curated places, legs built; graph folded once "
          f"in {ms_fold:.0f} ms)\n    contracted p50 {pct(times, 50):.2f} ms  p95 {pct(times, 95):.2f} ms;  "
          f"plain Dijkstra p50 {pct(before, 50):.2f} ms  p95 {pct(before, 95):.2f} ms;  "
          f"identical answers {same}/{len(times)}")  # fmt: skip
    nodes = rng.choice(net.layer_nodes[0], size=matrix, replace=False)
    graph = router.graph("time")
    ms, dist = timed(lambda: graph.distances_from_nodes(nodes)[:, nodes])
    print(
        f"  {matrix}x{matrix} OD matrix (hours) on the full network: {ms:.0f} ms "
        f"({ms / matrix:.2f} ms per origin; {np.isfinite(dist).mean() * 100:.1f}% of pairs connected)"
    )


def delivered(settings: Settings, rng: np.random.Generator, count: int = 20, rounds: int = 10) -> None:
    """A results page: ``count`` producer-like lat,lon points to one city, one reversed search vs a route each."""
    net = get_router(settings).net
    rail = net.layer_nodes[0]
    cities = ["Baku", "Tashkent", "Almaty", "Poti", "Astana"]
    cold, warm, single, same = [], [], [], 0
    for r in range(rounds):
        picks = rng.choice(rail, size=count, replace=False)
        origins = [f"{net.lat[i] + 0.05:.4f},{net.lon[i] - 0.05:.4f}" for i in picks]
        city = cities[r % len(cities)]
        ms, many = timed(lambda o=origins, c=city: plan_routes_to(settings, o, c, optimize="cost"))
        cold.append(ms)
        warm.append(timed(lambda o=origins, c=city: plan_routes_to(settings, o, c, optimize="cost"))[0])
        start = time.perf_counter()
        for origin, got in zip(origins, many, strict=True):
            try:
                one = plan_route(settings, origin, city, optimize="cost")
            except Exception:
                same += not hasattr(got, "usd_per_t")
                continue
            same += hasattr(got, "usd_per_t") and abs(one.usd_per_t - got.usd_per_t) <= 1e-9 * max(1, one.usd_per_t)
        single.append((time.perf_counter() - start) * 1000)
    print(f"\ndelivered figures, {count} lat,lon origins to one city, {rounds} pages (cost-optimal):")
    print(f"  one reversed search: new destination p50 {pct(cold, 50):.0f} ms (p95 {pct(cold, 95):.0f}); "
          f"same destination again p50 {pct(warm, 50):.0f} ms (p95 {pct(warm, 95):.0f})")  # fmt: skip
    print(f"  {count} separate routes (plan_route each): p50 {pct(single, 50):.0f} ms (p95 {pct(single, 95):.0f}); "
          f"ratio p50 {statistics.median(single) / statistics.median(cold):.1f}x (new destination), "
          f"{statistics.median(single) / statistics.median(warm):.1f}x (again); "
          f"same optimum {same}/{count * rounds}")  # fmt: skip


SILK_BRIDGE_WAIT_H = 84 / 2  # Poti–Baku block train Tuesdays and Saturdays (agenda.ge 2014/1741): mean wait


def via_poti(settings: Settings) -> None:
    """Altynkol → Constanța as published, via Poti: the rail/ferry route to Poti, then the Poti–Constanța ferry."""
    land = plan_route(settings, "Altynkol", "Poti", optimize="time", modes=["rail", "ferry"], avoid=["RU"])
    sea = plan_route(settings, "Poti", "CONSTANTA", optimize="time", modes=["ferry"])
    days = land.days + sea.days
    print(f"  Altynkol → Poti → Constanța (ferry): modelled {days:.2f} days ({land.days:.2f} + {sea.days:.2f}), "
          f"published 21.00 days (kaztag.info, 20–22), {(days - 21) / 21 * 100:+.0f}%")  # fmt: skip


def validity(settings: Settings) -> None:
    print("\nvalidity (rail + ferry, avoiding RU as the Trans-Caspian services do):")
    for a, b, value, unit, source, note in PUBLISHED:
        route = plan_route(settings, a, b, optimize="time", modes=["rail", "ferry"], avoid=["RU"])
        got = route.days if unit == "days" else route.km
        err = (got - value) / value * 100
        print(f"  {a} → {b}: modelled {got:.2f} {unit}, published {value:.2f} {unit} ({source}), {err:+.0f}%  "
              f"[{route.km:.0f} km, {route.days:.2f} d] {note}")  # fmt: skip
        if unit == "days" and b in {"Poti", "CONSTANTA", "Tbilisi"} and any(leg.kind == "ferry" for leg in route.legs):
            wait = got + SILK_BRIDGE_WAIT_H / 24
            print(f"    sensitivity, not in the model: + a wait of {SILK_BRIDGE_WAIT_H:.0f} h at Alat for a "
                  f"twice-weekly Georgia train (2014 schedule) → {wait:.2f} d, "
                  f"{(wait - value) / value * 100:+.0f}%")  # fmt: skip
    via_poti(settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--matrix", type=int, default=500)
    parser.add_argument("--only", choices=["rail", "multimodal", "delivered", "validity"], help="run one part")
    args = parser.parse_args()
    settings = Settings()
    rng = np.random.default_rng(7)
    parts: dict[str, Callable[[], None]] = {
        "rail": lambda: rail_comparison(settings, args.pairs, args.matrix, rng),
        "multimodal": lambda: multimodal(settings, args.pairs, args.matrix, rng),
        "delivered": lambda: delivered(settings, rng),
        "validity": lambda: validity(settings),
    }
    for name, run in parts.items():
        if args.only in {None, name}:
            run()


if __name__ == "__main__":
    main()
