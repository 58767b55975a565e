"""Routes over the network: time, cost or CO2 optimal, with every transfer, gauge change and border as a leg.

A route's totals are the sums of its legs; per-tonne cost and CO2 scale linearly with the tonnage (ISO 14083:
emissions = tonnes × km × factor per leg, well-to-wheel factors only).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from cagateway.errors import FieldError, InvalidInput
from cagateway.logistics.errors import InvalidTonnage, Unreachable
from cagateway.logistics.geo import haversine_km
from cagateway.logistics.graph import ContractedGraph, CsrGraph, build_csr, contract
from cagateway.logistics.network import KINDS, MODES, RAIL, ROAD, Network, edge_costs
from cagateway.logistics.places import Place

__all__ = ["OBJECTIVES", "Leg", "Route", "Router", "check_tonnes"]

OBJECTIVES: Final = {"time": "hours", "cost": "usd_t", "co2": "kg_t"}
ALL_MODES: Final = frozenset(MODES)
CURATED_LAYER: Final = 2
CONTRACT_AFTER: Final = 2  # fold a graph's degree-2 chains (~0.2 s on the full network) on its second use


@dataclass(frozen=True)
class Leg:
    """One step of a route: a run on one mode in one country, a border, a gauge change, a ferry, a transfer."""

    kind: str
    mode: str
    origin: str
    destination: str
    country: str
    km: float
    hours: float
    usd_per_t: float
    kg_co2e_per_t: float
    corridors: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    link: str = ""

    def weight(self, objective: str) -> float:
        return {"time": self.hours, "cost": self.usd_per_t, "co2": self.kg_co2e_per_t}[objective]

    def as_dict(self, tonnes: float) -> dict[str, Any]:
        return {
            "kind": self.kind, "mode": self.mode, "from": self.origin, "to": self.destination,
            "country": self.country, "km": round(self.km, 1), "hours": round(self.hours, 2),
            "usd_per_t": round(self.usd_per_t, 2), "kg_co2e_per_t": round(self.kg_co2e_per_t, 3),
            "cost_usd": round(self.usd_per_t * tonnes, 2), "co2e_kg": round(self.kg_co2e_per_t * tonnes, 3),
            "corridors": list(self.corridors), "sections": list(self.sections), "link": self.link,
        }  # fmt: skip


@dataclass(frozen=True)
class Route:
    """A planned route; totals are computed from the legs, never stored beside them."""

    origin: Place
    destination: Place
    optimize: str
    tonnes: float
    legs: tuple[Leg, ...]
    scenario: str = "base"
    edges: tuple[int, ...] = field(default=(), repr=False)

    @property
    def km(self) -> float:
        return math.fsum(leg.km for leg in self.legs)

    @property
    def hours(self) -> float:
        return math.fsum(leg.hours for leg in self.legs)

    @property
    def days(self) -> float:
        return self.hours / 24

    @property
    def usd_per_t(self) -> float:
        return math.fsum(leg.usd_per_t for leg in self.legs)

    @property
    def kg_co2e_per_t(self) -> float:
        return math.fsum(leg.kg_co2e_per_t for leg in self.legs)

    def as_dict(self) -> dict[str, Any]:
        t = self.tonnes
        return {
            "from": self.origin.label, "to": self.destination.label, "optimize": self.optimize,
            "scenario": self.scenario, "tonnes": t, "km": round(self.km, 1), "hours": round(self.hours, 2),
            "days": round(self.days, 2), "usd_per_t": round(self.usd_per_t, 2),
            "cost_usd": round(self.usd_per_t * t, 2), "kg_co2e_per_t": round(self.kg_co2e_per_t, 3),
            "co2e_kg": round(self.kg_co2e_per_t * t, 3), "emissions_scope": "well-to-wheel",
            "legs": [leg.as_dict(t) for leg in self.legs],
        }  # fmt: skip


MAX_TONNES: Final = 1e10  # 10 Gt: far above any corridor's year, and keeps every total a finite JSON number


def check_tonnes(tonnes: float) -> float:
    """Tonnes must be a finite number from 0 to :data:`MAX_TONNES`."""
    if not math.isfinite(tonnes) or not 0 <= tonnes <= MAX_TONNES:
        raise InvalidTonnage(
            f"tonnes: {tonnes} is not a valid tonnage; give a number from 0 to {MAX_TONNES:.0e}, e.g. --tonnes 20",
            [FieldError("tonnes", f"must be a finite number from 0 to {MAX_TONNES:.0e}", tonnes)],
        )
    return tonnes


class Router:
    """Routes on one network; keeps one CSR per (objective, avoided set).

    From its ``contract_after``-th use a CSR is also kept with its degree-2 chains folded (``None``: never), and
    routes whose endpoints the folded graph keeps are searched there; the legs come from the original edges.
    """

    def __init__(self, net: Network, contract_after: int | None = CONTRACT_AFTER) -> None:
        self.net = net
        self.contract_after = contract_after
        self._graphs: dict[tuple[str, frozenset[str], frozenset[str]], CsrGraph] = {}
        self._uses: dict[tuple[str, frozenset[str], frozenset[str]], int] = {}
        self._cores: dict[int, tuple[CsrGraph, ContractedGraph]] = {}
        self._reversed: dict[tuple[str, frozenset[str], frozenset[str]], CsrGraph] = {}
        self._edge_corridors = _edge_labels(net.corridor_edges)
        self._edge_sections = _edge_labels(net.section_edges)

    def graph(self, optimize: str, avoid: frozenset[str] = frozenset(), modes: frozenset[str] = ALL_MODES) -> CsrGraph:
        """The CSR for an objective with the avoided countries/crossings and unwanted modes cut out."""
        key = (optimize, avoid, modes)
        if key not in self._graphs:
            e = self.net.edges
            keep = self.keep_mask(avoid, modes)
            self._graphs[key] = build_csr(e.src, e.dst, getattr(e, OBJECTIVES[optimize]), self.net.node_count, keep)
        self._uses[key] = self._uses.get(key, 0) + 1
        graph = self._graphs[key]
        if self._uses[key] == self.contract_after:  # a one-off route (the CLI) does not pay for the contraction
            self._cores[id(graph)] = (graph, contract(graph, self.net.layer == CURATED_LAYER))
        return graph

    def reversed_graph(self, optimize: str, avoid: frozenset[str] = frozenset(),
                       modes: frozenset[str] = ALL_MODES) -> CsrGraph:  # fmt: skip
        """As :meth:`graph` with every edge turned round: one search from a destination reaches every origin."""
        key = (optimize, avoid, modes)
        if key not in self._reversed:
            e = self.net.edges
            keep = self.keep_mask(avoid, modes)
            self._reversed[key] = build_csr(e.dst, e.src, getattr(e, OBJECTIVES[optimize]), self.net.node_count, keep)
        return self._reversed[key]

    def searchable(self, graph: CsrGraph, nodes: list[int]) -> CsrGraph | ContractedGraph:
        """The contracted form of ``graph`` when there is one and it keeps every endpoint, else ``graph``."""
        found = self._cores.get(id(graph))
        if found is not None and found[0] is graph and found[1].covers(nodes):
            return found[1]
        return graph

    def keep_mask(self, avoid: frozenset[str], modes: frozenset[str] = ALL_MODES) -> npt.NDArray[np.bool_]:
        """Edges allowed by an avoided set and a set of modes."""
        e = self.net.edges
        keep = self.avoid_mask(avoid) if avoid else np.ones(e.size, dtype=bool)
        return keep & np.isin(e.mode, [MODES.index(m) for m in modes])

    def avoid_mask(self, avoid: frozenset[str]) -> npt.NDArray[np.bool_]:
        """Edges that touch none of the avoided countries (two letters) or crossings (curated ids)."""
        net, e = self.net, self.net.edges
        keep = np.ones(e.size, dtype=bool)
        unknown = []
        for token in avoid:
            if len(token) == 2 and token.isalpha():
                keep &= (net.country[e.src] != token) & (net.country[e.dst] != token)
            elif token in net.curated.links or token in net.curated.nodes:
                keep &= e.link != token
                if token in net.curated_index:
                    node = net.curated_index[token]
                    keep &= (e.src != node) & (e.dst != node)
            elif token in net.section_edges:
                keep[net.section_edges[token]] = False
            else:
                unknown.append(token)
        if unknown:
            raise InvalidInput(
                f"avoid: {', '.join(sorted(unknown))} is neither a country code (e.g. RU) nor a crossing or link id",
                [FieldError("avoid", "unknown country, crossing or link", sorted(unknown))],
            )
        return keep

    def route(self, origin: Place, destination: Place, optimize: str = "time", *,
              avoid: Sequence[str] = (), tonnes: float = 1.0, modes: Sequence[str] = ()) -> Route:  # fmt: skip
        """The optimal route between two places (``modes`` limits the main haul, e.g. rail and ferry only)."""
        avoided, wanted = self.check(origin, destination, optimize, avoid=avoid, tonnes=tonnes, modes=modes)
        graph = self.graph(optimize, avoided, wanted)
        return self.solve(graph, origin, destination, optimize, tonnes=tonnes, avoided=avoided)

    def check(self, origin: Place, destination: Place, optimize: str, *, avoid: Sequence[str] = (),
              tonnes: float = 1.0, modes: Sequence[str] = ()) -> tuple[frozenset[str], frozenset[str]]:  # fmt: skip
        """Validate a request; the normalised avoided set and allowed modes."""
        if optimize not in OBJECTIVES:
            raise InvalidInput.single("optimize", f"{optimize!r} is not one of time, cost, co2", optimize)
        check_tonnes(tonnes)
        avoided = frozenset(token.strip().upper() if len(token.strip()) == 2 else token.strip() for token in avoid)
        for place, name in ((origin, "from"), (destination, "to")):
            if place.country in avoided:
                raise InvalidInput.single(name, f"{place.label} is in {place.country}, which you asked to avoid")
        wanted = frozenset(modes) or ALL_MODES
        if not wanted <= ALL_MODES:
            raise InvalidInput.single("modes", f"give modes among {', '.join(MODES)}", sorted(wanted - ALL_MODES))
        return avoided, wanted

    def solve(self, graph: CsrGraph, origin: Place, destination: Place, optimize: str, *, tonnes: float = 1.0,
              avoided: frozenset[str] = frozenset(), leg_weight: Callable[[Leg], float] | None = None,
              label: str | None = None) -> Route:  # fmt: skip
        """The shortest route on ``graph``; ``leg_weight`` prices the first/last mile in the graph's units."""
        weigh = leg_weight or (lambda leg: leg.weight(optimize))
        starts = self.access(origin, "first_mile")
        ends = self.access(destination, "last_mile")
        search = self.searchable(graph, [node for node, _ in starts + ends])
        limits = (np.inf,) if leg_weight is not None else (_search_bound(optimize, haversine_km(
            origin.lat, origin.lon, destination.lat, destination.lon)), np.inf)  # fmt: skip
        found = _connect(search, [(n, sum(map(weigh, legs))) for n, legs in starts],
                         [(n, sum(map(weigh, legs))) for n, legs in ends], limits)  # fmt: skip
        if found is None:
            raise Unreachable(
                f"no route from {origin.label} to {destination.label}"
                + (f" avoiding {', '.join(sorted(avoided))}" if avoided else "")
            )
        i, edges, j = found
        legs = [*starts[i][1], *self.legs_of(edges), *ends[j][1]]
        scenario = self.net.curated.scenario
        return Route(origin, destination, label or optimize, tonnes, tuple(legs), scenario, tuple(edges))

    def access(self, place: Place, kind: str) -> list[tuple[int, list[Leg]]]:
        """Ways onto the network: the curated node itself, or by road to the nearest road and rail nodes."""
        if place.node is not None:
            return [(place.node, [])]
        net, cost = self.net, self.net.params["cost"]
        out: list[tuple[int, list[Leg]]] = []
        for layer in (ROAD, RAIL):
            node = net.nearest(layer, place.lat, place.lon, place.country)
            km = haversine_km(place.lat, place.lon, net.lat[node], net.lon[node]) * float(cost["first_mile_detour"])
            h, usd, kg = (float(x[0]) for x in edge_costs(net.params, ROAD, np.array([km])))
            here, there = place.label, net.node_name(node)
            a, b = (here, there) if kind == "first_mile" else (there, here)
            legs = [Leg(kind, "road", a, b, place.country, km, h, usd, kg)]
            if layer == RAIL:
                hours, fee = float(cost["rail_access_hours"]), float(cost["rail_access_handling_usd_t"])
                step = Leg("rail_access", "rail", there, there, place.country, 0.0, hours, fee, 0.0)
                legs = [*legs, step] if kind == "first_mile" else [step, *legs]
            out.append((node, legs))
        return out

    def legs_of(self, edges: list[int]) -> list[Leg]:
        """Group consecutive edges of one kind, mode, country and link into legs.

        A line (kind 0) continues while mode and country stay; any other kind while kind, mode and a non-empty
        curated link stay (steps without a link are one leg per edge).
        """
        if not edges:
            return []
        net, e = self.net, self.net.edges
        ids = np.asarray(edges, np.int64)
        kind, mode, link = e.kind[ids], e.mode[ids], e.link[ids]
        country = net.country[e.src[ids]]
        same_line = (kind[1:] == 0) & (country[1:] == country[:-1])
        same_step = (kind[1:] != 0) & (link[1:] == link[:-1]) & (link[1:] != "")
        cut = (kind[1:] != kind[:-1]) | (mode[1:] != mode[:-1]) | ~(same_line | same_step)
        bounds = [0, *(np.flatnonzero(cut) + 1).tolist(), ids.size]
        return [self._leg(edges[a:b]) for a, b in itertools.pairwise(bounds)]

    def _leg(self, group: list[int]) -> Leg:
        net, e = self.net, self.net.edges
        ids = np.asarray(group)
        first, last = group[0], group[-1]
        ca, cb = str(net.country[e.src[first]]), str(net.country[e.dst[last]])
        corridors = sorted({c for g in group for c in self._edge_corridors.get(g, ())})
        sections = sorted({s for g in group for s in self._edge_sections.get(g, ())})
        return Leg(
            KINDS[int(e.kind[first])], MODES[int(e.mode[first])], net.node_name(int(e.src[first])),
            net.node_name(int(e.dst[last])), ca if ca == cb else f"{ca}→{cb}", float(e.km[ids].sum()),
            float(e.hours[ids].sum()), float(e.usd_t[ids].sum()), float(e.kg_t[ids].sum()),
            tuple(corridors), tuple(sections), str(e.link[first]),
        )  # fmt: skip


