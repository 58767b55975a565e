"""``rail_gap_max_km``: long straight joins inside a listed country are dropped when the network is built."""

from __future__ import annotations

import numpy as np

from cagateway.logistics.curated import parse_link, parse_node
from cagateway.logistics.network import GAP, LINE, RAIL, _osm_edges, link_costs
from cagateway.logistics.osm import OsmGraph
from tests.unit.logistics.small import PARAMS


def _graph() -> OsmGraph:
    # 0-1 a KG line, 1-2 a 250 km KG join (no track), 3-4 a 250 km KZ join, 4-5 a 30 km KG join (an OSM hole)
    country = np.array(["KG", "KG", "KG", "KZ", "KZ", "KG"])
    u, v = np.array([0, 1, 3, 4]), np.array([1, 2, 4, 5])
    km, gap = np.array([10.0, 250.0, 250.0, 30.0]), np.array([False, True, True, True])
    lat, lon = np.linspace(40, 43, 6), np.linspace(70, 75, 6)
    return OsmGraph("world_railways", lat, lon, country, u, v, km, gap)


def test_long_joins_in_a_listed_country_are_dropped_and_others_kept() -> None:
    params = {**PARAMS, "rail_gap_max_km": {"KG": 60.0}}
    forward, _ = _osm_edges(_graph(), 0, RAIL, params)
    kept = {(int(a), int(b), float(k)) for a, b, k in zip(forward.src, forward.dst, forward.km, strict=True)}
    assert (1, 2, 250.0) not in kept  # northern and southern Kyrgyzstan stay apart
    assert (3, 4, 250.0) in kept  # Kazakhstan is not listed: its join stays
    assert {(0, 1, 10.0), (4, 5, 30.0)} <= kept  # track, and a short join (a KZ–KG border step here)
    assert int(forward.kind[forward.km == 10.0][0]) == LINE
    without = _osm_edges(_graph(), 0, RAIL, {**PARAMS, "rail_gap_max_km": {}})[0]
    assert int(without.kind[(without.src == 1) & (without.dst == 2)][0]) == GAP


def test_the_shipped_params_list_the_countries_whose_rail_is_in_pieces() -> None:
    assert {"KG", "TJ", "AZ", "AF"} <= set(PARAMS["rail_gap_max_km"])


def test_a_ferry_link_with_its_own_port_time_uses_it_instead_of_the_caspian_average() -> None:
    a = parse_node({"id": "A", "name": "A", "kind": "port", "country": "TR", "lat": "38.5", "lon": "42.3"})
    b = parse_node({"id": "B", "name": "B", "kind": "port", "country": "TR", "lat": "38.5", "lon": "43.3"})
    row = {"id": "F", "from": "A", "to": "B", "kind": "ferry", "mode": "ferry", "km": "90", "hours": "3.5",
           "interval_h": "12", "fee_usd_t": "5"}  # fmt: skip
    default = link_costs(PARAMS, parse_link(row), a, b)[1]
    own = link_costs(PARAMS, parse_link({**row, "port_h": "2"}), a, b)[1]
    assert own == 6 + 3.5 + 2 * 2
    assert default == 6 + 3.5 + 2 * float(PARAMS["ferry"]["port_call_hours"])
