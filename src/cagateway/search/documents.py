"""The indexed document of a producer, read from the registry tables with Core queries in batches, or built from
the rows an import has just inserted (the same rows, not read back).

A document holds, as search tokens (:mod:`cagateway.search.tokens`): every name in its script and transliterated,
legal form removed; product descriptions; the English and Russian names of each product's HS subheading and
heading (so ``цемент`` finds HS 2523 producers whose own text says ``портландцемент`` or nothing); each site's
city and region in every script (``Шымкент``/``Shymkent``/``Chimkent``). It also holds the filter columns and the
hit as shown, so a search reads one table.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from cagateway.reference.models import HsCode, Subdivision
from cagateway.registry.models import Certificate, Contact, EntityName, Identifier, LegalEntity, ProductLine, Site
from cagateway.search.tokens import name_tag, name_tokens_and_key, strip_forms, text_tokens, words
from cagateway.text import name_key, transliterate

__all__ = ["TIER_RANK", "DocumentBuilder", "IndexedDocument", "identifier_token"]

_RUSSIAN_LETTER = re.compile("[а-я]")
TIER_RANK = {"unverified": 0, "registry_matched": 1, "documents_checked": 2, "site_visited": 3}

# Former and Russian names of cities that transliteration cannot produce (keyed by the Latin skeleton of the
# current name). Source: the cities' Wikipedia articles (renamings of 1991-2019).
_CITY_ALIASES: dict[str, tuple[str, ...]] = {
    "shymkent": ("Chimkent", "Чимкент"),
    "oskemen": ("Ust-Kamenogorsk", "Усть-Каменогорск"),
    "oral": ("Uralsk", "Уральск"),
    "astana": ("Nur-Sultan", "Akmola", "Tselinograd", "Нур-Султан", "Акмола"),
    "almaty": ("Alma-Ata", "Алма-Ата"),
    "semei": ("Semipalatinsk", "Семипалатинск"),
    "atyrau": ("Guryev", "Гурьев"),
    "aktau": ("Shevchenko", "Шевченко"),
    "taraz": ("Dzhambul", "Zhambyl", "Джамбул"),
    "petropavl": ("Petropavlovsk", "Петропавловск"),
    "bishkek": ("Frunze", "Фрунзе"),
    "hujand": ("Khodjent", "Leninabad", "Ходжент", "Ленинабад"),
    "karakol": ("Przhevalsk", "Пржевальск"),
    "turkmenbashi": ("Krasnovodsk", "Красноводск"),
}


# The project's authored HS term lists (ru, kk, uz, en: "сары май", "paxta", "shakar"), shared with classify/. They
# let a product word in one language find producers whose descriptions are in another. Present in a checkout;
# an installed package without them indexes the HS names only.
HS_TERMS = Path(__file__).resolve().parents[3] / "data" / "hs_terms"


@lru_cache(maxsize=1)
def hs_term_tokens() -> dict[str, list[str]]:
    """Search tokens of the authored terms of each HS code (4 or 6 digits)."""
    out: dict[str, list[str]] = defaultdict(list)
    for path in sorted(HS_TERMS.glob("*.csv")) if HS_TERMS.is_dir() else []:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                out[row["hs"]].extend(text_tokens(row["term"], keep_words=True))
    return {code: list(dict.fromkeys(tokens)) for code, tokens in out.items()}


@lru_cache(maxsize=65_536)
def _description_tokens(text: str, lang: str | None) -> tuple[str, ...]:
    """A product description's tokens: registers repeat the same few thousand descriptions ("Цемент", "Мука
    пшеничная") across their producers, so each is folded and split once per run."""
    return tuple(text_tokens(text, lang, keep_words=True))


def identifier_token(value: str) -> str:
    """An identifier as one index token: letters and digits only, lower case (``KZ 0407-4000`` → ``kz04074000``)."""
    lower = value.lower()
    if lower.isalnum():  # every character kept (most identifiers): no loop over them
        return lower
    return "".join(ch for ch in lower if ch.isalnum())


@lru_cache(maxsize=4096)
def _tag(prefix: str, value: str) -> str:
    """A filter tag (``cc`` + country, ``tier``, ``rg`` + region, ``cert`` + kind): a few hundred distinct values."""
    return prefix + identifier_token(value)


