"""Degree-2 chain contraction: the contracted search returns plain Dijkstra's cost and a path of original edges."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cagateway.config import Settings
from cagateway.logistics import Router, Unreachable
from cagateway.logistics.graph import ContractedGraph, build_csr, contract
from cagateway.logistics.places import resolve_place
from cagateway.logistics.routing import CURATED_LAYER, _connect

weights = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)


@st.composite
def chained_graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int, float]]]:
    """Random two-way graphs, with long chains: a random graph whose edges are then subdivided."""
    n = draw(st.integers(min_value=2, max_value=8))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=14))
    edges: list[tuple[int, int, float]] = []
    for a, b in pairs:
        if a == b:
            continue
        hops = draw(st.integers(min_value=1, max_value=5))
        stops = [a, *range(n, n + hops - 1), b]
        n += hops - 1
        for u, v in itertools.pairwise(stops):
            edges += [(u, v, draw(weights)), (v, u, draw(weights))]  # one-way weights may differ
    return n, edges


@settings(max_examples=80, deadline=None)
@given(chained_graphs(), st.data())
def test_contracted_search_matches_networkx(
    graph: tuple[int, list[tuple[int, int, float]]], data: st.DataObject
) -> None:
    n, edges = graph
    src, dst, weight = _arrays(edges)
    full = build_csr(src, dst, weight, n)
    protect = np.zeros(n, dtype=bool)
    protect[data.draw(st.lists(st.integers(0, n - 1), max_size=2))] = True
    small = contract(full, protect)
    oracle = _oracle(n, edges)
    kept = np.flatnonzero(small.kept[:n]).tolist()
    if not kept:  # every node on one ring: nothing to enter the core by, searches stay on the full graph
        assert not small.covers(list(range(n)))
        return
    a, b = data.draw(st.sampled_from(kept)), data.draw(st.sampled_from(kept))
    dist, pred = small.shortest_from([(a, 0.0)])
    if not nx.has_path(oracle, a, b):
        assert not np.isfinite(dist[b])
        return
    expected = nx.dijkstra_path_length(oracle, a, b)
    assert math.isclose(dist[b], expected, rel_tol=1e-9, abs_tol=1e-6)
    path = small.path_edges(pred, b)
    assert [int(src[e]) for e in path[1:]] == [int(dst[e]) for e in path[:-1]]  # consecutive original edges
    if path:
        assert (int(src[path[0]]), int(dst[path[-1]])) == (a, b)
    assert math.isclose(sum(float(weight[e]) for e in path), expected, rel_tol=1e-9, abs_tol=1e-6)


@settings(max_examples=80, deadline=None)
@given(chained_graphs(), st.data())
def test_distance_between_any_nodes_matches_networkx(
    graph: tuple[int, list[tuple[int, int, float]]], data: st.DataObject
) -> None:
    """Folded endpoints too (they enter the core at both chain ends), with and without a search bound."""
    n, edges = graph
    small = contract(build_csr(*_arrays(edges), n), np.zeros(n, dtype=bool))
    oracle = _oracle(n, edges)
    a, b = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    bound = data.draw(st.sampled_from([np.inf, 0.0, 50.0]))
    got = small.distance(a, b, bound)
    if not nx.has_path(oracle, a, b):
        assert got == np.inf
    else:
        assert math.isclose(got, nx.dijkstra_path_length(oracle, a, b), rel_tol=1e-9, abs_tol=1e-6)


@settings(max_examples=80, deadline=None)
@given(chained_graphs(), st.data())
def test_route_search_between_any_nodes_returns_an_optimal_path_of_original_edges(
    graph: tuple[int, list[tuple[int, int, float]]], data: st.DataObject
) -> None:
    """The router's search (:func:`_connect`) on the folded graph, endpoints folded or not."""
    n, edges = graph
    src, dst, weight = _arrays(edges)
    small = contract(build_csr(src, dst, weight, n), np.zeros(n, dtype=bool))
    oracle = _oracle(n, edges)
    a, b = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    if not small.covers([a, b]):
        return  # a ring of folded nodes: the router searches the full graph instead
    found = _connect(small, [(a, 0.0)], [(b, 0.0)], (data.draw(st.sampled_from([0.0, np.inf])), np.inf))
    if not nx.has_path(oracle, a, b):
        assert found is None
        return
    assert found is not None
    path = found[1]
    assert [int(src[e]) for e in path[1:]] == [int(dst[e]) for e in path[:-1]]
    assert (int(src[path[0]]), int(dst[path[-1]])) == (a, b) if path else a == b
    expected = nx.dijkstra_path_length(oracle, a, b)
    assert math.isclose(sum(float(weight[e]) for e in path), expected, rel_tol=1e-9, abs_tol=1e-6)


