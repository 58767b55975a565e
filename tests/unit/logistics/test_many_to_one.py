"""Many origins to one destination by one reversed search: the same optima as one route per origin."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cagateway.errors import InvalidInput
from cagateway.logistics import Route, Router, Unreachable
from cagateway.logistics.many_to_one import routes_to
from cagateway.logistics.places import Place
from cagateway.logistics.routing import OBJECTIVES
from tests.unit.logistics.small import place, small_network
from tests.unit.logistics.test_routing import graphs


@settings(max_examples=60, deadline=None)
@given(graphs(), st.sampled_from(sorted(OBJECTIVES)), st.data())
def test_one_reversed_search_equals_a_route_per_origin(graph: tuple[int, list], optimize: str,
                                                       data: st.DataObject) -> None:  # fmt: skip
    n, edges = graph
    net = small_network(n, edges)
    router = Router(net)
    target = data.draw(st.integers(0, n - 1))
    origins = [place(net, i) for i in range(n)]
    got = routes_to(router, origins, place(net, target), optimize)
    for origin, result in zip(origins, got, strict=True):
        try:
            expected = Router(net).route(origin, place(net, target), optimize)
        except Unreachable:
            assert isinstance(result, Unreachable)
            continue
        assert isinstance(result, Route)
        assert math.isclose(sum(leg.weight(optimize) for leg in result.legs),
                            sum(leg.weight(optimize) for leg in expected.legs), rel_tol=1e-9, abs_tol=1e-6)  # fmt: skip
        # the legs chain from the origin to the destination
        if result.legs:
            assert result.legs[0].origin == origin.label and result.legs[-1].destination == f"Node {target}"
        assert math.isclose(result.hours, sum(leg.hours for leg in result.legs), abs_tol=1e-9)


def test_lat_lon_origins_get_a_first_mile_and_the_search_is_kept() -> None:
    net = small_network(4, [(0, 1, 1, 1, 1, 0), (1, 2, 1, 1, 1, 0), (2, 3, 1, 1, 1, 0), (3, 2, 1, 1, 1, 0),
                            (2, 1, 1, 1, 1, 0), (1, 0, 1, 1, 1, 0)])  # fmt: skip
    router = Router(net)
    near = Place("43.01,60.01", "near N0", 43.01, 60.01, "KZ")
    first = routes_to(router, [near], place(net, 3), "time")[0]
    assert isinstance(first, Route)
    assert first.legs[0].kind == "first_mile"
    single = router.route(near, place(net, 3), "time")
    assert math.isclose(first.hours, single.hours)
    again = routes_to(router, [near, place(net, 1)], place(net, 3), "time")
    assert isinstance(again[0], Route) and again[0].legs == first.legs


def test_an_origin_that_fails_gets_its_own_error() -> None:
    net = small_network(4, [(0, 1, 1, 1, 1, 0), (2, 3, 1, 1, 1, 0)])  # N0, N1 in KZ; N2, N3 in AZ
    router = Router(net)
    got = routes_to(router, [place(net, 0), place(net, 2)], place(net, 3), "time")
    assert isinstance(got[0], Unreachable) and isinstance(got[1], Route)
    avoided = routes_to(router, [place(net, 0), place(net, 2)], place(net, 1), "time", avoid=["AZ"])
    assert isinstance(avoided[1], InvalidInput) and "avoid" in str(avoided[1])
    with pytest.raises(InvalidInput):
        routes_to(router, [place(net, 0)], place(net, 3), "speed")