def _search_bound(optimize: str, crow_km: float) -> float:
    """A generous guess of the optimum from the straight-line distance, to stop Dijkstra early.

    Wrong guesses cost time, never correctness: past the bound the search is rerun without one.
    """
    per_km, fixed = {"time": (1 / 30, 36.0), "cost": (0.03, 40.0), "co2": (0.04, 10.0)}[optimize]
    return 1.4 * crow_km * per_km + fixed


def _connect(search: CsrGraph | ContractedGraph, starts: list[tuple[int, float]], ends: list[tuple[int, float]],
             limits: tuple[float, ...]) -> tuple[int, list[int], int] | None:  # fmt: skip
    """The cheapest path from a start to an end (node, access cost): (start index, edge ids, end index).

    Each start and end reaches the searched graph by the ways :meth:`~CsrGraph.enter` and ``leave`` give (on a
    contracted graph, a folded node goes on to both ends of its chain). A search bounded by the first limit is
    kept when its best end, access cost included, is within the limit (nodes past it come back ``inf``, so no
    other end can beat it); else the next limit is tried.
    """
    ins = [(i, node, offset + cost, path) for i, (start, offset) in enumerate(starts)
           for node, cost, path in search.enter(start)]  # fmt: skip
    outs = [(j, node, cost + offset, path) for j, (end, offset) in enumerate(ends)
            for node, cost, path in search.leave(end)]  # fmt: skip
    for limit in limits:
        dist, pred = search.shortest_from([(node, cost) for _, node, cost, _ in ins], limit)
        best = min(outs, key=lambda out: dist[out[1]] + out[2])
        if dist[best[1]] + best[2] <= limit:  # an end past the limit could not do better: exact
            break
    value = float(dist[best[1]] + best[2]) if dist[best[1]] < 1e14 else np.inf
    shortcut = min(((offset + way[0] + end_cost, i, way[1], j) for i, (start, offset) in enumerate(starts)
                    for j, (end, end_cost) in enumerate(ends) if (way := search.direct(start, end))),
                   default=None, key=lambda c: c[0])  # fmt: skip
    if shortcut is not None and shortcut[0] < value:
        return shortcut[1], shortcut[2], shortcut[3]
    if not np.isfinite(value):
        return None
    first = search.first_node(pred, best[1])
    enter = min((w for w in ins if w[1] == first), key=lambda w: w[2])
    return enter[0], [*enter[3], *search.path_edges(pred, best[1]), *best[3]], best[0]


def _edge_labels(groups: dict[str, npt.NDArray[np.int64]]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for name, edges in groups.items():
        for edge in edges.tolist():
            out.setdefault(edge, []).append(name)
    return {k: tuple(v) for k, v in out.items()}
