"""Small hand-made networks for fast logistics tests (no OSM data involved)."""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from cagateway.logistics.curated import CuratedLayer, CuratedNode, default_data_dir, load_curated
from cagateway.logistics.geo import unit_vectors
from cagateway.logistics.network import BORDER, FERRY_KIND, LINE, EdgeTable, Network
from cagateway.logistics.places import Place

PARAMS = load_curated(default_data_dir()).params


def small_network(n: int, edges: list[tuple[int, int, float, float, float, int]]) -> Network:
    """``n`` curated nodes in a row (KZ then AZ), directed edges ``(a, b, hours, usd, kg, mode)``."""
    nodes = {
        f"N{i}": CuratedNode(f"N{i}", f"Node {i}", "junction", "KZ" if i < n // 2 else "AZ", 43.0 + i * 0.1,
                             60.0 + i * 0.1, ("rail",), 0.0, 0.0, "test")
        for i in range(n)
    }  # fmt: skip
    layer = CuratedLayer(nodes, {}, {}, {}, PARAMS)
    lat = np.array([node.lat for node in nodes.values()])
    lon = np.array([node.lon for node in nodes.values()])
    country = np.array([node.country for node in nodes.values()], dtype="<U2")

    def col(i: int) -> np.ndarray:
        return np.array([e[i] for e in edges], dtype=np.float64)

    src = np.array([e[0] for e in edges], dtype=np.int64)
    dst = np.array([e[1] for e in edges], dtype=np.int64)
    kinds = np.array([BORDER if country[a] != country[b] else (FERRY_KIND if e[5] == 2 else LINE)
                      for (a, b, *_), e in zip(edges, edges, strict=True)], dtype=np.int64)  # fmt: skip
    table = EdgeTable(src, dst, col(2) * 50, col(2), col(3), col(4), np.array([e[5] for e in edges], np.int64),
                      kinds, np.full(len(edges), "", dtype="<U40"))  # fmt: skip
    every = np.arange(n)
    net = Network(lat, lon, country, np.zeros(n, np.int64), table, layer,
                  {f"N{i}": i for i in range(n)}, {}, {})  # fmt: skip
    net.layer_nodes = {0: every, 1: every}
    net.trees = {0: cKDTree(unit_vectors(lat, lon)), 1: cKDTree(unit_vectors(lat, lon))}
    return net


def place(net: Network, i: int) -> Place:
    return Place(f"N{i}", f"Node {i}", float(net.lat[i]), float(net.lon[i]), str(net.country[i]), i)
