"""Shortest paths over the edge table: a CSR per objective with one spare "origin" row, Dijkstra from scipy.

An origin that is not a graph node (a city, a lat,lon) reaches several nodes at different first-mile costs. Rather
than rebuilding the CSR per query, the matrix keeps one extra row (the virtual origin) with ``SLOTS`` entries that
a query rewrites in place under a lock; one single-source Dijkstra then answers the query exactly.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

__all__ = ["SLOTS", "CsrGraph", "build_csr"]

SLOTS: Final = 4
_EPS: Final = 1e-9  # zero-weight edges would vanish from a sparse matrix
_FAR: Final = 1e15  # an unused origin slot


@dataclass
class CsrGraph:
    """Deduplicated CSR of one objective; ``edge_at[p]`` is the edge id behind CSR entry ``p``."""

    matrix: csr_matrix
    edge_at: npt.NDArray[np.int64]
    node_count: int
    lock: threading.Lock

    def edge_between(self, a: int, b: int) -> int:
        """The cheapest edge from ``a`` to ``b`` under this objective."""
        start, end = self.matrix.indptr[a], self.matrix.indptr[a + 1]
        row = self.matrix.indices[start:end]
        pos = start + int(np.searchsorted(row, b))
        return int(self.edge_at[pos])

    def shortest_from(
        self, sources: list[tuple[int, float]], limit: float = np.inf
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int32]]:
        """Distances and predecessors from a virtual origin linked to ``sources`` (node, offset).

        With ``limit`` the search stops at that distance: nodes farther away come back as ``inf``, nodes within
        it are exact.
        """
        if len(sources) > SLOTS:
            sources = sorted(sources, key=lambda s: s[1])[:SLOTS]
        origin = self.node_count
        start = self.matrix.indptr[origin]
        with self.lock:
            for i in range(SLOTS):
                node, offset = sources[i] if i < len(sources) else (sources[0][0], _FAR)
                self.matrix.indices[start + i] = node
                self.matrix.data[start + i] = offset + _EPS
            dist, pred = dijkstra(self.matrix, directed=True, indices=origin, return_predecessors=True, limit=limit)
        return dist, pred

    def distance(self, a: int, b: int, bound: float = np.inf) -> float:
        """Shortest distance from node ``a`` to node ``b``; a search bounded by ``bound`` first (exact when it
        reaches ``b``), unbounded only if it does not."""
        for limit in (bound, np.inf):
            dist = dijkstra(self.matrix, directed=True, indices=a, limit=limit)
            if np.isfinite(dist[b]):
                return float(dist[b])
        return float("inf")

    def distances_from_nodes(self, nodes: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Plain multi-source distance rows (an origin–destination matrix)."""
        return np.asarray(dijkstra(self.matrix, directed=True, indices=nodes))


def build_csr(src: npt.NDArray[np.int64], dst: npt.NDArray[np.int64], weight: npt.NDArray[np.float64],
              node_count: int, keep: npt.NDArray[np.bool_] | None = None) -> CsrGraph:  # fmt: skip
    """CSR over the kept edges, one entry per (src, dst) with the smallest weight, plus the origin row."""
    ids = np.arange(src.size) if keep is None else np.flatnonzero(keep)
    order = ids[np.lexsort((weight[ids], dst[ids], src[ids]))]
    s, d = src[order], dst[order]
    first = np.ones(order.size, dtype=bool)
    first[1:] = (s[1:] != s[:-1]) | (d[1:] != d[:-1])
    order, s, d = order[first], s[first], d[first]
    n = node_count + 1
    s = np.concatenate([s, np.full(SLOTS, node_count)])
    d = np.concatenate([d, np.arange(SLOTS)])
    data = np.concatenate([weight[order] + _EPS, np.full(SLOTS, _FAR)])
    edge_at = np.concatenate([order, np.full(SLOTS, -1)])
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.add.at(indptr, s + 1, 1)
    matrix = csr_matrix((data, d.astype(np.int32), np.cumsum(indptr, dtype=np.int32)), shape=(n, n))
    return CsrGraph(matrix, edge_at.astype(np.int64), node_count, threading.Lock())