def _arrays(edges: list[tuple[int, int, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    src = np.array([e[0] for e in edges], np.int64)
    dst = np.array([e[1] for e in edges], np.int64)
    return src, dst, np.array([e[2] for e in edges], np.float64)


def _oracle(n: int, edges: list[tuple[int, int, float]]) -> nx.DiGraph:
    oracle = nx.DiGraph()
    oracle.add_nodes_from(range(n))
    for a, b, w in edges:
        if not oracle.has_edge(a, b) or oracle[a][b]["weight"] > w:
            oracle.add_edge(a, b, weight=w)
    return oracle


@pytest.mark.slow
def test_real_network_same_cost_and_routes() -> None:
    """Random curated pairs on the real network: the folded search finds plain Dijkstra's cost and the same route."""
    from cagateway.logistics import get_router  # noqa: PLC0415 - loads the cached OSM network

    net = get_router(Settings()).net
    plain, fast = Router(net, contract_after=None), Router(net, contract_after=1)
    graph = plain.graph("time")
    small = contract(graph, net.layer == CURATED_LAYER)
    assert small.kept.sum() < 0.8 * graph.node_count  # a real share of the nodes is folded
    rng = np.random.default_rng(11)
    names = sorted(net.curated_index)
    for a, b in rng.choice(names, size=(6, 2)).tolist():
        ia, ib = net.curated_index[a], net.curated_index[b]
        dist, _ = graph.shortest_from([(ia, 0.0)])
        got, _ = small.shortest_from([(ia, 0.0)])
        assert math.isclose(got[ib], dist[ib], rel_tol=1e-9) or not (np.isfinite(got[ib]) or np.isfinite(dist[ib]))
    points = [f"{lat:.3f},{lon:.3f}" for lat, lon in zip(rng.uniform(38, 52, 4), rng.uniform(50, 85, 4), strict=True)]
    for a, b in [*rng.choice(names, size=(6, 2)).tolist(), *zip(points, [*points[1:], names[0]], strict=True)]:
        # lat,lon places snap to OSM nodes, most of them folded: they enter the core at their chain's ends
        origin, destination = resolve_place(net, a, "from", None), resolve_place(net, b, "to", None)
        ia, ib = fast.access(origin, "first_mile")[0][0], fast.access(destination, "last_mile")[0][0]
        for optimize in ("time", "cost"):
            try:
                expected = plain.route(origin, destination, optimize).as_dict()
            except Unreachable:
                with pytest.raises(Unreachable):
                    fast.route(origin, destination, optimize)
                continue
            assert isinstance(fast.searchable(fast.graph(optimize), [ia, ib]), ContractedGraph)
            assert fast.route(origin, destination, optimize).as_dict() == expected


def test_a_bounded_search_is_kept_only_when_its_best_end_is_within_the_bound() -> None:
    """An end reached inside the bound but with a dear last mile must not hide a cheaper end past the bound."""
    graph = build_csr(np.array([0, 0]), np.array([1, 2]), np.array([1.0, 5.0]), 3)
    # end 1: 1 + 100 = 101; end 2: 5 + 0 = 5, but node 2 lies past the first bound (2)
    assert _connect(graph, [(0, 0.0)], [(1, 100.0), (2, 0.0)], (2.0, np.inf)) == (0, [1], 1)
    assert _connect(graph, [(0, 0.0)], [(1, 0.0), (2, 0.0)], (2.0, np.inf)) == (0, [0], 0)
