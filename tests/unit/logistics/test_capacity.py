"""Capacity assignment: networkx min-cost flow as the oracle; no section ever above its capacity."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cagateway.logistics import InvalidTonnage, PathOption, solve_assignment


@st.composite
def flow_graphs(draw: st.DrawFn) -> nx.DiGraph:
    n = draw(st.integers(min_value=2, max_value=6))
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    for _ in range(draw(st.integers(1, 12))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if a != b:
            graph.add_edge(a, b, weight=draw(st.integers(0, 20)), capacity=draw(st.integers(1, 30)))
    return graph


def _options(graph: nx.DiGraph, s: int, t: int) -> list[PathOption]:
    """Every simple path: with all of them as candidates the path LP is the exact min-cost flow."""
    options = []
    for path in nx.all_simple_paths(graph, s, t):
        pairs = list(itertools.pairwise(path))
        cost = sum(graph[a][b]["weight"] for a, b in pairs)
        options.append(PathOption(float(cost), frozenset(f"{a}-{b}" for a, b in pairs)))
    return options


@settings(max_examples=40, deadline=None)
@given(flow_graphs(), st.integers(1, 60))
def test_single_commodity_matches_networkx_min_cost_flow(graph: nx.DiGraph, demand: int) -> None:
    s, t = 0, graph.number_of_nodes() - 1
    capacities = {f"{a}-{b}": float(d["capacity"]) for a, b, d in graph.edges(data=True)}
    options = _options(graph, s, t)
    max_flow = nx.maximum_flow_value(graph, s, t) if options else 0
    result = solve_assignment([float(demand)], [options], capacities)
    served = demand - result.unserved[0]
    assert math.isclose(served, min(demand, max_flow), abs_tol=1e-6)
    if served > 0:
        oracle = graph.copy()
        oracle.nodes[s]["demand"], oracle.nodes[t]["demand"] = -round(served), round(served)
        assert math.isclose(result.total_cost, nx.min_cost_flow_cost(oracle), abs_tol=1e-5)


@settings(max_examples=40, deadline=None)
@given(
    flow_graphs(), st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 50)), min_size=1, max_size=4)
)
def test_no_section_exceeds_its_capacity(graph: nx.DiGraph, flows: list[tuple[int, int, int]]) -> None:
    n = graph.number_of_nodes()
    capacities = {f"{a}-{b}": float(d["capacity"]) for a, b, d in graph.edges(data=True)}
    options = [_options(graph, a % n, b % n) if a % n != b % n else [] for a, b, _ in flows]
    result = solve_assignment([float(t) for *_, t in flows], options, capacities)
    for load in result.loads:
        assert load.flow_t <= load.capacity_t + 1e-6
    for (*_, tonnes), paths, unserved in zip(flows, result.path_flows, result.unserved, strict=True):
        assert math.isclose(sum(paths) + unserved, tonnes, abs_tol=1e-6)


def test_bottleneck_is_the_full_section() -> None:
    options = [[PathOption(1.0, frozenset({"ferry"})), PathOption(3.0, frozenset({"road"}))]]
    result = solve_assignment([10.0], options, {"ferry": 6.0, "road": 100.0})
    assert result.path_flows[0] == pytest.approx([6.0, 4.0])
    assert [b.section for b in result.bottlenecks()] == ["ferry"]


def test_negative_tonnage_is_refused() -> None:
    with pytest.raises(InvalidTonnage):
        solve_assignment([-5.0], [[PathOption(1.0, frozenset())]], {})
