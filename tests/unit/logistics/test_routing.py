"""Routing: networkx as the oracle on random small graphs; totals are the sums of the legs."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cagateway.errors import InvalidInput
from cagateway.logistics import InvalidTonnage, Router, Unreachable
from cagateway.logistics.routing import OBJECTIVES
from tests.unit.logistics.small import place, small_network

weights = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int, float, float, float, int]]]:
    n = draw(st.integers(min_value=2, max_value=9))
    edge = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), weights, weights, weights, st.integers(0, 2))
    edges = [e for e in draw(st.lists(edge, max_size=30)) if e[0] != e[1]]
    return n, edges


def _oracle(n: int, edges: list[tuple[int, int, float, float, float, int]], column: int) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    for a, b, *rest in edges:
        w = rest[column]
        if not graph.has_edge(a, b) or graph[a][b]["weight"] > w:
            graph.add_edge(a, b, weight=w)
    return graph


@settings(max_examples=60, deadline=None)
@given(graphs(), st.sampled_from(sorted(OBJECTIVES)), st.data())
def test_optimum_matches_networkx(graph: tuple[int, list], optimize: str, data: st.DataObject) -> None:
    n, edges = graph
    a, b = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    net = small_network(n, edges)
    oracle = _oracle(n, edges, ["time", "cost", "co2"].index(optimize))
    try:
        expected = nx.dijkstra_path_length(oracle, a, b)
    except nx.NetworkXNoPath:
        with pytest.raises(Unreachable):
            Router(net).route(place(net, a), place(net, b), optimize)
        return
    route = Router(net).route(place(net, a), place(net, b), optimize)
    got = {"time": route.hours, "cost": route.usd_per_t, "co2": route.kg_co2e_per_t}[optimize]
    assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-6)


@settings(max_examples=60, deadline=None)
@given(graphs(), st.floats(min_value=0, max_value=1e5, allow_nan=False), st.data())
def test_totals_are_the_sums_of_the_legs(graph: tuple[int, list], tonnes: float, data: st.DataObject) -> None:
    n, edges = graph
    net = small_network(n, edges)
    a, b = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    try:
        route = Router(net).route(place(net, a), place(net, b), "cost", tonnes=tonnes)
    except Unreachable:
        return
    body = route.as_dict()
    assert math.isclose(route.hours, sum(leg.hours for leg in route.legs), abs_tol=1e-9)
    assert math.isclose(route.usd_per_t, sum(leg.usd_per_t for leg in route.legs), abs_tol=1e-9)
    assert math.isclose(route.kg_co2e_per_t, sum(leg.kg_co2e_per_t for leg in route.legs), abs_tol=1e-9)
    rounding = 0.01 * (len(route.legs) + 1)  # each leg's USD is rounded to cents in the JSON
    assert math.isclose(body["cost_usd"], sum(leg["cost_usd"] for leg in body["legs"]), abs_tol=rounding)
    assert body["emissions_scope"] == "well-to-wheel"


def test_border_is_its_own_leg() -> None:
    # N0, N1 in KZ; N2, N3 in AZ (small_network splits the row in half)
    net = small_network(4, [(0, 1, 1, 1, 1, 0), (1, 2, 1, 1, 1, 0), (2, 3, 1, 1, 1, 0)])
    route = Router(net).route(place(net, 0), place(net, 3), "time")
    assert [leg.kind for leg in route.legs] == ["line", "border", "line"]
    assert route.legs[1].country == "KZ→AZ"


def test_avoiding_a_country_takes_the_other_way_or_fails() -> None:
    net = small_network(4, [(0, 2, 1, 1, 1, 0), (2, 1, 1, 1, 1, 0), (0, 1, 5, 5, 5, 0)])
    assert Router(net).route(place(net, 0), place(net, 1), "time").hours == 2
    assert Router(net).route(place(net, 0), place(net, 1), "time", avoid=["AZ"]).hours == 5
    with pytest.raises(InvalidInput, match="avoid"):
        Router(net).route(place(net, 0), place(net, 1), "time", avoid=["NOWHERE-LINK"])


def test_mode_filter_and_errors() -> None:
    net = small_network(2, [(0, 1, 1, 1, 1, 2)])
    with pytest.raises(Unreachable):
        Router(net).route(place(net, 0), place(net, 1), "time", modes=["rail"])
    with pytest.raises(InvalidTonnage):
        Router(net).route(place(net, 0), place(net, 1), "time", tonnes=-1)
    with pytest.raises(InvalidTonnage):  # totals must stay finite JSON numbers
        Router(net).route(place(net, 0), place(net, 1), "time", tonnes=1e300)
    with pytest.raises(InvalidInput, match="optimize"):
        Router(net).route(place(net, 0), place(net, 1), "speed")
