"""Many origins to one destination with one search: the "delivered to <city>" figures of a results page.

Twenty producers to one city as twenty searches would cost twenty Dijkstras over the whole network. Instead one
Dijkstra runs from the destination's last-mile entries over the *reversed* graph: its distance to a node is that
node's cost to the destination, and its predecessors, read from an origin's first-mile entry, are the forward path.
The search of a destination is kept (a few of them, least recently used dropped), so the next page is cheaper.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from cagateway.errors import FieldError, GatewayError, InvalidInput
from cagateway.logistics.errors import Unreachable
from cagateway.logistics.graph import CsrGraph
from cagateway.logistics.places import Place
from cagateway.logistics.routing import Leg, Route, Router

__all__ = ["routes_to"]

KEPT_SEARCHES: Final = 8  # ~1.1 MB each on the regional network


@dataclass(frozen=True)
class _Search:
    """One reversed search from a destination: distances, predecessors and the last-mile legs per entry node."""

    graph: CsrGraph
    dist: npt.NDArray[np.float64]
    pred: npt.NDArray[np.int32]
    ends: dict[int, list[Leg]]


_Key = tuple[Place, str, frozenset[str], frozenset[str]]
_searches: weakref.WeakKeyDictionary[Router, OrderedDict[_Key, _Search]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _search(router: Router, destination: Place, optimize: str, avoided: frozenset[str],
            wanted: frozenset[str]) -> _Search:  # fmt: skip
    """The reversed search from ``destination``, from the cache when it was run before."""
    key = (destination, optimize, avoided, wanted)
    with _lock:
        kept = _searches.setdefault(router, OrderedDict())
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
    graph: CsrGraph = router.reversed_graph(optimize, avoided, wanted)
    ends = dict(router.access(destination, "last_mile"))
    dist, pred = graph.shortest_from([(node, sum(leg.weight(optimize) for leg in legs)) for node, legs in ends.items()])
    found = _Search(graph, dist, pred, ends)
    with _lock:
        kept[key] = found
        while len(kept) > KEPT_SEARCHES:
            kept.popitem(last=False)
    return found


def _route(router: Router, search: _Search, origin: Place, destination: Place, *, optimize: str,
           tonnes: float) -> Route:  # fmt: skip
    """The route of one origin read off the reversed search; :class:`Unreachable` when there is none."""
    starts = router.access(origin, "first_mile")
    totals = [sum(leg.weight(optimize) for leg in legs) + float(search.dist[node]) for node, legs in starts]
    best = int(np.argmin(totals))
    if not np.isfinite(totals[best]) or totals[best] > 1e14:
        raise Unreachable(f"no route from {origin.label} to {destination.label}")
    node, first_mile = starts[best]
    graph = search.graph
    edges = graph.path_edges(search.pred, node)[::-1]  # reversed-graph entries are the forward edges, end first
    last_mile = search.ends[graph.first_node(search.pred, node)]
    legs = (*first_mile, *router.legs_of(edges), *last_mile)
    return Route(origin, destination, optimize, tonnes, legs, router.net.curated.scenario, tuple(edges))


def routes_to(router: Router, origins: Sequence[Place], destination: Place, optimize: str = "time", *,
              avoid: Sequence[str] = (), tonnes: float = 1.0,
              modes: Sequence[str] = ()) -> list[Route | GatewayError]:  # fmt: skip
    """The optimal route from each origin to ``destination``, in order; a failed origin gets its error instead.

    The same optimum as :meth:`Router.route` per pair (a tie between equal paths may pick the other twin).
    """
    avoided, wanted = router.check(destination, destination, optimize, avoid=avoid, tonnes=tonnes, modes=modes)
    search = _search(router, destination, optimize, avoided, wanted)
    out: list[Route | GatewayError] = []
    for origin in origins:
        if origin.country in avoided:
            message = f"{origin.label} is in {origin.country}, which you asked to avoid"
            out.append(InvalidInput(f"from: {message}", [FieldError("from", message, origin.query)]))
            continue
        try:
            out.append(_route(router, search, origin, destination, optimize=optimize, tonnes=tonnes))
        except Unreachable as exc:
            out.append(exc)
    return out
