"""Join the pieces of a clipped OSM graph that the extract leaves apart (missing spurs, unmapped stretches).

``scgraph-data``'s railway graph splits into ~120 components inside the region; e.g. Aktau's and Poti's lines do
not touch the main network. Each component gets joined to the nearest node of another component in the same
country (Borůvka rounds), by a straight ``gap`` edge of great-circle km × ``GAP_CIRCUITY``, if shorter than
``max_km``. Routes show these edges as ``osm_gap`` legs so nobody mistakes them for mapped track.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from cagateway.logistics.geo import EARTH_KM, unit_vectors

__all__ = ["GAP_CIRCUITY", "bridge_gaps"]

GAP_CIRCUITY: Final = 1.25  # assumption: track is ~25% longer than the great circle over a gap


def _components(n: int, u: npt.NDArray[np.int64], v: npt.NDArray[np.int64]) -> npt.NDArray[np.int32]:
    m = coo_matrix((np.ones(u.size), (u, v)), shape=(n, n))
    return np.asarray(connected_components(m, directed=False)[1])


def _best_links(xyz: npt.NDArray[np.float64], country: npt.NDArray[np.str_],
                label: npt.NDArray[np.int32]) -> list[tuple[float, int, int]]:  # fmt: skip
    """For each component: the shortest chord to another component in the same country."""
    out: list[tuple[float, int, int]] = []
    for code in np.unique(country):
        in_country = np.flatnonzero(country == code)
        for comp in np.unique(label[in_country]):
            mine = in_country[label[in_country] == comp]
            others = in_country[label[in_country] != comp]
            if others.size == 0:
                continue
            dist, idx = cKDTree(xyz[others]).query(xyz[mine])
            best = int(np.argmin(dist))
            out.append((float(dist[best]), int(mine[best]), int(others[idx[best]])))
    return out


Ids = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def bridge_gaps(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64], country: npt.NDArray[np.str_],
                u: Ids, v: Ids, *, max_km: float, rounds: int = 4) -> tuple[Ids, Ids, Floats]:  # fmt: skip
    """Extra edges ``(u, v, km)`` that join components lying within ``max_km`` of each other."""
    xyz = unit_vectors(lat, lon)
    # Components within each country: a cross-border track may be cut later (gauge break), so it must not be
    # what holds a country's network together.
    domestic = country[u] == country[v]
    u, v = u[domestic], v[domestic]
    gu: list[int] = []
    gv: list[int] = []
    gkm: list[float] = []
    for _ in range(rounds):
        label = _components(
            lat.size, np.concatenate([u, gu]).astype(np.int64), np.concatenate([v, gv]).astype(np.int64)
        )
        added = 0
        for chord, a, b in sorted(_best_links(xyz, country, label)):
            km = 2 * EARTH_KM * np.arcsin(min(chord / 2, 1.0))
            if km <= max_km and label[a] != label[b]:
                gu.append(a)
                gv.append(b)
                gkm.append(km * GAP_CIRCUITY)
                label[label == label[b]] = label[a]
                added += 1
        if not added:
            break
    return np.asarray(gu, np.int64), np.asarray(gv, np.int64), np.asarray(gkm, np.float64)
