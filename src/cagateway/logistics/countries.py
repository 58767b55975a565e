"""Which country a coordinate lies in, from the country outlines that ``countryinfo`` ships (GeoJSON).

The outlines are coarse (tens of km off in places), which is why border crossings are taken from the curated
layer wherever the gauge changes, and why a node just outside every outline takes its nearest country.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

__all__ = ["assign_countries", "country_shapes"]


@lru_cache(maxsize=1)
def country_shapes() -> tuple[tuple[str, BaseGeometry], ...]:
    """Every country outline ``countryinfo`` ships, as (ISO alpha-2, shapely geometry), read once."""
    out: list[tuple[str, BaseGeometry]] = []
    for entry in (files("countryinfo") / "data").iterdir():
        if not entry.name.endswith(".json"):
            continue
        record = json.loads(entry.read_text(encoding="utf-8"))
        code = (record.get("ISO") or {}).get("alpha2")
        features = (record.get("geoJSON") or {}).get("features") or []
        if code and features:
            out.append((str(code), shape(features[0]["geometry"])))
    return tuple(out)


@lru_cache(maxsize=1)
def _outlines() -> tuple[STRtree, tuple[str, ...]]:
    shapes = country_shapes()
    return STRtree([shapely.make_valid(g) for _, g in shapes]), tuple(code for code, _ in shapes)


def assign_countries(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]) -> npt.NDArray[np.str_]:
    """ISO alpha-2 code per point: the outline containing it, else the nearest outline."""
    tree, codes = _outlines()
    points = shapely.points(lon, lat)
    result = np.full(lat.size, "", dtype="<U2")
    point_idx, geom_idx = tree.query(points, predicate="intersects")
    result[point_idx] = np.asarray(codes)[geom_idx]
    missing = np.flatnonzero(result == "")
    if missing.size:
        _, nearest = tree.query_nearest(points[missing], all_matches=False)
        result[missing] = np.asarray(codes)[nearest]
    return result
