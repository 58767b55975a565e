"""UN/LOCODE locations of Central Asia and its partners, loaded from a file with every known defect flagged.

The file (geoapify/un-locode, see SOURCES.md) is messy real input. Nothing is dropped: each row is stored,
with ``issues`` listing what is wrong with it and ``trusted`` false when its coordinates cannot be relied on.
Issue codes:

``geocoded``                          coordinates come from a geocoder run on the name, not from UN/LOCODE
``malformed_source_row``              the origin split a quoted name at its comma; name and columns repaired
``outside_country_bbox``              the point lies outside the country's rough box (:mod:`.geo`)
``possibly_swapped``                  ... and lat/lon swapped would lie inside: probably a swap
``coordinates_far_from_subdivision``  far from the other UN/LOCODE points of its subdivision: the point
                                      or the subdivision is wrong
``missing_coordinates``               no coordinates in the source
``invalid_coordinates``               coordinates out of range or not numbers; stored as NULL
``duplicate_code``                    the source has several rows with this code; the first is kept
``name_encoding_damaged``             the name lost its diacritics to "�"; the ASCII name is used instead
``unknown_subdivision``               the subdivision code is not an ISO 3166-2 code of the country
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from cagateway.db.dialect import upsert
from cagateway.errors import InvalidInput
from cagateway.reference.files import LoadReport, locate_files, read_table
from cagateway.reference.geo import inside_country_box
from cagateway.reference.models import Location, Subdivision

__all__ = ["SUSPECT_ISSUES", "find_locations", "load_unlocode"]

FILE_NAME = "unlocode_central_asia_partners.csv"
REQUIRED = ("country", "location", "name", "lat", "lon")
EXPECTED = (
    f"a folder with {FILE_NAME}, or that file: columns country, location, name, lat, lon "
    "(optional: nameWoDiacritics, subdivision, status, function, geocoded, source_row_malformed)"
)

# Coordinates with these defects are kept (a user sees them, flagged) but not trusted. Geocoded points count
# as suspect on their own: the geocoder matched names alone and put known places hundreds of kilometres off
# (Kzyl-Orda ~1,200 km west, Andizhan ~350 km west) while still inside the right country, so no cheap check
# separates its good hits from its bad ones; in this file about a fifth of the geocoded points that have a
# subdivision lie far from it. Missing, invalid (stored as NULL), duplicate or badly encoded names leave
# nothing wrong stored, so they are flagged without withdrawing trust.
SUSPECT_ISSUES = frozenset(
    {"geocoded", "malformed_source_row", "outside_country_bbox", "coordinates_far_from_subdivision"}
)

_FUNCTION_FLAGS = {  # position and character in the 8-character UN/LOCODE function string
    "is_port": (0, "1"),
    "is_rail": (1, "2"),
    "is_road": (2, "3"),
    "is_airport": (3, "4"),
    "is_inland_terminal": (5, "6"),
    "is_border_crossing": (7, "B"),
}
_FUNCTION = re.compile(r"[0-9B-]{8}")
_SUBDIVISION = re.compile(r"[A-Z0-9]{1,3}")
_LOCODE = re.compile(r"[A-Z]{2}[A-Z0-9]{3}")

# A subdivision's UN/LOCODE points mark where it lies: a point farther than this from their medoid (or more
# than SPREAD_FACTOR times their 90th-percentile distance, for large regions) disagrees with its subdivision.
FAR_KM = 400.0
SPREAD_FACTOR = 2.5
MIN_REFERENCE_POINTS = 3


def _join(first: str, second: str) -> str:
    parts = (part.strip().strip('"').strip() for part in (first, second))
    return ", ".join(part for part in parts if part)


def _repair(row: dict[str, str]) -> tuple[dict[str, str], bool]:
    """Undo the origin's split of a quoted ``"Name, Qualifier"``: every later column moved two places right.

    Status and IATA code are lost in such rows; the subdivision and function are found two columns on.
    """
    name, name_ascii = row["name"], row.get("nameWoDiacritics", "")
    malformed = row.get("source_row_malformed") == "1" or (name.startswith('"') and name_ascii.endswith('"'))
    if not malformed:
        return row, False
    fixed = dict(row, name=_join(name, name_ascii), status="")
    fixed["nameWoDiacritics"] = _join(row.get("subdivision", ""), row.get("status", ""))
    fixed["subdivision"], fixed["function"] = row.get("function", ""), row.get("iata", "")
    return fixed, True


def _number(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _coordinates(row: dict[str, str]) -> tuple[float, float] | str:
    """(lat, lon), or the issue that makes them unusable (then they are stored as NULL)."""
    if not row["lat"] and not row["lon"]:
        return "missing_coordinates"
    lat, lon = _number(row["lat"]), _number(row["lon"])
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return "invalid_coordinates"
    return lat, lon


def _inside_country(country: str, lat: float, lon: float) -> bool | None:
    # Chukotka lies east of 180° (Uelen, Lavrentiya, Egvekinot...), outside RU's box in geo.py, which only
    # covers lon 19..180; these ports are real and correctly placed.
    if country == "RU" and lat >= 62 and lon <= -168:
        return True
    return inside_country_box(country, lat, lon)


def _box_issues(country: str, lat: float, lon: float) -> list[str]:
    if _inside_country(country, lat, lon) is not False:
        return []
    swapped = -90 <= lon <= 90 and bool(inside_country_box(country, lon, lat))
    return ["outside_country_bbox", "possibly_swapped"] if swapped else ["outside_country_bbox"]


def _names(row: dict[str, str], issues: list[str]) -> tuple[str, str]:
    name, name_ascii = row["name"], row.get("nameWoDiacritics") or row["name"]
    if "\ufffd" in name:  # the origin's encoding lost the diacritics: the ASCII name reads better than "Or�l"
        issues.append("name_encoding_damaged")
        name = name_ascii
    return name[:200], name_ascii[:200]


def _functions(row: dict[str, str]) -> dict[str, Any]:
    """The function string (when well-formed) and the flags it encodes."""
    code = row.get("function", "")
    if not _FUNCTION.fullmatch(code):
        return {"functions": None} | dict.fromkeys(_FUNCTION_FLAGS, False)
    return {"functions": code} | {flag: code[pos] == char for flag, (pos, char) in _FUNCTION_FLAGS.items()}


def _place(row: dict[str, str], issues: list[str]) -> dict[str, Any]:
    """Coordinates, their source and the issues found in them."""
    found = _coordinates(row)
    if isinstance(found, str):
        issues.append(found)
        return {"lat": None, "lon": None, "coordinates_source": None}
    lat, lon = found
    issues += _box_issues(row["country"].upper(), lat, lon)
    geocoded = row.get("geocoded", "").lower() in {"true", "1", "yes"}
    if geocoded:
        issues.append("geocoded")
    return {"lat": lat, "lon": lon, "coordinates_source": "geocoder" if geocoded else "unlocode"}


def _record(row: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """One ``locations`` row from one source row, with the issues found in the row alone."""
    row, malformed = _repair(row)
    issues = ["malformed_source_row"] if malformed else []
    country = row["country"].upper()
    name, name_ascii = _names(row, issues)
    subdivision = row.get("subdivision", "").upper()
    record = {
        "locode": country + row["location"].upper(),
        "country_code": country,
        "name": name,
        "name_ascii": name_ascii,
        "subdivision": f"{country}-{subdivision}" if _SUBDIVISION.fullmatch(subdivision) else None,
        "status": row.get("status", "")[:2] or None,
        **_functions(row),
        **_place(row, issues),
    }
    return record, issues


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres (haversine; right across the antimeridian too)."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, point)) for point in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(h))


def _outliers(points: dict[str, tuple[float, float]], reference: list[tuple[float, float]]) -> set[str]:
    """Codes of ``points`` far from the medoid of ``reference`` (a subdivision's trustworthy points)."""
    if len(reference) < MIN_REFERENCE_POINTS:
        return set()
    centre = min(reference, key=lambda p: sum(_km(p, q) for q in reference))  # a medoid: robust to outliers
    spread = sorted(_km(centre, p) for p in reference)[int(0.9 * (len(reference) - 1))]
    radius = max(FAR_KM, SPREAD_FACTOR * spread)
    return {code for code, point in points.items() if _km(centre, point) > radius}


def _far_from_subdivision(records: dict[str, dict[str, Any]], issues: dict[str, list[str]]) -> set[str]:
    groups: defaultdict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    reference: defaultdict[str, list[tuple[float, float]]] = defaultdict(list)
    for code, record in records.items():
        if record["subdivision"] is None or record["lat"] is None:
            continue
        point = (record["lat"], record["lon"])
        groups[record["subdivision"]][code] = point
        if record["coordinates_source"] == "unlocode" and not SUSPECT_ISSUES.intersection(issues[code]):
            reference[record["subdivision"]].append(point)
    return set().union(*(_outliers(points, reference[sub]) for sub, points in groups.items()))


def _unknown_subdivisions(session: Session, records: dict[str, dict[str, Any]]) -> set[str]:
    """Codes whose subdivision is not in ISO 3166-2 (checked only for countries whose subdivisions are loaded)."""
    known = set(session.scalars(select(Subdivision.code)))
    covered = {code.split("-", 1)[0] for code in known}
    return {
        code
        for code, record in records.items()
        if record["subdivision"] and record["country_code"] in covered and record["subdivision"] not in known
    }


def _collect(rows: list[dict[str, str]]) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]], Counter[str]]:
    """Records and issues by locode; the first row of a code wins, later ones only flag it."""
    records: dict[str, dict[str, Any]] = {}
    issues: dict[str, list[str]] = {}
    counts: Counter[str] = Counter(rows_read=len(rows), duplicate_rows=0, rejected=0)
    for row in rows:
        record, found = _record(row)
        code = record["locode"]
        if not _LOCODE.fullmatch(code):
            counts["rejected"] += 1  # no usable code, no row to store: counted so that nothing goes unseen
        elif code in records:
            counts["duplicate_rows"] += 1
            issues[code].append("duplicate_code")
        else:
            records[code], issues[code] = record, found
    return records, issues, counts


