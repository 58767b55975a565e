"""Maps that work offline: server-drawn SVG of country outlines, producer sites and the trade corridors.

Outlines come from the ``countryinfo`` wheel (GeoJSON), corridors from the curated logistics layer
(``data/logistics/corridors.csv``). The same points and lines are handed to Leaflet as JSON when a tile URL is
configured (``CAGATEWAY_MAP_TILE_URL``); without tiles, or without scripts, the SVG is the map.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cagateway.logistics.countries import country_shapes
from cagateway.logistics.curated import default_data_dir, load_curated
from cagateway.logistics.errors import NetworkDataMissing

__all__ = ["Corridor", "MapPoint", "MapView", "corridors", "map_view"]

EXTENT = (26.0, 33.0, 90.0, 56.0)  # lon/lat box: the Caspian route to Türkiye and Georgia, to western China
WIDTH = 960
OUTLINE_COUNTRIES = frozenset(
    {"KZ", "KG", "TJ", "TM", "UZ", "CN", "RU", "AF", "IR", "AZ", "GE", "AM", "TR", "MN", "PK", "IN"}
)
CENTRAL_ASIA = frozenset({"KZ", "KG", "TJ", "TM", "UZ"})


@dataclass(frozen=True)
class MapPoint:
    """A site to mark: coordinates, a label and a link (empty when the point is the page's own)."""

    lat: float
    lon: float
    label: str
    href: str = ""


@dataclass(frozen=True)
class Corridor:
    """A named trade corridor as a polyline of (lat, lon) waypoints."""

    name: str
    mode: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class MapView:
    """What a page's map shows, as SVG parts and as JSON for Leaflet."""

    width: int
    height: int
    outlines: list[tuple[str, str, bool]]  # (country code, SVG path, is Central Asia)
    points: list[tuple[float, float, MapPoint]]  # projected x, y and the point
    lines: list[tuple[str, str, str]]  # (name, mode, SVG points attribute)
    data: str  # JSON for Leaflet: points, corridors, bounds


def _scale() -> tuple[float, float]:
    west, south, east, north = EXTENT
    kx = math.cos(math.radians((south + north) / 2))  # equirectangular, true to scale at the middle latitude
    height = WIDTH * (north - south) / ((east - west) * kx)
    return kx, height


def _xy(lat: float, lon: float) -> tuple[float, float]:
    west, _south, east, north = EXTENT
    _kx, height = _scale()
    x = (lon - west) / (east - west) * WIDTH
    y = (north - lat) / (north - EXTENT[1]) * height
    return round(x, 1), round(y, 1)


def _ring_path(ring: Iterable[Sequence[float]]) -> str:
    coords = [_xy(lat, lon) for lon, lat in ring]
    return "M" + "L".join(f"{x},{y}" for x, y in coords) + "Z"


@cache
def _outlines() -> tuple[tuple[str, str, bool], ...]:
    out = []
    for code, outline in country_shapes():
        if code not in OUTLINE_COUNTRIES:
            continue
        geometry = outline.simplify(0.05)
        polygons = getattr(geometry, "geoms", [geometry])
        path = "".join(_ring_path(p.exterior.coords) for p in polygons if p.area > 0.05)
        out.append((str(code), path, code in CENTRAL_ASIA))
    return tuple(sorted(out))


@cache
def _corridors(data_dir: Path) -> tuple[Corridor, ...]:
    try:
        layer = load_curated(data_dir)
    except NetworkDataMissing:
        return ()
    out = []
    for name, (mode, node_ids) in sorted(layer.corridors.items()):
        nodes = [layer.nodes[n] for n in node_ids if n in layer.nodes]
        out.append(Corridor(name, mode, tuple((n.lat, n.lon) for n in nodes)))
    return tuple(out)


def corridors(data_dir: Path | None = None) -> tuple[Corridor, ...]:
    """The curated trade corridors (none when the corridor files are missing)."""
    return _corridors(data_dir or default_data_dir())


def map_view(points: Sequence[MapPoint], lines: Sequence[Corridor]) -> MapView:
    """Project ``points`` and ``lines`` for the SVG and describe them for Leaflet."""
    _kx, height = _scale()
    projected = [(*_xy(p.lat, p.lon), p) for p in points]
    svg_lines = [(c.name, c.mode, " ".join(f"{x},{y}" for x, y in (_xy(*pt) for pt in c.points))) for c in lines]
    data: dict[str, Any] = {
        "points": [asdict(p) for p in points],
        "corridors": [{"name": c.name, "mode": c.mode, "points": [list(pt) for pt in c.points]} for c in lines],
        "bounds": [[EXTENT[1], EXTENT[0]], [EXTENT[3], EXTENT[2]]],
    }
    # "</" would end the <script> element the JSON sits in; \u003c keeps it JSON and inert.
    encoded = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return MapView(WIDTH, round(height), list(_outlines()), projected, svg_lines, encoded)
