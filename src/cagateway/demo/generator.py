"""A realistic, GENERATED data set of producers: no record describes a real company.

:func:`generate_producers` streams :class:`~cagateway.registry.schemas.ProducerIn` records, deterministic for a
seed (the first *n* records of a larger run are the records of a run of size *n*), in bounded memory whatever
the size. Producers are spread over the five Central Asian countries (about 70%) and the partners; their names,
identifiers, cities, products, certificates and contacts follow the conventions of each country (see
:mod:`~cagateway.demo.names`, :mod:`~cagateway.demo.places`, :mod:`~cagateway.demo.products`,
:mod:`~cagateway.demo.contacts`).
"""

from __future__ import annotations

import itertools
import math
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from cagateway.demo.contacts import certificate, email, phone, website
from cagateway.demo.names import NAME_WRITERS, Naming
from cagateway.demo.places import City, address, cities_of, jitter
from cagateway.demo.products import Product, ProductTable, product_table
from cagateway.demo.sampling import pick
from cagateway.demo.words import uz_cyrillic
from cagateway.registry.identifiers import generate_identifier
from cagateway.registry.schemas import ProducerIn

__all__ = ["COUNTRY_SHARES", "DEMO_SOURCE", "ID_SCHEMES", "generate_producers", "source_record_id"]

DEMO_SOURCE = "demo"

# Relative shares of producers: the five Central Asian countries most, the partners fewer.
COUNTRY_SHARES: dict[str, float] = {
    "KZ": 24, "UZ": 22, "KG": 10, "TJ": 8, "TM": 6, "RU": 8, "CN": 8, "AZ": 4, "TR": 4, "GE": 3, "IR": 3,
}  # fmt: skip
ID_SCHEMES: dict[str, str] = {
    "KZ": "KZ-BIN", "UZ": "UZ-INN", "KG": "KG-INN", "TJ": "TJ-INN", "TM": "TM", "RU": "RU-INN", "CN": "CN-USCC",
    "AZ": "AZ-VOEN", "TR": "TR-VKN", "GE": "GE-ID", "IR": "IR-NID",
}  # fmt: skip
_COUNTRIES = tuple(COUNTRY_SHARES)
_COUNTRY_CUM = tuple(itertools.accumulate(COUNTRY_SHARES.values()))
_TIERS = ("unverified", "registry_matched", "documents_checked", "site_visited")
_TIER_CUM = (60, 90, 98, 100)
_SMALL_FORMS = {"IE", "FARM"}
_PORT_COUNTRIES = {"RU", "CN", "AZ", "GE", "TR", "IR"}  # sea (or Caspian) ports: FOB/CFR/CIF make sense
_LAND_TERMS = (("EXW",), ("EXW", "FCA"), ("FCA", "CPT"), ("DAP",), ("FCA", "DAP"), ("CPT", "CIP"))
_SEA_TERMS = (("FOB",), ("FOB", "CFR", "CIF"), ("CIF",), ("EXW", "FOB"))
_MOQ = {
    "t": (1, 5, 20, 22, 60, 68),
    "pcs": (500, 1000, 5000),
    "m": (1000, 5000),
    "m2": (100, 500, 1000),
    "l": (10_000,),
}


def source_record_id(seed: int, n: int) -> str:
    """The demo source's record id of the ``n``-th generated producer of ``seed``."""
    return f"demo-{seed}-{n}"


