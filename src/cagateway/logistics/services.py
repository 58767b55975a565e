"""What the adapters call: plan a route, assign flows, compare a scenario with the base network."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cagateway.config import Settings
from cagateway.errors import FieldError, GatewayError, InvalidInput
from cagateway.logistics.alternatives import alternative_routes, pareto_routes
from cagateway.logistics.capacity import Assignment, PathOption, solve_assignment
from cagateway.logistics.curated import default_data_dir, load_curated
from cagateway.logistics.errors import InvalidTonnage, UnknownPlace, Unreachable
from cagateway.logistics.many_to_one import routes_to
from cagateway.logistics.network import Network, build_network
from cagateway.logistics.places import Place, resolve_place
from cagateway.logistics.routing import Route, Router, check_tonnes
from cagateway.logistics.scenarios import apply_scenario, load_scenario

__all__ = [
    "Flow",
    "assign_flows",
    "compare_assignment",
    "compare_route",
    "get_router",
    "plan_route",
    "plan_routes",
    "plan_routes_to",
    "route_line",
]

Where = str | Place  # what a caller names a FROM/TO by: text (see resolve_place) or a place it built itself


@dataclass(frozen=True)
class Flow:
    origin: Where
    destination: Where
    tonnes_per_year: float


def _label(where: Where) -> str:
    return where.query if isinstance(where, Place) else where


def _dirs(settings: Settings) -> tuple[Path, Path]:
    return settings.logistics_data_dir or default_data_dir(), settings.logistics_cache_dir


@lru_cache(maxsize=8)
def _router(data_dir: Path, cache_dir: Path, scenario: str | None, show_progress: bool) -> Router:
    layer = load_curated(data_dir)
    if scenario:
        layer = apply_scenario(layer, scenario, load_scenario(data_dir, scenario))
    return Router(build_network(layer, cache_dir, show_progress=show_progress))


def get_router(settings: Settings, scenario: str | None = None, *, show_progress: bool = False) -> Router:
    """The router of the base network or of a scenario, built once per process."""
    data_dir, cache_dir = _dirs(settings)
    return _router(data_dir, cache_dir, scenario or None, show_progress)


def plan_route(settings: Settings, origin: Where, destination: Where, *, optimize: str = "time",
               avoid: Sequence[str] = (), scenario: str | None = None, tonnes: float = 1.0,
               modes: Sequence[str] = (), session: Session | None = None,
               show_progress: bool = False) -> Route:  # fmt: skip
    """Route FROM → TO (UN/LOCODE, place name or lat,lon) optimising time, cost or CO2."""
    router = get_router(settings, scenario, show_progress=show_progress)
    a = resolve_place(router.net, origin, "from", session)
    b = resolve_place(router.net, destination, "to", session)
    return router.route(a, b, optimize, avoid=avoid, tonnes=tonnes, modes=modes)


def route_line(settings: Settings, route: Route, *, max_points: int = 400) -> list[tuple[float, float]]:
    """The (lat, lon) points a route passes, for a map: its edges' nodes in order, thinned to ``max_points``."""
    net = get_router(settings, None if route.scenario == "base" else route.scenario).net
    if not route.edges:
        return [(route.origin.lat, route.origin.lon), (route.destination.lat, route.destination.lon)]
    edges = list(route.edges)
    nodes = [int(net.edges.src[e]) for e in edges] + [int(net.edges.dst[edges[-1]])]
    step = max(1, -(-len(nodes) // max_points))
    kept = nodes[::step]
    if kept[-1] != nodes[-1]:
        kept.append(nodes[-1])
    inner = [(float(net.lat[n]), float(net.lon[n])) for n in kept]
    return [(route.origin.lat, route.origin.lon), *inner, (route.destination.lat, route.destination.lon)]


def plan_routes(settings: Settings, origin: Where, destination: Where, *, optimize: str = "time",
                avoid: Sequence[str] = (), scenario: str | None = None, tonnes: float = 1.0,
                modes: Sequence[str] = (), alternatives: int = 1, pareto: bool = False,
                session: Session | None = None, show_progress: bool = False) -> list[Route]:  # fmt: skip
    """Several routes: up to ``alternatives`` distinct ones for ``optimize``, or the time/cost/CO2 Pareto set."""
    if alternatives < 1:
        raise InvalidInput.single("alternatives", "must be 1 or more", alternatives)
    router = get_router(settings, scenario, show_progress=show_progress)
    a = resolve_place(router.net, origin, "from", session)
    b = resolve_place(router.net, destination, "to", session)
    if pareto:
        return pareto_routes(router, a, b, avoid=avoid, tonnes=tonnes, modes=modes)
    return alternative_routes(router, a, b, optimize, k=alternatives, avoid=avoid, tonnes=tonnes, modes=modes)


def compare_route(settings: Settings, origin: Where, destination: Where, scenario: str,
                  **kwargs: Any) -> dict[str, Any]:  # fmt: skip
    """The same route on the base network and under ``scenario``, with the differences."""
    before = plan_route(settings, origin, destination, **kwargs)
    after = plan_route(settings, origin, destination, scenario=scenario, **kwargs)
    return {
        "before": before.as_dict(), "after": after.as_dict(),
        "delta": {"days": round(after.days - before.days, 2), "usd_per_t": round(after.usd_per_t - before.usd_per_t, 2),
                  "kg_co2e_per_t": round(after.kg_co2e_per_t - before.kg_co2e_per_t, 3)},
    }  # fmt: skip


def plan_routes_to(settings: Settings, origins: Sequence[Where], destination: Where, *, optimize: str = "time",
                   avoid: Sequence[str] = (), scenario: str | None = None, tonnes: float = 1.0,
                   modes: Sequence[str] = (),
                   session: Session | None = None) -> list[Route | GatewayError]:  # fmt: skip
    """A route from each origin to one destination with a single search; an origin that fails gets its error."""
    router = get_router(settings, scenario)
    b = resolve_place(router.net, destination, "to", session)
    places: list[Place | GatewayError] = []
    for origin in origins:
        try:
            places.append(resolve_place(router.net, origin, "from", session))
        except UnknownPlace as exc:
            places.append(exc)
    found = iter(routes_to(router, [p for p in places if isinstance(p, Place)], b, optimize, avoid=avoid,
                           tonnes=tonnes, modes=modes))  # fmt: skip
    return [next(found) if isinstance(p, Place) else p for p in places]


def _flow_error(index: int, exc: GatewayError) -> GatewayError:
    """The same error, naming the flow (row) it came from."""
    exc.errors = [FieldError(f"flows[{index}].{e.field}", e.message, e.value) for e in exc.errors] or [
        FieldError(f"flows[{index}]", exc.message)
    ]
    exc.message = f"flows[{index}]: {exc.message}"
    exc.args = (exc.message,)
    return exc


def _options(router: Router, flow: Flow, session: Session | None) -> list[PathOption]:
    """Cheapest path, then the cheapest avoiding each capacitated section on it."""
    net: Network = router.net
    a = resolve_place(net, flow.origin, "origin", session)
    b = resolve_place(net, flow.destination, "destination", session)
    capped = {k for k, s in net.curated.sections.items() if s.capacity_t_year}
    first = router.route(a, b, "cost")
    options = [PathOption(first.usd_per_t, frozenset(s for leg in first.legs for s in leg.sections) & capped, "best")]
    for section in sorted(options[0].sections):
        try:
            alt = router.route(a, b, "cost", avoid=[section])
        except Unreachable:  # no way around this section: the flow keeps the paths found so far
            continue
        used = frozenset(s for leg in alt.legs for s in leg.sections) & capped
        if all(o.sections != used for o in options):
            options.append(PathOption(alt.usd_per_t, used, f"avoiding {section}"))
    return options


def _checked_options(router: Router, flows: Sequence[Flow], session: Session | None) -> list[list[PathOption]]:
    """Candidate paths of every flow; tonnages are checked first, and an error names its flow."""
    for i, flow in enumerate(flows):
        try:
            check_tonnes(flow.tonnes_per_year)
        except InvalidTonnage as exc:
            raise _flow_error(i, exc) from None
    options = []
    for i, flow in enumerate(flows):
        try:
            options.append(_options(router, flow, session))
        except GatewayError as exc:
            raise _flow_error(i, exc) from None
    return options


def assign_flows(settings: Settings, flows: Sequence[Flow], scenario: str | None = None,
                 session: Session | None = None) -> dict[str, Any]:  # fmt: skip
    """Assign yearly flows with capacities; utilisation per section (crossing, line, corridor) and bottlenecks."""
    if not flows:
        raise InvalidInput.single("flows", "give at least one flow (origin, destination, tonnes a year)")
    router = get_router(settings, scenario)
    options = _checked_options(router, flows, session)
    sections = router.net.curated.sections
    capacities = {k: float(s.capacity_t_year) for k, s in sections.items() if s.capacity_t_year}
    result: Assignment = solve_assignment([f.tonnes_per_year for f in flows], options, capacities)
    return {
        "scenario": router.net.curated.scenario,
        "flows": [
            {"from": _label(f.origin), "to": _label(f.destination), "tonnes_per_year": f.tonnes_per_year,
             "unserved_t": round(result.unserved[i], 1),
             "paths": [{"label": o.label, "usd_per_t": round(o.cost_per_t, 2), "sections": sorted(o.sections),
                        "tonnes": round(result.path_flows[i][j], 1)} for j, o in enumerate(options[i])]}
            for i, f in enumerate(flows)
        ],
        "sections": [{"id": s.section, "name": sections[s.section].name, "kind": sections[s.section].kind,
                      "capacity_year": sections[s.section].capacity_year, "flow_t": round(s.flow_t, 1),
                      "capacity_t": s.capacity_t, "utilisation": round(s.utilisation, 4)} for s in result.loads],
        "bottlenecks": [s.section for s in result.bottlenecks()],
        "unserved_t": round(sum(result.unserved), 1),
        "total_cost_usd": round(result.total_cost, 2),
    }  # fmt: skip


def compare_assignment(settings: Settings, flows: Sequence[Flow], scenario: str,
                       session: Session | None = None) -> dict[str, Any]:  # fmt: skip
    """The same flows assigned on the base network and under ``scenario``, with the change per section."""
    before = assign_flows(settings, flows, None, session)
    after = assign_flows(settings, flows, scenario, session)
    old = {s["id"]: s for s in before["sections"]}
    sections = [
        {"id": s["id"], "flow_t": round(s["flow_t"] - old[s["id"]]["flow_t"], 1) if s["id"] in old else s["flow_t"],
         "capacity_t": s["capacity_t"] - old[s["id"]]["capacity_t"] if s["id"] in old else s["capacity_t"],
         "utilisation": round(s["utilisation"] - old[s["id"]]["utilisation"], 4) if s["id"] in old else None}
        for s in after["sections"]
    ]  # fmt: skip
    delta = {"unserved_t": round(after["unserved_t"] - before["unserved_t"], 1),
             "total_cost_usd": round(after["total_cost_usd"] - before["total_cost_usd"], 2), "sections": sections,
             "bottlenecks_relieved": sorted(set(before["bottlenecks"]) - set(after["bottlenecks"])),
             "bottlenecks_new": sorted(set(after["bottlenecks"]) - set(before["bottlenecks"]))}  # fmt: skip
    return {"before": before, "after": after, "delta": delta}
