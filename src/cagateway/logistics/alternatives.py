"""More than one answer: k alternative routes (penalty method) and the time/cost/CO2 Pareto set (weighted sums).

Both are heuristics over exact shortest-path searches: alternatives penalise the edges of the routes found so
far by ``PENALTY`` and search again; the Pareto set is the non-dominated routes among the three single-objective
optima and normalised weighted sums of them (it can miss non-convex points, which weighted sums never reach).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np

from cagateway.logistics.graph import build_csr
from cagateway.logistics.places import Place
from cagateway.logistics.routing import OBJECTIVES, Leg, Route, Router

__all__ = ["alternative_routes", "pareto_routes"]

PENALTY: Final = 1.5
_MIXES: Final = ((1.0, 1.0, 0.0), (1.0, 0.0, 1.0), (0.0, 1.0, 1.0), (1.0, 1.0, 1.0), (2.0, 1.0, 1.0), (1.0, 2.0, 1.0))


def alternative_routes(router: Router, origin: Place, destination: Place, optimize: str = "time", *,
                       k: int = 3, avoid: Sequence[str] = (), tonnes: float = 1.0,
                       modes: Sequence[str] = ()) -> list[Route]:  # fmt: skip
    """Up to ``k`` distinct routes, best first by the true objective."""
    avoided, wanted = router.check(origin, destination, optimize, avoid=avoid, tonnes=tonnes, modes=modes)
    routes = [router.solve(router.graph(optimize, avoided, wanted), origin, destination, optimize, tonnes=tonnes)]
    e = router.net.edges
    keep = router.keep_mask(avoided, wanted)
    weight = np.array(getattr(e, OBJECTIVES[optimize]), dtype=np.float64)
    seen = {routes[0].edges}
    last = routes[0]
    for _ in range(4 * k):  # each search penalises the path it found, new or not, until k distinct ones appear
        if len(routes) >= k:
            break
        weight[list(last.edges)] *= PENALTY
        graph = build_csr(e.src, e.dst, weight, router.net.node_count, keep)
        last = router.solve(graph, origin, destination, optimize, tonnes=tonnes, avoided=avoided)
        if last.edges not in seen:
            seen.add(last.edges)
            routes.append(last)
    return sorted(routes, key=lambda r: _totals(r)[list(OBJECTIVES).index(optimize)])


def _totals(route: Route) -> tuple[float, float, float]:
    return route.hours, route.usd_per_t, route.kg_co2e_per_t


def pareto_routes(router: Router, origin: Place, destination: Place, *, avoid: Sequence[str] = (),
                  tonnes: float = 1.0, modes: Sequence[str] = ()) -> list[Route]:  # fmt: skip
    """Routes no other candidate beats on all of time, cost and CO2, fastest first."""
    optima = [router.route(origin, destination, o, avoid=avoid, tonnes=tonnes, modes=modes) for o in OBJECTIVES]
    avoided, wanted = router.check(origin, destination, "time", avoid=avoid, tonnes=tonnes, modes=modes)
    scale = [max(min(_totals(r)[i] for r in optima), 1e-6) for i in range(3)]
    e = router.net.edges
    keep = router.keep_mask(avoided, wanted)
    candidates = list(optima)
    for mix in _MIXES:
        c = [m / s for m, s in zip(mix, scale, strict=True)]
        weight = c[0] * e.hours + c[1] * e.usd_t + c[2] * e.kg_t

        def leg_weight(leg: Leg, c: list[float] = c) -> float:
            return c[0] * leg.hours + c[1] * leg.usd_per_t + c[2] * leg.kg_co2e_per_t

        graph = build_csr(e.src, e.dst, weight, router.net.node_count, keep)
        candidates.append(router.solve(graph, origin, destination, "time", tonnes=tonnes, avoided=avoided,
                                       leg_weight=leg_weight, label="pareto"))  # fmt: skip
    front: list[Route] = []
    for r in candidates:
        t = _totals(r)
        dominated = any(all(a <= b for a, b in zip(_totals(o), t, strict=True)) and _totals(o) != t for o in candidates)
        if not dominated and all(_totals(f) != t for f in front):
            front.append(r)
    return sorted(front, key=lambda r: r.hours)
