"""The routable multimodal network: OSM rail + OSM road + the curated layer, as flat edge arrays.

Node ids: ``[0, R)`` OSM rail, ``[R, R+D)`` OSM road, then one node per curated place. Every edge is directed and
carries km, hours, USD per tonne and kg CO2e per tonne (well-to-wheel), so a route's totals are plain sums.
Rail edges between two countries of different gauge are cut: trains cross there only over a curated gauge-change
link. Other cross-border edges become ``border`` steps with a default dwell and fee.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from cagateway.logistics.curated import CuratedLayer, CuratedLink, CuratedNode
from cagateway.logistics.geo import haversine_km, unit_vectors
from cagateway.logistics.osm import OsmGraph, load_osm_graph
from cagateway.logistics.sea import sea_km

__all__ = ["KINDS", "MODES", "EdgeTable", "Network", "build_network", "edge_costs"]

MODES: Final = ("rail", "road", "ferry")
KINDS: Final = ("line", "border", "transfer", "gauge_change", "ferry", "new_line", "osm_gap")
RAIL, ROAD, FERRY = 0, 1, 2
LINE, BORDER, TRANSFER, GAUGE, FERRY_KIND, NEW_LINE, GAP = range(7)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass
class EdgeTable:
    """Directed edges in parallel arrays; ``link`` is a curated link id or ``""``."""

    src: IntArray
    dst: IntArray
    km: FloatArray
    hours: FloatArray
    usd_t: FloatArray
    kg_t: FloatArray
    mode: IntArray
    kind: IntArray
    link: npt.NDArray[np.str_]

    @property
    def size(self) -> int:
        return int(self.src.size)


@dataclass
class Network:
    """Nodes, edges, capacity sections and corridor labels of one scenario."""

    lat: FloatArray
    lon: FloatArray
    country: npt.NDArray[np.str_]
    layer: IntArray  # 0 rail, 1 road, 2 curated
    edges: EdgeTable
    curated: CuratedLayer
    curated_index: dict[str, int]
    section_edges: dict[str, IntArray]  # section id -> edge ids
    corridor_edges: dict[str, IntArray]
    trees: dict[int, cKDTree] = field(default_factory=dict)
    layer_nodes: dict[int, IntArray] = field(default_factory=dict)
    country_trees: dict[tuple[int, str], tuple[IntArray, cKDTree | None]] = field(default_factory=dict, repr=False)

    @property
    def node_count(self) -> int:
        return int(self.lat.size)

    @property
    def params(self) -> dict[str, Any]:
        return self.curated.params

    def node_name(self, node: int) -> str:
        """A curated node's name, else its coordinates."""
        for key, index in self.curated_index.items():
            if index == node:
                return self.curated.nodes[key].name
        return f"{self.lat[node]:.3f},{self.lon[node]:.3f}"

    def nearest(self, layer: int, lat: float, lon: float, country: str | None = None) -> int:
        """The nearest node of a layer (0 rail, 1 road), optionally in one country."""
        nodes = self.layer_nodes[layer]
        if country:
            if (layer, country) not in self.country_trees:  # built once per country: ~2 ms a query otherwise
                in_country = nodes[self.country[nodes] == country]
                tree = cKDTree(unit_vectors(self.lat[in_country], self.lon[in_country])) if in_country.size else None
                self.country_trees[layer, country] = (in_country, tree)
            in_country, tree = self.country_trees[layer, country]
            if tree is not None:
                _, i = tree.query(unit_vectors([lat], [lon])[0])
                return int(in_country[int(i)])
        _, i = self.trees[layer].query(unit_vectors([lat], [lon])[0])
        return int(nodes[int(i)])


