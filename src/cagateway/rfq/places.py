"""Where a buyer wants the goods: a UN/LOCODE, a country, or a city name in any script.

Looked up, in order, in the UN/LOCODE table (a code, or a name as written or romanised), the countries, the
curated logistics nodes (cities and terminals, so ``Ташкент`` works without UN/LOCODE loaded; one letter may differ,
so Uzbek ``Toshkent`` finds ``Tashkent``) and the cities of
registered producers' sites. The result keeps what routing needs (country, coordinates, LOCODE when known).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from cagateway.errors import InvalidInput
from cagateway.logistics.curated import CuratedNode, default_data_dir, load_curated
from cagateway.logistics.errors import NetworkDataMissing
from cagateway.logistics.places import find_location, match_curated, name_spellings
from cagateway.reference.models import Country, Location
from cagateway.registry.models import Site

__all__ = ["Destination", "resolve_destination"]

_LOCODE = re.compile(r"^[A-Za-z]{2}\s?[A-Za-z2-9]{3}$")


@dataclass(frozen=True)
class Destination:
    """A resolved destination; ``kind`` is ``locode``, ``country``, ``city`` (curated or site city)."""

    text: str
    label: str
    country: str
    kind: str
    locode: str | None = None
    lat: float | None = None
    lon: float | None = None


def _from_locode(session: Session, text: str) -> Destination | None:
    if not _LOCODE.match(text):
        return None
    row = session.get(Location, text.replace(" ", "").upper())
    if row is None:
        return None
    return Destination(text, f"{row.name} ({row.locode})", row.country_code, "locode", row.locode, row.lat, row.lon)


def _from_country(session: Session, spellings: list[str]) -> Destination | None:
    codes = [s.upper() for s in spellings if len(s) in {2, 3} and s.isalpha()]
    names = [s.lower() for s in spellings]
    stmt = select(Country).where(
        or_(Country.code.in_(codes), Country.alpha3.in_(codes), func.lower(Country.name_en).in_(names))
    )
    row = session.scalars(stmt.limit(1)).first()
    return None if row is None else Destination(spellings[0], row.name_en, row.code, "country")


def _from_locations(session: Session, spellings: list[str]) -> Destination | None:
    row = find_location(session, spellings, with_coordinates=False)
    if row is None:
        return None
    label = f"{row.name} ({row.locode})"
    return Destination(spellings[0], label, row.country_code, "locode", row.locode, row.lat, row.lon)


@cache
def _curated_nodes(data_dir: Path) -> tuple[CuratedNode, ...]:
    try:
        return tuple(load_curated(data_dir).nodes.values())
    except NetworkDataMissing:
        return ()


def _from_curated(spellings: list[str], data_dir: Path | None) -> Destination | None:
    node = match_curated(_curated_nodes(data_dir or default_data_dir()), spellings, near=True)
    if node is None:
        return None
    return Destination(spellings[0], node.name, node.country, "city", None, node.lat, node.lon)


def _from_sites(session: Session, spellings: list[str]) -> Destination | None:
    variants = list(dict.fromkeys(v for s in spellings for v in (s, s.title(), s.upper(), s.lower())))
    stmt = (
        select(Site.city, Site.country_code, func.count())
        .where(Site.city.in_(variants))
        .group_by(Site.city, Site.country_code)
        .order_by(func.count().desc(), Site.country_code)
        .limit(1)
    )
    row = session.execute(stmt).first()
    return None if row is None else Destination(spellings[0], str(row[0]), str(row[1]), "city")


def resolve_destination(session: Session, text: str, data_dir: Path | None = None) -> Destination:
    """The place ``text`` names; :class:`InvalidInput` on ``destination`` with the accepted forms otherwise."""
    clean = " ".join(text.split())
    if not clean:
        raise InvalidInput.single("destination", "give a city (e.g. Tashkent, Ташкент), a UN/LOCODE or a country")
    spellings = name_spellings(clean)
    found = (
        _from_locode(session, clean)
        or _from_country(session, spellings)
        or _from_locations(session, spellings)
        or _from_curated(spellings, data_dir)
        or _from_sites(session, spellings)
    )
    if found is None:
        raise InvalidInput.single(
            "destination",
            f"no place called {clean!r}: give a city name (e.g. Tashkent or Ташкент), a UN/LOCODE (e.g. UZTAS) "
            "or a country (e.g. UZ or Uzbekistan)",
            clean,
        )
    return found
