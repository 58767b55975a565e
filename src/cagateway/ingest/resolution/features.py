"""What the resolver compares: one flat record per producer row, with name, place and contact keys.

Every key agrees across scripts and spellings (:func:`cagateway.text.name_tokens`), so that
``«Оңтүстік Цемент» ЖШС`` in Shymkent and ``Ontustik Cement LLP`` in ``Шымкент`` share a name key and a city key.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from cagateway.text import name_tokens

__all__ = ["RawRecord", "ResolutionRecord", "features_many", "features_of", "phone_key", "web_domain"]

_DIGITS = re.compile(r"\D+")
_DOMAIN = re.compile(r"^(?:[a-z]+://)?(?:[^@/]*@)?(?:www\.)?([^/:?#]+)", re.IGNORECASE)
# Mail providers say nothing about who the producer is: two plants on gmail.com are not one plant.
_PUBLIC_MAIL = frozenset({"gmail.com", "mail.ru", "yandex.ru", "yandex.kz", "inbox.ru", "list.ru", "bk.ru",
                          "yahoo.com", "hotmail.com", "outlook.com", "rambler.ru", "qq.com", "163.com"})  # fmt: skip


@dataclass(frozen=True)
class RawRecord:
    """A producer row as the resolver reads it from the registry (or from a synthetic register)."""

    record_id: int
    country: str
    names: Sequence[str]
    identifiers: Sequence[str] = ()  # "SCHEME:VALUE"
    city: str | None = None
    region: str | None = None
    hs_codes: Sequence[str] = ()
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()
    websites: Sequence[str] = ()
    truth: str | None = None  # the underlying producer, known only in synthetic registers


@dataclass(frozen=True)
class ResolutionRecord:
    """The compared fields of one record (column names of the Splink input table)."""

    unique_id: int
    country: str
    name_key: str
    name_tokens: list[str]
    identifier: str | None
    city_key: str | None
    region: str | None
    hs_headings: list[str] = field(default_factory=list)
    hs_chapter: str | None = None
    phone: str | None = None
    domain: str | None = None

    def as_row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COLUMNS}


COLUMNS = (
    "unique_id",
    "country",
    "name_key",
    "name_tokens",
    "identifier",
    "city_key",
    "region",
    "hs_headings",
    "hs_chapter",
    "phone",
    "domain",
)


@functools.lru_cache(maxsize=200_000)
def _tokens(name: str, country: str) -> tuple[str, ...]:
    return tuple(name_tokens(name, country=country))


@functools.lru_cache(maxsize=20_000)
def _city_key(city: str, country: str) -> str:
    # Cities repeat endlessly: cache them. "г. Шымкент" and "Shymkent city" both become "shymkent".
    tokens = [t for t in name_tokens(city, country=country) if t not in {"g", "gorod", "sity", "shahar", "kala"}]
    return " ".join(tokens)


def phone_key(phone: str) -> str | None:
    """The last nine digits: the subscriber number, whatever the register did with country and trunk codes."""
    digits = _DIGITS.sub("", phone)
    return digits[-9:] if len(digits) >= 7 else None


def web_domain(value: str) -> str | None:
    """The host of a website or e-mail address, without ``www.``; None for public mail providers."""
    match = _DOMAIN.match(value.strip())
    if not match:
        return None
    domain = match.group(1).lower().strip(".")
    return None if domain in _PUBLIC_MAIL or "." not in domain else domain


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def features_of(raw: RawRecord) -> ResolutionRecord:
    """The comparable fields of a record: the first name's tokens, first identifier, city key, HS headings."""
    country = raw.country.upper()
    tokens = list(_tokens(raw.names[0], country)) if raw.names else []
    headings = sorted({code[:4] for code in raw.hs_codes if len(code) >= 4})
    return ResolutionRecord(
        unique_id=raw.record_id,
        country=country,
        name_key=" ".join(sorted(set(tokens))),
        name_tokens=tokens,
        identifier=_first(raw.identifiers),
        city_key=_city_key(raw.city, country) or None if raw.city else None,
        region=raw.region.upper() if raw.region else None,
        hs_headings=headings,
        hs_chapter=headings[0][:2] if headings else None,
        phone=_first(phone_key(p) for p in raw.phones),
        domain=_first(web_domain(v) for v in [*raw.websites, *raw.emails]),
    )


PARALLEL_FROM = 50_000  # below this, starting worker processes costs more than it saves


def features_many(raws: Sequence[RawRecord], workers: int | None = None) -> list[ResolutionRecord]:
    """:func:`features_of` for every record, in order; large inputs are split over the machine's cores.

    Name keys cost about 0.4 ms a name (two thirds of it stripping legal forms, one regular expression per
    form), so at a million records the work is worth spreading over processes.
    """
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(raws) < PARALLEL_FROM:
        return [features_of(raw) for raw in raws]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(features_of, raws, chunksize=5_000))