def edge_costs(params: dict[str, Any], mode: int, km: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Hours, USD/t and kg CO2e/t of travelling ``km`` by ``mode`` (vectorised)."""
    name = MODES[mode]
    speed = float(params["speed_kmh"].get(name) or 0.0)
    hours = km / speed if speed > 0 else np.zeros_like(km)
    usd = km * float(params["cost"].get(f"{name}_usd_tkm", 0.0))
    kg = km * float(params["emissions"][name]) / 1000.0
    return hours, usd, kg


def _osm_edges(graph: OsmGraph, offset: int, mode: int, params: dict[str, Any]) -> list[EdgeTable]:
    ca, cb = graph.country[graph.u], graph.country[graph.v]
    cross = ca != cb
    keep = np.ones(graph.u.size, dtype=bool)
    if mode == RAIL:
        gauge = params["gauge_mm"]
        ga = np.array([gauge.get(c, 0) for c in ca])
        gb = np.array([gauge.get(c, 0) for c in cb])
        keep &= ~(cross & (ga != gb))
        # long straight joins across a country whose rail pieces are in truth apart (params: rail_gap_max_km)
        for code, limit in params.get("rail_gap_max_km", {}).items():
            keep &= ~(graph.gap & (ca == code) & (graph.km > float(limit)))
    u, v, km, is_border, gap = (
        graph.u[keep] + offset,
        graph.v[keep] + offset,
        graph.km[keep],
        cross[keep],
        graph.gap[keep],
    )
    hours, usd, kg = edge_costs(params, mode, km)
    hours = hours + is_border * float(params["border_hours"][MODES[mode]])
    usd = usd + is_border * float(params["cost"]["border_fee_usd_t"])
    # a join of under 2 km is two OSM nodes at one junction, not a hole worth a leg of its own
    kind = np.where(is_border, BORDER, np.where(gap & (km > 2.0), GAP, LINE)).astype(np.int64)
    forward = _table(u, v, km, hours, usd, kg, mode, kind, "")
    backward = _table(v, u, km, hours, usd, kg, mode, kind, "")
    return [forward, backward]


def _table(src: Any, dst: Any, km: Any, hours: Any, usd: Any, kg: Any, mode: int, kind: Any, link: str) -> EdgeTable:  # noqa: PLR0917 - one column per argument, mirroring EdgeTable
    src = np.atleast_1d(np.asarray(src, np.int64))
    n = src.size

    def arr(x: Any) -> FloatArray:
        return np.broadcast_to(np.asarray(x, np.float64), (n,)).copy()

    return EdgeTable(
        src, np.atleast_1d(np.asarray(dst, np.int64)), arr(km), arr(hours), arr(usd), arr(kg),
        np.full(n, mode, np.int64), np.broadcast_to(np.asarray(kind, np.int64), (n,)).copy(),
        np.full(n, link, dtype="<U40"),
    )  # fmt: skip


def _connectors(net: Network, node: CuratedNode, index: int) -> list[EdgeTable]:
    """Edges between a curated place and the nearest rail/road node in its country; half the dwell each way."""
    out: list[EdgeTable] = []
    for layer_name in node.layers:
        if layer_name not in ("rail", "road"):
            continue
        mode = MODES.index(layer_name)
        target = net.nearest(mode, node.lat, node.lon, node.country)
        km = np.array([haversine_km(node.lat, node.lon, net.lat[target], net.lon[target])])
        hours, usd, kg = edge_costs(net.params, mode, km)
        hours, usd = hours + node.dwell_h / 2, usd + node.handling_usd_t / 2
        kg = kg + float(net.params["emissions"]["hub_kg_per_t"]) / 2  # the hub as its own element (GLEC)
        out += [_table(index, target, km, hours, usd, kg, mode, TRANSFER, node.id)]
        out += [_table(target, index, km, hours, usd, kg, mode, TRANSFER, node.id)]
    return out


def link_costs(params: dict[str, Any], link: CuratedLink, a: CuratedNode, b: CuratedNode) -> tuple[float, ...]:
    """km, hours, USD/t, kg/t of a curated link; a ferry waits half its interval and calls at two ports (its
    own port time where the link gives one, as a train ferry's shunting does, else the Caspian average)."""
    if link.kind == "ferry":
        km = link.km if link.km is not None else sea_km(a.lat, a.lon, b.lat, b.lon)
        sailing = link.hours or km / float(params["ferry"]["sea_speed_kmh"])
        port = link.port_h if link.port_h is not None else float(params["ferry"]["port_call_hours"])
        hours = link.interval_h / 2 + sailing + 2 * port
        kg = km * float(params["emissions"]["ferry"]) / 1000
        return km, hours, link.fee_usd_t, kg
    km = link.km if link.km is not None else haversine_km(a.lat, a.lon, b.lat, b.lon)
    mode = MODES.index(link.mode)
    h, usd, kg = (float(x[0]) for x in edge_costs(params, mode, np.array([km])))
    hours = link.hours if link.hours else h
    fee = link.fee_usd_t + (float(params["cost"]["border_fee_usd_t"]) if a.country != b.country else 0.0)
    return km, hours, usd + fee, kg


def _link_edges(net: Network, link: CuratedLink) -> list[EdgeTable]:
    a, b = net.curated.nodes[link.from_id], net.curated.nodes[link.to_id]
    km, hours, usd, kg = link_costs(net.params, link, a, b)
    kind = {"gauge_change": GAUGE, "ferry": FERRY_KIND}.get(link.kind, NEW_LINE)
    mode = MODES.index(link.mode)
    ia, ib = net.curated_index[link.from_id], net.curated_index[link.to_id]
    return [
        _table(ia, ib, km, hours, usd, kg, mode, kind, link.id),
        _table(ib, ia, km, hours, usd, kg, mode, kind, link.id),
    ]


def concat(tables: list[EdgeTable]) -> EdgeTable:
    return EdgeTable(*(np.concatenate([getattr(t, f) for t in tables]) for f in EdgeTable.__dataclass_fields__))


def build_network(curated: CuratedLayer, cache_dir: Path, *, show_progress: bool = False) -> Network:
    """Assemble the network of one scenario (OSM graphs come from the cache after the first build)."""
    from cagateway.logistics.labels import label_paths  # noqa: PLC0415 - labels needs Network, defined above

    rail = load_osm_graph("world_railways", cache_dir, show_progress=show_progress)
    road = load_osm_graph("world_highways", cache_dir, show_progress=show_progress)
    places = list(curated.nodes.values())
    net = Network(
        lat=np.concatenate([rail.lat, road.lat, [p.lat for p in places]]),
        lon=np.concatenate([rail.lon, road.lon, [p.lon for p in places]]),
        country=np.concatenate([rail.country, road.country, np.array([p.country for p in places], dtype="<U2")]),
        layer=np.concatenate([np.zeros(rail.node_count, np.int64), np.ones(road.node_count, np.int64),
                              np.full(len(places), 2, np.int64)]),
        edges=_table([], [], [], [], [], [], 0, [], ""),  # filled below
        curated=curated,
        curated_index={p.id: rail.node_count + road.node_count + i for i, p in enumerate(places)},
        section_edges={}, corridor_edges={},
    )  # fmt: skip
    for layer in (RAIL, ROAD):
        nodes = np.flatnonzero(net.layer == layer)
        net.layer_nodes[layer] = nodes
        net.trees[layer] = cKDTree(unit_vectors(net.lat[nodes], net.lon[nodes]))
    tables = _osm_edges(rail, 0, RAIL, curated.params) + _osm_edges(road, rail.node_count, ROAD, curated.params)
    for place in places:
        tables += _connectors(net, place, net.curated_index[place.id])
    for link in curated.links.values():
        tables += _link_edges(net, link)
    net.edges = concat(tables)
    label_paths(net)
    return net
