"""k alternatives and the Pareto set on small networks."""

from __future__ import annotations

import networkx as nx

from cagateway.logistics import Router
from cagateway.logistics.alternatives import alternative_routes, pareto_routes
from tests.unit.logistics.small import place, small_network

# (a, b, hours, usd, kg, mode): three ways from 0 to 3 — fast and dear, slow and cheap, a clean middle one
EDGES = [
    (0, 1, 1, 10, 5, 0), (1, 3, 1, 10, 5, 0),
    (0, 2, 5, 1, 5, 0), (2, 3, 5, 1, 5, 0),
    (0, 4, 3, 5, 1, 0), (4, 3, 3, 5, 1, 0),
]  # fmt: skip


def test_alternatives_are_distinct_and_the_first_is_optimal() -> None:
    net = small_network(5, EDGES)
    routes = alternative_routes(Router(net), place(net, 0), place(net, 3), "time", k=3)
    assert len({r.edges for r in routes}) == len(routes) == 3
    oracle = nx.DiGraph()
    oracle.add_weighted_edges_from((a, b, h) for a, b, h, *_ in EDGES)
    assert routes[0].hours == nx.dijkstra_path_length(oracle, 0, 3)
    assert [r.hours for r in routes] == sorted(r.hours for r in routes)


def test_pareto_set_holds_each_optimum_and_nothing_dominated() -> None:
    net = small_network(5, EDGES)
    front = pareto_routes(Router(net), place(net, 0), place(net, 3))
    totals = [(r.hours, r.usd_per_t, r.kg_co2e_per_t) for r in front]
    assert sorted(totals) == [(2, 20, 10), (6, 10, 2), (10, 2, 10)]
    for t in totals:
        assert not any(all(a <= b for a, b in zip(o, t, strict=True)) and o != t for o in totals)
