"""Shortest paths over the edge table: a CSR per objective with one spare "origin" row, Dijkstra from scipy.

An origin that is not a graph node (a city, a lat,lon) reaches several nodes at different first-mile costs. Rather
than rebuilding the CSR per query, the matrix keeps one extra row (the virtual origin) with ``SLOTS`` entries that
a query rewrites in place under a lock; one single-source Dijkstra then answers the query exactly.

:func:`contract` folds the degree-2 chains of such a graph (most OSM nodes lie on one) into single entries and
keeps the original edges behind each, so searches run on a third fewer nodes and paths still come back as
original edges.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

Way = tuple[int, float, list[int]]  # (node of the searched graph, cost, original edges on the way)

__all__ = ["SLOTS", "ContractedGraph", "CsrGraph", "Way", "build_csr", "contract"]

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
    _keys: npt.NDArray[np.int64] | None = None

    def edge_between(self, a: int, b: int) -> int:
        """The cheapest edge from ``a`` to ``b`` under this objective."""
        start, end = self.matrix.indptr[a], self.matrix.indptr[a + 1]
        row = self.matrix.indices[start:end]
        pos = start + int(np.searchsorted(row, b))
        return int(self.edge_at[pos])

    def path_edges(self, pred: npt.NDArray[np.int32], end: int) -> list[int]:
        """Edge ids of the path that ``pred`` (from :meth:`shortest_from`) leads back from ``end``, in order."""
        nodes = [end]
        prev = int(pred[end])
        while prev >= 0 and prev != self.node_count:
            nodes.append(prev)
            prev = int(pred[prev])
        if len(nodes) < 2:
            return []
        chain = np.asarray(nodes[::-1], np.int64)
        pos = np.searchsorted(self.entry_keys, chain[:-1] * (self.node_count + 1) + chain[1:])
        return [int(x) for x in self.edge_at[pos]]

    def first_node(self, pred: npt.NDArray[np.int32], end: int) -> int:
        """The source the path to ``end`` left from (the node right after the virtual origin)."""
        node = end
        while (prev := int(pred[node])) >= 0 and prev != self.node_count:
            node = prev
        return node

    def enter(self, node: int) -> list[Way]:
        """Ways from ``node`` into the searched graph: itself here (see :meth:`ContractedGraph.enter`)."""
        return [(node, 0.0, [])]

    def leave(self, node: int) -> list[Way]:
        """Ways from the searched graph to ``node``: itself here."""
        return [(node, 0.0, [])]

    def direct(self, a: int, b: int) -> tuple[float, list[int]] | None:
        """A way from ``a`` to ``b`` the search cannot see: none here."""
        return None

    @property
    def entry_keys(self) -> npt.NDArray[np.int64]:
        """``row * (n + 1) + column`` of every CSR entry, ascending (rows and columns are sorted): one
        vectorised look-up finds the entries of a whole path."""
        if self._keys is None:
            m = self.matrix
            rows = np.repeat(np.arange(m.shape[0], dtype=np.int64), np.diff(m.indptr))
            self._keys = rows * m.shape[1] + m.indices.astype(np.int64)
        return self._keys

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


@dataclass
class ContractedGraph:
    """A :class:`CsrGraph` with its degree-2 chains folded into single entries, searched instead of ``full``.

    A node is folded when it is not protected and has exactly two neighbours, reached by one entry each way; a
    chain of such nodes between two kept nodes becomes one entry weighing the sum of the chain (the smallest such
    chain per pair of kept nodes). ``expand[ptr[i]:ptr[i + 1]]`` are the original edge ids behind core entry
    ``i``, so a path maps back to the very edges the full graph would report. Searches whose endpoints include a
    folded node enter the core at both ends of its chain (:meth:`enter`, :meth:`leave`, :meth:`direct`).
    """

    full: CsrGraph
    core: CsrGraph
    kept: npt.NDArray[np.bool_]
    ptr: npt.NDArray[np.int64]
    expand: npt.NDArray[np.int64]
    slot_chain: npt.NDArray[np.int64]  # (node, 2): the two chains (one each way) through a folded node, else -1
    slot_pre: npt.NDArray[np.float64]  # (node, 2): the cost from that chain's start to the node
    slot_pos: npt.NDArray[np.int64]  # (node, 2): the index in that chain of the entry ending at the node
    chain_ends: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]  # start, end, total

    def _slots(self, node: int) -> list[tuple[int, float, int]]:
        """(chain, cost from the chain's start, index of the chain entry that ends at ``node``) per chain."""
        return [
            (int(self.slot_chain[node, i]), float(self.slot_pre[node, i]), int(self.slot_pos[node, i]))
            for i in range(2)
            if self.slot_chain[node, i] >= 0
        ]

    def enter(self, node: int) -> list[Way]:
        """Ways from ``node`` into the core: itself if kept, else on to either end of its chain."""
        if self.kept[node]:
            return [(node, 0.0, [])]
        _, end, total = self.chain_ends
        p = self.ptr
        return [(int(end[c]), float(total[c]) - pre, self.expand[p[c] + k + 1 : p[c + 1]].tolist())
                for c, pre, k in self._slots(node)]  # fmt: skip

    def leave(self, node: int) -> list[Way]:
        """Ways from the core to ``node``: itself if kept, else in from either end of its chain."""
        if self.kept[node]:
            return [(node, 0.0, [])]
        start, p = self.chain_ends[0], self.ptr
        return [(int(start[c]), pre, self.expand[p[c] : p[c] + k + 1].tolist()) for c, pre, k in self._slots(node)]

    def direct(self, a: int, b: int) -> tuple[float, list[int]] | None:
        """The way between two folded nodes that stays on their chain (the core cannot see it), if any."""
        if self.kept[a] or self.kept[b]:
            return None
        if a == b:
            return 0.0, []
        p = self.ptr
        found = [(pb - pa, self.expand[p[c] + ka + 1 : p[c] + kb + 1].tolist())
                 for c, pa, ka in self._slots(a) for cb, pb, kb in self._slots(b) if c == cb and kb > ka]  # fmt: skip
        return min(found, key=lambda way: way[0], default=None)

    def first_node(self, pred: npt.NDArray[np.int32], end: int) -> int:
        """As :meth:`CsrGraph.first_node`, on the core."""
        return self.core.first_node(pred, end)

    def distance(self, a: int, b: int, bound: float = np.inf) -> float:
        """Shortest distance from node ``a`` to node ``b``, folded or not (exact; bounded search first)."""
        if not self.covers([a, b]):
            return self.full.distance(a, b, bound)
        sources = [(node, cost) for node, cost, _ in self.enter(a)]
        targets = [(node, cost) for node, cost, _ in self.leave(b)]
        way = self.direct(a, b)
        for limit in (bound, np.inf):  # nodes past the limit come back inf: exact once the best is within it
            dist, _ = self.core.shortest_from(sources, limit)
            best = min([way[0] if way else np.inf, *(float(dist[node]) + cost for node, cost in targets)])
            if best <= limit:
                return best
        return float("inf")

    @property
    def node_count(self) -> int:
        return self.full.node_count

    def covers(self, nodes: list[int]) -> bool:
        """True when every node is kept or on a chain that leads to kept nodes (not on a closed ring)."""
        ids = np.asarray(nodes, np.int64)
        return bool((self.kept[ids] | (self.slot_chain[ids, 0] >= 0)).all())

    def shortest_from(
        self, sources: list[tuple[int, float]], limit: float = np.inf
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int32]]:
        """As :meth:`CsrGraph.shortest_from` on the core: exact at kept nodes, ``inf`` at folded ones."""
        return self.core.shortest_from(sources, limit)

    def path_edges(self, pred: npt.NDArray[np.int32], end: int) -> list[int]:
        """Original edge ids of the core path ending at ``end``."""
        out: list[int] = []
        for entry in self.core.path_edges(pred, end):
            out += self.expand[self.ptr[entry] : self.ptr[entry + 1]].tolist()
        return out