@dataclass
class IndexedDocument:
    """The row written to ``search_documents`` (and from it, the engine's full-text index)."""

    entity_id: int
    public_id: str
    country_code: str
    verification_tier: str
    names: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    idents: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    russian: list[str] = field(default_factory=list)
    name_keys: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    hs_codes: list[str] = field(default_factory=list)
    certificate_kinds: list[str] = field(default_factory=list)
    max_capacity: float | None = None
    completeness: float = 0.0
    hit: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The ``search_documents`` row."""
        tier_rank = TIER_RANK.get(self.verification_tier, 0)
        return {
            "entity_id": self.entity_id,
            "public_id": self.public_id,
            "country_code": self.country_code,
            "region_codes": _padded(self.regions),
            "hs_codes": _padded(self.hs_codes),
            "verification_tier": self.verification_tier,
            "tier_rank": tier_rank,
            "certificate_kinds": "|" + "|".join(dict.fromkeys(self.certificate_kinds)) + "|",
            "max_capacity": self.max_capacity,
            "completeness": round(self.completeness, 3),
            "static_rank": tier_rank + self.completeness,
            "names": " ".join(dict.fromkeys(self.names)),
            "body": " ".join(dict.fromkeys(self.body)),
            "idents": " ".join(dict.fromkeys(self.idents)),
            "tags": " ".join(dict.fromkeys(self.tags)),
            "russian": " ".join(dict.fromkeys(self.russian)),
            "name_keys": "|".join(dict.fromkeys(k for k in self.name_keys if k)),
            "hit": self.hit,
        }


def _padded(values: Iterable[str]) -> str:
    return " " + " ".join(dict.fromkeys(values)) + " " if values else ""


_Row = Mapping[Any, Any]  # a registry row: a RowMapping read, or the dict the bulk writer inserted


def _group(rows: Iterable[_Row]) -> dict[int, list[_Row]]:
    grouped: dict[int, list[_Row]] = defaultdict(list)
    for row in rows:
        grouped[row["entity_id"]].append(row)
    return grouped


class DocumentBuilder:
    """Builds documents for batches of producers; caches HS and region tokens across batches of one run."""

    def __init__(self) -> None:
        self._hs: dict[str, tuple[list[str], list[str]]] = {}
        self._regions: dict[str, list[str]] = {}
        self._places: dict[tuple[str, str], list[str]] = {}

    def build(self, conn: Connection, entity_ids: Sequence[int]) -> tuple[list[IndexedDocument], list[int]]:
        """Documents of the live producers among ``entity_ids``, and the ids that are deleted or gone."""
        entities = conn.execute(select(LegalEntity.__table__).where(LegalEntity.id.in_(entity_ids))).mappings().all()
        # Merged members are represented by their golden record, which carries their names.
        live = [e for e in entities if e["deleted_at"] is None and e.get("merged_into_id") is None]
        gone = sorted(set(entity_ids) - {e["id"] for e in live})
        if not live:
            return [], gone
        ids = [e["id"] for e in live]
        parts = {name: _group(conn.execute(select(model.__table__).where(model.entity_id.in_(ids))).mappings())
                 for name, model in _PARTS.items()}  # fmt: skip
        return self._documents(conn, live, parts), gone

    def build_inserted(self, conn: Connection, tables: Mapping[str, Sequence[_Row]]) -> list[IndexedDocument]:
        """Documents of producers whose rows were just inserted, from those rows by table name (as
        :func:`~cagateway.registry.bulk.bulk_create_producers` hands them to its ``written`` callback).

        The same documents :meth:`build` would read back (a test compares them); an import saves the reads.
        """
        parts = {name: _group(tables.get(model.__tablename__, ())) for name, model in _PARTS.items()}
        return self._documents(conn, tables.get("legal_entities", ()), parts)

    def _documents(
        self, conn: Connection, entities: Sequence[_Row], parts: dict[str, dict[int, list[_Row]]]
    ) -> list[IndexedDocument]:
        self._load_hs(conn, {p["hs_code"] for rows in parts["products"].values() for p in rows})
        regions = {s["region_code"] for rows in parts["sites"].values() for s in rows if s["region_code"]}
        self._load_regions(conn, regions)
        return [self._document(e, {k: v.get(e["id"], []) for k, v in parts.items()}) for e in entities]

    def _load_hs(self, conn: Connection, codes: set[str]) -> None:
        wanted = {c for code in codes for c in (code, code[:4])} - self._hs.keys()
        if not wanted:
            return
        texts = conn.execute(select(HsCode.code, HsCode.description_en, HsCode.description_ru).where(
            HsCode.code.in_(wanted)))  # fmt: skip
        for code, english, russian in texts:
            ru = russian or ""
            self._hs[code] = (text_tokens(f"{english} {ru}"), words(ru))
        for code in wanted - self._hs.keys():
            self._hs[code] = ([], [])

    def _load_regions(self, conn: Connection, codes: set[str]) -> None:
        wanted = codes - self._regions.keys()
        if not wanted:
            return
        names = conn.execute(select(Subdivision.code, Subdivision.name).where(Subdivision.code.in_(wanted)))
        for code, name in names:
            self._regions[code] = self._place_tokens(name, None)
        for code in wanted - self._regions.keys():
            self._regions[code] = []

    def _place_tokens(self, place: str, country: str | None) -> list[str]:
        """A place name in every script: as written, transliterated both ways, and its former names."""
        key = (place, country or "")
        if key not in self._places:
            spellings = [place, transliterate(place, None, "Latn"), transliterate(place, None, "Cyrl")]
            tokens = [t for s in spellings for t in text_tokens(s, keep_words=True)]
            skeleton = name_key(place)
            for alias in _CITY_ALIASES.get(skeleton, ()):
                tokens.extend(text_tokens(alias, keep_words=True))
            self._places[key] = list(dict.fromkeys(tokens))
        return self._places[key]

    def _document(self, entity: _Row, parts: dict[str, list[_Row]]) -> IndexedDocument:
        country, tier = entity["country_code"], entity["verification_tier"]
        doc = IndexedDocument(entity["id"], entity["public_id"], country, tier)
        doc.tags += [_tag("cc", country), _tag("tier", tier)]
        self._add_names(doc, entity, parts["names"])
        self._add_products(doc, parts["products"])
        self._add_sites(doc, parts["sites"])
        for ident in parts["identifiers"]:
            doc.idents.append(identifier_token(ident["value"]))
        for cert in parts["certificates"]:
            doc.certificate_kinds.append(" ".join(words(cert["kind"])))
            doc.tags.append(_tag("cert", cert["kind"]))
        doc.completeness = _completeness(entity, parts)
        doc.hit = _hit(entity, parts)
        return doc

    def _add_names(self, doc: IndexedDocument, entity: _Row, names: list[_Row]) -> None:
        values = [(n["value"], n["lang"]) for n in names] or [(entity["display_name"], None)]
        for value, lang in values:
            bare = strip_forms(value)
            tokens, key = name_tokens_and_key(bare, lang)
            doc.names += tokens
            doc.name_keys.append(key)
            doc.tags.append(name_tag(key))
            if lang in {"ru", None} and _RUSSIAN_LETTER.search(bare.lower()):
                doc.russian.append(bare)

    def _add_products(self, doc: IndexedDocument, products: list[_Row]) -> None:
        capacities = [p["capacity"] for p in products if p["capacity"] is not None]
        doc.max_capacity = max(capacities) if capacities else None
        terms = hs_term_tokens()
        for product in products:
            code = product["hs_code"]
            doc.hs_codes.append(code)
            doc.tags += [f"hs{code[:2]}", f"hs{code[:4]}", f"hs{code}"]
            description, lang = product["description"], product["description_lang"]
            if description:
                doc.body += _description_tokens(description, lang)
                if lang == "ru":
                    doc.russian.append(description)
            for level in (code, code[:4]):
                tokens, russian = self._hs.get(level, ([], []))
                doc.body += tokens
                doc.body += terms.get(level, ())
                doc.russian += russian

    def _add_sites(self, doc: IndexedDocument, sites: list[_Row]) -> None:
        for site in sites:
            region, city = site["region_code"], site["city"]
            if region:
                doc.regions.append(region)
                doc.tags.append(_tag("rg", region))
                doc.body += self._regions.get(region, [])
            if city:
                doc.body += self._place_tokens(city, site["country_code"])


_PARTS: dict[str, Any] = {
    "names": EntityName,
    "identifiers": Identifier,
    "sites": Site,
    "products": ProductLine,
    "certificates": Certificate,
    "contacts": Contact,
}


def _completeness(entity: _Row, parts: dict[str, list[_Row]]) -> float:
    """Share of the profile a buyer looks for that is filled in: 0.0 to 1.0."""
    checks = (
        bool(parts["identifiers"]),
        any(s["city"] for s in parts["sites"]),
        any(s["lat"] is not None for s in parts["sites"]),
        bool(parts["products"]),
        any(p["capacity"] is not None for p in parts["products"]),
        bool(parts["certificates"]),
        bool(parts["contacts"]),
        bool(entity["website"]),
    )
    return sum(checks) / len(checks)


def _hit(entity: _Row, parts: dict[str, list[_Row]]) -> dict[str, Any]:
    """The hit as DESIGN.md shows it: ``{"id", "name", "names", "country", "city", "hs_codes"}``."""
    return {
        "id": entity["public_id"],
        "name": entity["display_name"],
        "names": [n["value"] for n in parts["names"]],
        "country": entity["country_code"],
        "city": next((s["city"] for s in parts["sites"] if s["city"]), None),
        "hs_codes": sorted({p["hs_code"] for p in parts["products"]}),
    }