def _finalise(records: dict[str, dict[str, Any]], issues: dict[str, list[str]]) -> Counter[str]:
    """Write ``issues`` and ``trusted`` into the records; returns how often each issue occurs."""
    tally: Counter[str] = Counter()
    for code, record in records.items():
        found = list(dict.fromkeys(issues[code]))
        record["issues"] = "|".join(found) or None
        record["trusted"] = not SUSPECT_ISSUES.intersection(found)
        tally.update(found)
    return tally


def _store(session: Session, records: Sequence[dict[str, Any]], chunk: int = 500) -> None:
    table = Location.metadata.tables[Location.__tablename__]
    for start in range(0, len(records), chunk):
        upsert(session, table, records[start : start + chunk], key=["locode"])


def load_unlocode(session: Session, path: Path) -> LoadReport:
    """Load or refresh UN/LOCODE locations from a folder with ``unlocode_central_asia_partners.csv`` or that file.

    Rows are upserted by locode; defects are flagged (see the module docstring), never dropped.

    Counts: ``rows_read``, ``locations`` stored, ``trusted``, ``untrusted``, ``flagged`` (any issue),
    ``duplicate_rows`` (later rows of a repeated code) and ``rejected`` (rows without a usable code).
    """
    (file,) = locate_files(path, [FILE_NAME], EXPECTED)
    records, issues, counts = _collect(read_table(file, REQUIRED, EXPECTED))
    for code in _far_from_subdivision(records, issues):
        issues[code].append("coordinates_far_from_subdivision")
    for code in _unknown_subdivisions(session, records):
        issues[code].append("unknown_subdivision")
    tally = _finalise(records, issues)
    _store(session, list(records.values()))
    trusted = sum(record["trusted"] for record in records.values())
    flagged = sum(record["issues"] is not None for record in records.values())
    counts.update(locations=len(records), trusted=trusted, untrusted=len(records) - trusted, flagged=flagged)
    return LoadReport(source=str(file), counts=dict(counts), issues=dict(sorted(tally.items())))


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def find_locations(session: Session, query: str, country: str | None = None, limit: int = 10) -> list[Location]:
    """Locations whose name (or ASCII name) starts with ``query``, case-insensitively, or whose code it is.

    Trusted locations come first, then by name. ``country`` (ISO alpha-2) narrows the search.
    """
    if not 1 <= limit <= 100:
        raise InvalidInput.single("limit", "must be between 1 and 100", limit)
    text = query.strip().lower()
    if not text:
        return []
    pattern, locode = _like_prefix(text), text.replace(" ", "").upper()
    matches = or_(
        func.lower(Location.name_ascii).like(pattern, escape="\\"),
        func.lower(Location.name).like(pattern, escape="\\"),
        Location.locode == locode,
    )
    stmt = select(Location).where(matches)
    if country:
        stmt = stmt.where(Location.country_code == country.strip().upper())
    exact_first = case((Location.locode == locode, 0), else_=1)
    stmt = stmt.order_by(exact_first, Location.trusted.desc(), Location.name_ascii, Location.locode).limit(limit)
    return list(session.scalars(stmt))