def contract(graph: CsrGraph, protect: npt.NDArray[np.bool_]) -> ContractedGraph:
    """Fold the degree-2 chains of ``graph`` (see :class:`ContractedGraph`); ``protect`` marks nodes to keep.

    Vectorised: every CSR entry ``u → v`` into a folded ``v`` continues with ``v``'s other entry; pointer jumping
    finds each entry's chain (its first entry, which leaves a kept node) and its place along it.
    """
    n, m = graph.node_count, graph.matrix
    indptr, cols, data = m.indptr[: n + 1], m.indices[: m.indptr[n]].astype(np.int64), m.data[: m.indptr[n]]
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    fold = _foldable(indptr, rows, cols, protect[:n])
    into = fold[cols]  # entries whose head is folded continue along the chain
    first = indptr[cols[into]].astype(np.int64)
    nxt = np.full(cols.size, -1, np.int64)
    nxt[into] = np.where(cols[first] != rows[into], first, first + 1)
    back = np.full(cols.size, -1, np.int64)  # the entry before, within a chain
    back[nxt[into]] = np.flatnonzero(into)
    # list ranking by pointer jumping: each round doubles how far back ``root`` reaches (rings of folded nodes
    # never reach a first entry and are dropped: no kept node leads into them)
    root = np.where(back >= 0, back, np.arange(cols.size))
    depth = (back >= 0).astype(np.int64)
    for _ in range(max(1, int(cols.size).bit_length() + 1)):
        if (back[root] < 0).all():
            break
        depth += np.where(back[root] >= 0, depth[root], 0)
        root = np.where(back[root] >= 0, root[root], root)
    valid = back[root] < 0
    order = np.flatnonzero(valid)
    order = order[np.lexsort((depth[order], root[order]))]
    starts = np.flatnonzero(np.r_[True, root[order][1:] != root[order][:-1]])[: order.size]
    last = order[np.r_[starts[1:], order.size] - 1] if order.size else order
    src, dst = rows[order[starts]], cols[last]
    total = np.add.reduceat(data[order], starts) if order.size else np.zeros(0)
    core = build_csr(src, dst, total - _EPS, n)  # build_csr adds one _EPS back
    ptr = np.r_[starts, order.size].astype(np.int64)
    chain = np.repeat(np.arange(starts.size), np.diff(ptr))
    pre = np.cumsum(data[order]) - np.repeat(np.r_[0.0, np.cumsum(data[order])][starts], np.diff(ptr))
    mid = into[order]  # entries ending at a folded node: that node sits on this chain at cost ``pre``
    slot_chain, slot_pre = np.full((n, 2), -1, np.int64), np.zeros((n, 2))
    heads, side = cols[order][mid], np.zeros(int(mid.sum()), np.int64)
    by_head = np.argsort(heads, kind="stable")
    side[by_head[1:]] = heads[by_head[1:]] == heads[by_head[:-1]]
    slot_pos = np.zeros((n, 2), np.int64)
    slot_chain[heads, side], slot_pre[heads, side], slot_pos[heads, side] = chain[mid], pre[mid], depth[order][mid]
    expand = graph.edge_at[order]
    return ContractedGraph(graph, core, ~fold, ptr, expand, slot_chain, slot_pre, slot_pos, (src, dst, total))


def _foldable(indptr: npt.NDArray[np.int32], rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64],
              protect: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:  # fmt: skip
    """Nodes with two out-entries and two in-entries from the same two other nodes (equal sums and sums of
    squares of the neighbour ids pin the pair down)."""
    n = protect.size
    fold: npt.NDArray[np.bool_] = ~protect & (np.diff(indptr) == 2) & (np.bincount(cols, minlength=n) == 2)
    for power in (1, 2):
        out_sum = np.bincount(rows, weights=cols.astype(np.float64) ** power, minlength=n)
        in_sum = np.bincount(cols, weights=rows.astype(np.float64) ** power, minlength=n)
        fold &= out_sum == in_sum
    fold[cols[rows == cols]] = False  # a self-loop is not a chain
    return fold
