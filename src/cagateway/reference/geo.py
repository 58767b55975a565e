"""Rough country bounding boxes, for a sanity check of coordinates ("is this point roughly in KZ?").

Boxes are (min_lat, min_lon, max_lat, max_lon), rounded outward to whole degrees plus a 0.5° margin, from the
countries' extreme points as listed in Natural Earth 1:10m admin-0 boundaries. They answer "impossible" (a
Kazakh plant in the Atlantic, lat/lon swapped), not "which side of a border".
"""

from __future__ import annotations

__all__ = ["COUNTRY_BOXES", "inside_country_box"]

COUNTRY_BOXES: dict[str, tuple[float, float, float, float]] = {
    "KZ": (40.0, 46.0, 56.0, 88.0),
    "KG": (39.0, 69.0, 43.5, 81.0),
    "TJ": (36.5, 67.0, 41.5, 75.5),
    "TM": (35.0, 52.0, 43.0, 67.0),
    "UZ": (37.0, 55.5, 46.0, 74.0),
    "RU": (41.0, 19.0, 82.5, 180.0),  # Chukotka east of 180° (lon < -168) is outside: rare for producers
    "CN": (18.0, 73.0, 54.0, 135.5),
    "AZ": (38.0, 44.5, 42.5, 51.0),
    "GE": (41.0, 39.5, 44.0, 47.0),
    "TR": (35.5, 25.5, 42.5, 45.0),
    "IR": (25.0, 44.0, 40.0, 63.5),
}


def inside_country_box(country: str, lat: float, lon: float) -> bool | None:
    """True/False when a box is known for ``country``; None when it is not (then nothing can be said)."""
    box = COUNTRY_BOXES.get(country.upper())
    if box is None:
        return None
    min_lat, min_lon, max_lat, max_lon = box
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon
