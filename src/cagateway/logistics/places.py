"""Turn a FROM/TO string into a place: a curated node, ``lat,lon``, a UN/LOCODE or a city name (UN/LOCODE table).

Names are matched in any script: as written and romanised (``Ташкент``, ``Тошкент`` and ``Tashkent`` are one
place), and a curated node's name may be one letter off when nothing else matches (Uzbek ``Toshkent``). The
buyer-request destinations of ``rfq`` use the same matching (:func:`name_spellings`, :func:`match_curated`,
:func:`find_location`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from sqlalchemy import func, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cagateway.errors import FieldError
from cagateway.logistics.curated import CuratedNode
from cagateway.logistics.errors import UnknownPlace
from cagateway.logistics.network import Network
from cagateway.reference.models import Location
from cagateway.text import transliterate

__all__ = ["Place", "find_location", "match_curated", "name_spellings", "resolve_place"]

_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")
_LOCODE = re.compile(r"^[A-Za-z]{2}\s?[A-Za-z2-9]{3}$")


@dataclass(frozen=True)
class Place:
    """Where a route starts or ends; ``node`` is set when the place is a curated network node."""

    query: str
    label: str
    lat: float
    lon: float
    country: str
    node: int | None = None
    locode: str | None = None


def name_spellings(text: str) -> list[str]:
    """``text`` with its whitespace folded, then romanised (Cyrillic → Latin) when that differs."""
    clean = " ".join(text.split())
    return list(dict.fromkeys([clean, transliterate(clean)]))


def _fold(text: str) -> str:
    return re.sub(r"[\W_]", "", text.casefold().replace("ʼ", "").replace("'", ""))


def _keys(node: CuratedNode) -> set[str]:
    return {_fold(node.id), _fold(node.name), _fold(node.name.split(" (")[0])}


def match_curated(nodes: Iterable[CuratedNode], spellings: list[str], *, near: bool) -> CuratedNode | None:
    """The curated node one of ``spellings`` names; with ``near``, else the only one a letter away (6+ letters)."""
    keyed = [(node, _keys(node)) for node in nodes]
    folded = [f for f in (_fold(s) for s in spellings) if f]
    exact = next((node for f in folded for node, keys in keyed if f in keys), None)
    if exact is not None or not near:
        return exact
    for f in (f for f in folded if len(f) >= 6):
        close = {
            node.id: node for node, keys in keyed for key in keys if Levenshtein.distance(f, key, score_cutoff=1) <= 1
        }
        if len(close) == 1:
            return next(iter(close.values()))
    return None


def find_location(session: Session, spellings: list[str], *, with_coordinates: bool) -> Location | None:
    """The UN/LOCODE location named by one of ``spellings`` (its name or ASCII name), trusted and rail first."""
    stmt = select(Location).where(
        or_(func.lower(Location.name_ascii).in_([s.lower() for s in spellings]), Location.name.in_(spellings))
    )
    if with_coordinates:
        stmt = stmt.where(Location.lat.is_not(None))
    order = (Location.trusted.desc(), Location.lat.is_(None), Location.is_rail.desc(), Location.is_port.desc())
    return session.scalars(stmt.order_by(*order, Location.locode).limit(1)).first()


def _as_place(net: Network, query: str, node: CuratedNode) -> Place:
    return Place(query, node.name, node.lat, node.lon, node.country, net.curated_index[node.id])


def _from_locations(session: Session, query: str, spellings: list[str]) -> Place | None:
    row: Location | None = None
    if _LOCODE.match(query):
        row = session.get(Location, query.replace(" ", "").upper())
    if row is None:
        row = find_location(session, spellings, with_coordinates=True)
    if row is None or row.lat is None or row.lon is None:
        return None
    return Place(query, f"{row.name} ({row.locode})", row.lat, row.lon, row.country_code, locode=row.locode)


def _unknown(field: str, message: str, value: str) -> UnknownPlace:
    return UnknownPlace(f"{field}: {message}", [FieldError(field, message, value)])


def resolve_place(net: Network, query: str | Place, field: str, session: Session | None = None) -> Place:
    """Resolve FROM/TO; :class:`UnknownPlace` names the field and the forms it accepts.

    A :class:`Place` is returned as it is: layers above logistics (e.g. a producer's site) build their own.
    """
    if isinstance(query, Place):
        return query
    match = _LATLON.match(query)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise _unknown(field, f"{query!r} is outside lat -90..90, lon -180..180", query)
        return Place(query, f"{lat:.4f},{lon:.4f}", lat, lon, str(net.country[net.nearest(1, lat, lon)]))
    spellings = name_spellings(query)
    nodes = net.curated.nodes.values()
    exact = match_curated(nodes, spellings, near=False)
    place = None if exact is None else _as_place(net, query, exact)
    searched = session is not None
    if place is None and session is not None:
        try:
            place = _from_locations(session, query, spellings)
        except SQLAlchemyError:  # an unmigrated database: say so in the message instead of failing with SQL
            session.rollback()
            searched = False
    if place is None:  # a letter off a terminal or city name (Uzbek Toshkent), only once nothing matched exactly
        near = match_curated(nodes, spellings, near=True)
        place = None if near is None else _as_place(net, query, near)
    if place is None:
        hint = "" if searched else " (no UN/LOCODE table to search, so only terminal names and lat,lon work)"
        raise _unknown(
            field,
            f"no place called {query!r}{hint}. Give a UN/LOCODE (e.g. KZALA), a city or terminal name "
            "(e.g. Altynkol, Baku) or lat,lon (e.g. 43.25,76.95); load UN/LOCODE with "
            "`cagateway reference load unlocode`.",
            query,
        )
    return place
