"""Turn a FROM/TO string into a place: a curated node, ``lat,lon``, a UN/LOCODE or a city name (UN/LOCODE table)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from cagateway.errors import FieldError
from cagateway.logistics.errors import UnknownPlace
from cagateway.logistics.network import Network
from cagateway.reference.models import Location

__all__ = ["Place", "resolve_place"]

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


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("ʼ", "").replace("'", ""))


def _curated(net: Network, query: str) -> Place | None:
    wanted = _fold(query)
    for node in net.curated.nodes.values():
        if wanted in {_fold(node.id), _fold(node.name), _fold(node.name.split(" (")[0])}:
            return Place(query, node.name, node.lat, node.lon, node.country, net.curated_index[node.id])
    return None


def _from_locations(session: Session, query: str) -> Place | None:
    row: Location | None = None
    if _LOCODE.match(query):
        row = session.get(Location, query.replace(" ", "").upper())
    if row is None:
        stmt = (
            select(Location)
            .where(func.lower(Location.name_ascii) == query.strip().lower(), Location.lat.is_not(None))
            .order_by(Location.is_rail.desc(), Location.is_port.desc(), Location.locode)
            .limit(1)
        )
        row = session.scalars(stmt).first()
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
    place = _curated(net, query)
    searched = session is not None
    if place is None and session is not None:
        try:
            place = _from_locations(session, query)
        except SQLAlchemyError:  # an unmigrated database: say so in the message instead of failing with SQL
            session.rollback()
            searched = False
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
