"""Sea distances between ports over the ``searoute`` maritime network (it includes the Caspian and Black Seas).

Ferries are scheduled services, so the sea network is not part of the routing graph: it gives each ferry link its
kilometres, and the link adds the departure interval, sailing and port time.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from cagateway.logistics.geo import haversine_km, unit_vectors

__all__ = ["sea_km"]


@lru_cache(maxsize=1)
def _sea_graph() -> tuple[csr_matrix, cKDTree, np.ndarray]:
    from searoute.data.marnet_dict import edge_list, node_list  # noqa: PLC0415 - 0.4 s import, only when needed

    keys = list(node_list)
    index = {key: i for i, key in enumerate(keys)}
    rows: list[int] = []
    cols: list[int] = []
    km: list[float] = []
    for a, neighbours in edge_list.items():
        for b, attrs in neighbours.items():
            rows.append(index[a])
            cols.append(index[b])
            km.append(max(float(attrs.get("weight", 0.0)), 1e-6))
    n = len(keys)
    graph = csr_matrix((np.asarray(km), (np.asarray(rows), np.asarray(cols))), shape=(n, n))
    lonlat = np.asarray(keys, dtype=np.float64)
    return graph, cKDTree(unit_vectors(lonlat[:, 1], lonlat[:, 0])), lonlat


def sea_km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Shortest sea distance between two ports: to the nearest sea node, over the network, and back to port."""
    graph, tree, lonlat = _sea_graph()
    _, (ia, ib) = tree.query(unit_vectors(np.array([lat_a, lat_b]), np.array([lon_a, lon_b])))
    dist = dijkstra(graph, directed=True, indices=int(ia))[int(ib)]
    access = haversine_km(lat_a, lon_a, lonlat[ia, 1], lonlat[ia, 0]) + haversine_km(
        lat_b, lon_b, lonlat[ib, 1], lonlat[ib, 0]
    )
    return float(dist + access)
