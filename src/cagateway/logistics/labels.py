"""Tag OSM edges with the capacity sections and named corridors whose waypoints they join (shortest km path)."""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from cagateway.logistics.graph import CsrGraph, build_csr
from cagateway.logistics.network import MODES, TRANSFER, Network

__all__ = ["label_paths", "path_edges"]


def path_edges(graph: CsrGraph, net: Network, a: int, b: int) -> npt.NDArray[np.int64]:
    """Edge ids of the shortest path from node ``a`` to node ``b`` (empty if unreachable)."""
    _, pred = graph.shortest_from([(a, 0.0)])
    if pred[b] < 0:
        return np.zeros(0, np.int64)
    edges: list[int] = []
    node = b
    while node != a:
        prev = int(pred[node])
        edges.append(graph.edge_between(prev, node))
        node = prev
    return np.asarray(edges[::-1], np.int64)


def _mode_graph(net: Network, mode: str) -> CsrGraph:
    e = net.edges
    keep = (e.mode == MODES.index(mode)) | (e.kind != TRANSFER) & (e.link != "")
    keep |= (e.kind == TRANSFER) & (e.mode == MODES.index(mode))
    return build_csr(e.src, e.dst, e.km, net.node_count, keep)


def _both_ways(net: Network, edges: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The edges and their reverse twins, so a section or corridor holds in both directions."""
    e, n = net.edges, net.node_count
    keys = np.concatenate([e.src[edges] * n + e.dst[edges], e.dst[edges] * n + e.src[edges]])
    return np.flatnonzero(np.isin(e.src * n + e.dst, keys))


def label_paths(net: Network) -> None:
    """Fill ``net.section_edges`` (link sections + OSM path sections) and ``net.corridor_edges``."""
    graphs = {mode: _mode_graph(net, mode) for mode in ("rail", "road")}
    idx = net.curated_index
    tagged: dict[str, list[npt.NDArray[np.int64]]] = {}
    for section in net.curated.sections.values():
        if section.path_from and section.path_to:
            path = path_edges(graphs["rail"], net, idx[section.path_from], idx[section.path_to])
            tagged.setdefault(section.id, []).append(path)
    for link in net.curated.links.values():
        for section_id in link.sections:
            tagged.setdefault(section_id, []).append(np.flatnonzero(net.edges.link == link.id))
    net.section_edges = {k: _both_ways(net, np.unique(np.concatenate(v))) for k, v in tagged.items()}
    for name, (mode, waypoints) in net.curated.corridors.items():
        graph = graphs.get(mode, graphs["rail"])
        parts = [path_edges(graph, net, idx[a], idx[b]) for a, b in itertools.pairwise(waypoints)]
        net.corridor_edges[name] = _both_ways(net, np.unique(np.concatenate(parts))) if parts else np.zeros(0, np.int64)