class _SeenFilter:
    """Remembers identifiers already handed out, in fixed memory (a bitmap of CRC32 hashes).

    A false "seen" only makes the generator draw another, equally valid, value; a real repeat is always caught.
    The hash is CRC32, not ``hash()``, so that the output does not depend on PYTHONHASHSEED.
    """

    def __init__(self, expected: int) -> None:
        self._bits = max(1 << 16, min(1 << 28, 1 << (64 * max(expected, 1)).bit_length()))
        self._map = bytearray(self._bits // 8)

    def add(self, value: str) -> bool:
        """Record ``value``; False when it was (probably) seen before."""
        h = zlib.crc32(value.encode()) % self._bits
        byte, bit = divmod(h, 8)
        if self._map[byte] >> bit & 1:
            return False
        self._map[byte] |= 1 << bit
        return True


@dataclass(frozen=True)
class _Places:
    cities: tuple[City, ...]
    cum: tuple[float, ...]


@cache
def _places(country: str) -> _Places:
    cities = cities_of(country)
    return _Places(cities, tuple(itertools.accumulate(c.weight for c in cities)))


def _city(rng: random.Random, country: str) -> City:
    places = _places(country)
    return pick(rng, places.cities, places.cum)


def _identifier(rng: random.Random, country: str, seen: _SeenFilter) -> dict[str, str]:
    scheme = ID_SCHEMES[country]
    while True:
        value = generate_identifier(scheme, rng)
        if seen.add(f"{scheme}:{value}"):
            return {"scheme": scheme, "value": value}


def _site(rng: random.Random, kind: str, city: City, naming: Naming) -> dict[str, Any]:
    lat, lon = jitter(rng, city, km=1.0 if kind == "head_office" else 5.0)
    return {
        "kind": kind,
        "region": city.region,
        "city": city.name_ru if naming.lang == "ru" else city.name,
        "address": address(rng, city, naming.lang, naming.script),
        "lat": lat,
        "lon": lon,
    }


def _sites(rng: random.Random, country: str, plant_city: City, naming: Naming) -> tuple[list[dict[str, Any]], int]:
    """The producer's sites and the index of its plant: a plant, sometimes a head office or a warehouse too."""
    r = rng.random()
    plant = _site(rng, "plant", plant_city, naming)
    if r < 0.3:
        return [_site(rng, "head_office", _city(rng, country), naming), plant], 1
    if r < 0.4:
        return [plant, _site(rng, "warehouse", _city(rng, country), naming)], 0
    return [plant], 0


def _capacity(rng: random.Random, product: Product, small: bool) -> float:
    """Log-uniform between the product's bounds (the lower half for farms and sole traders), to 2 figures."""
    low, high = math.log(product.low), math.log(product.high)
    value = math.exp(rng.uniform(low, (low + high) / 2 if small else high))
    return float(f"{value:.2g}")


def _description(product: Product, naming: Naming) -> str:
    text = product.descriptions[naming.lang]
    return uz_cyrillic(text) if naming.lang == "uz" and naming.script == "Cyrl" else text


def _line(rng: random.Random, product: Product, country: str, naming: Naming, site: int) -> dict[str, Any]:
    line: dict[str, Any] = {
        "hs_code": product.hs,
        "description": _description(product, naming),
        "description_lang": naming.lang,
        "capacity": _capacity(rng, product, small=naming.legal_form in _SMALL_FORMS),
        "capacity_unit": product.unit,
        "lead_time_days": rng.choice((3, 7, 10, 14, 21, 30, 45, 60)),
        "incoterms": list(rng.choice(_SEA_TERMS if country in _PORT_COUNTRIES and rng.random() < 0.5 else _LAND_TERMS)),
        "site_index": site,
    }
    if product.unit in _MOQ and rng.random() < 0.5:
        line["moq"], line["moq_unit"] = float(rng.choice(_MOQ[product.unit])), product.unit
    return line


def _products(rng: random.Random, table: ProductTable, group: str) -> list[Product]:
    """1-4 distinct products, mostly of the producer's main group (a cement plant also sells clinker)."""
    chosen: list[Product] = []
    for _ in range(pick(rng, (1, 2, 3, 4), (45, 75, 92, 100))):
        g = group if not chosen or rng.random() < 0.8 else pick(rng, table.groups, table.group_weights)
        items, cum = table.by_group[g]
        product = pick(rng, items, cum)
        if product not in chosen:
            chosen.append(product)
    return chosen


def _contacts(rng: random.Random, country: str, naming: Naming) -> list[dict[str, str]]:
    contacts = [{"kind": "phone", "value": phone(rng, country)}]
    if rng.random() < 0.15:
        contacts.append({"kind": "phone", "value": phone(rng, country)})
    if rng.random() < 0.85:
        contacts.append({"kind": "email", "value": email(rng, naming.slug, naming.lang)})
    return contacts


def _certificates(rng: random.Random, country: str, group: str) -> list[dict[str, object]]:
    count = pick(rng, (0, 1, 2), (60, 90, 100))
    found = (certificate(rng, country, group) for _ in range(count))
    return [c for c in found if c is not None]


def _producer(rng: random.Random, seed: int, n: int, seen: _SeenFilter) -> ProducerIn:
    country = pick(rng, _COUNTRIES, _COUNTRY_CUM)
    table = product_table(country)
    group = pick(rng, table.groups, table.group_weights)
    city = _city(rng, country)
    naming = NAME_WRITERS[country](rng, city, group)
    sites, plant = _sites(rng, country, city, naming)
    products = _products(rng, table, group)
    data = {
        "country": country,
        "names": naming.names,
        "legal_form": naming.legal_form,
        "legal_form_local": naming.legal_form_local,
        "activity_code": products[0].isic,
        "website": website(naming.slug) if rng.random() < 0.5 else None,
        "verification_tier": pick(rng, _TIERS, _TIER_CUM),
        "identifiers": [_identifier(rng, country, seen)],
        "sites": sites,
        "product_lines": [_line(rng, p, country, naming, plant) for p in products],
        "certificates": _certificates(rng, country, group),
        "contacts": _contacts(rng, country, naming),
        "source_records": [{"source": DEMO_SOURCE, "source_record_id": source_record_id(seed, n)}],
        "provenance": {"source": DEMO_SOURCE, "kind": "generated"},
    }
    return ProducerIn.model_validate(data)


def generate_producers(size: int, seed: int) -> Iterator[ProducerIn]:
    """Yield ``size`` generated producers for ``seed``, one at a time (``size`` may be a million)."""
    rng = random.Random(seed)
    seen = _SeenFilter(size)
    for n in range(size):
        yield _producer(rng, seed, n, seen)
