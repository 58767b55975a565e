"""Browsing the registry: producer counts by HS level (section → chapter → heading → subheading), by country and
by region, and the public ids a sitemap lists. Pages and APIs call these; they never count on their own.

Counts are of live producers (not deleted, not merged into a golden record) with at least one product line or
site under the node; a producer with lines in two chapters of one section counts once for the section.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.orm import Session, selectinload

from cagateway.errors import NotFound
from cagateway.reference.models import Country, HsCode, HsSection, Subdivision
from cagateway.registry.models import LegalEntity, ProductLine, Site
from cagateway.registry.serialise import producer_summary

__all__ = [
    "HsNode",
    "Place",
    "country_counts",
    "country_names",
    "hs_children",
    "hs_names",
    "hs_node",
    "hs_sections",
    "live_public_ids",
    "newest_producers",
    "region_counts",
    "region_names",
]

_SECTION = re.compile(r"^[IVX]{1,5}$")


@dataclass(frozen=True)
class HsNode:
    """One node of the HS tree: a section (Roman numeral) or a 2-, 4- or 6-digit code, with producer count."""

    code: str
    level: str  # section | chapter | heading | subheading
    name_en: str
    name_ru: str | None
    producers: int
    parent: str | None = None

    def name(self, lang: str) -> str:
        """The name in ``lang`` where the nomenclature has it (Russian for ru and kk), else English."""
        return self.name_ru if lang in {"ru", "kk"} and self.name_ru else self.name_en


@dataclass(frozen=True)
class Place:
    """A country or region with its producer count."""

    code: str
    name: str
    producers: int


def _live() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return LegalEntity.deleted_at.is_(None), LegalEntity.merged_into_id.is_(None)


def _prefix_counts(session: Session, prefix: str, digits: int, last: str | None = None) -> dict[str, int]:
    """Live producers per ``digits``-digit HS prefix, among lines from ``prefix`` to ``last`` (default: under
    ``prefix``), read as a range of the ``hs_code`` index."""
    key = func.substr(ProductLine.hs_code, 1, digits)
    stmt = (
        select(key, func.count(distinct(ProductLine.entity_id)))
        .join(LegalEntity, LegalEntity.id == ProductLine.entity_id)
        .where(*_live(), ProductLine.hs_code >= prefix, ProductLine.hs_code < (last or prefix) + ":")
        .group_by(key)
    )
    return {str(code): int(n) for code, n in session.execute(stmt)}


def _section_counts(session: Session) -> dict[str, int]:
    chapter_section = dict(session.execute(select(HsCode.code, HsCode.section).where(HsCode.level == 2)).all())
    chapter = func.substr(ProductLine.hs_code, 1, 2)
    stmt = (
        select(chapter, ProductLine.entity_id)
        .join(LegalEntity, LegalEntity.id == ProductLine.entity_id)
        .where(*_live())
        .distinct()
    )
    members: dict[str, set[int]] = defaultdict(set)
    for code, entity_id in session.execute(stmt):
        members[chapter_section.get(code, "?")].add(entity_id)
    return {section: len(ids) for section, ids in members.items()}


def _level_of(code: str) -> str:
    return {2: "chapter", 4: "heading", 6: "subheading"}[len(code)]


def hs_children(session: Session, parent: str | None = None) -> list[HsNode]:
    """The children of ``parent`` (None: the 21 sections; a section: its chapters; a code: its sub-codes)."""
    if parent is None:
        counts = _section_counts(session)
        sections = session.scalars(select(HsSection)).all()
        nodes = [HsNode(s.code, "section", s.name_en, s.name_ru, counts.get(s.code, 0)) for s in sections]
        return sorted(nodes, key=lambda n: _roman(n.code))
    if _SECTION.match(parent):
        codes = session.scalars(select(HsCode).where(HsCode.level == 2, HsCode.section == parent)).all()
        chapters = sorted(c.code for c in codes)  # a section's chapters are consecutive
        counts = _prefix_counts(session, chapters[0], 2, chapters[-1]) if codes else {}
    else:
        codes = session.scalars(select(HsCode).where(HsCode.parent == parent)).all()
        counts = _prefix_counts(session, parent, len(parent) + 2) if codes else {}
    return [
        HsNode(c.code, _level_of(c.code), c.description_en, c.description_ru, counts.get(c.code, 0), parent)
        for c in sorted(codes, key=lambda c: c.code)
    ]


def hs_node(session: Session, code: str, *, with_count: bool = True) -> HsNode:
    """One node, with its producer count unless ``with_count`` is false (breadcrumbs need only names);
    :class:`NotFound` when the nomenclature has no such node."""
    if _SECTION.match(code):
        section = session.get(HsSection, code)
        if section is not None:
            count = _section_counts(session).get(code, 0) if with_count else 0
            return HsNode(code, "section", section.name_en, section.name_ru, count)
    elif code.isdigit() and len(code) in {2, 4, 6}:
        row = session.get(HsCode, code)
        if row is not None:
            count = _prefix_counts(session, code, len(code)).get(code, 0) if with_count else 0
            parent = row.parent or row.section
            return HsNode(code, _level_of(code), row.description_en, row.description_ru, count, parent)
    raise NotFound(f"No HS node {code!r}: use a section (I..XXI) or a chapter, heading or subheading code.")


_ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def country_counts(session: Session) -> list[Place]:
    """Countries that have live producers, most producers first."""
    stmt = (
        select(LegalEntity.country_code, Country.name_en, func.count())
        .join(Country, Country.code == LegalEntity.country_code)
        .where(*_live())
        .group_by(LegalEntity.country_code, Country.name_en)
        .order_by(func.count().desc(), LegalEntity.country_code)
    )
    return [Place(code, name, int(n)) for code, name, n in session.execute(stmt)]


def region_counts(session: Session, country: str) -> list[Place]:
    """The regions (ISO 3166-2) of ``country`` with their count of live producers that have a site there."""
    stmt = (
        select(Subdivision.code, Subdivision.name, func.count(distinct(Site.entity_id)))
        .join(Site, Site.region_code == Subdivision.code, isouter=True)
        .join(LegalEntity, (LegalEntity.id == Site.entity_id) & LegalEntity.deleted_at.is_(None), isouter=True)
        .where(Subdivision.country_code == country.upper())
        .group_by(Subdivision.code, Subdivision.name)
        .order_by(Subdivision.name)
    )
    return [Place(code, name, int(n)) for code, name, n in session.execute(stmt)]


def newest_producers(session: Session, limit: int = 10, country: str | None = None) -> list[dict[str, Any]]:
    """The most recently added live producers (optionally of one country), in the short list form."""
    stmt = select(LegalEntity).where(*_live())
    if country:
        stmt = stmt.where(LegalEntity.country_code == country.upper())
    stmt = stmt.order_by(LegalEntity.id.desc()).limit(limit)
    stmt = stmt.options(selectinload(LegalEntity.names), selectinload(LegalEntity.sites))
    stmt = stmt.options(selectinload(LegalEntity.product_lines))
    return [producer_summary(e) for e in session.scalars(stmt)]


def live_public_ids(session: Session, offset: int = 0, limit: int | None = None) -> list[str]:
    """Public ids of live producers in id order, ``limit`` of them from ``offset`` (for sitemaps)."""
    stmt = select(LegalEntity.public_id).where(*_live()).order_by(LegalEntity.id).offset(offset)
    return list(session.scalars(stmt.limit(limit) if limit is not None else stmt))


def country_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """English names of the ISO 3166-1 ``codes`` the reference data knows."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    return dict(session.execute(select(Country.code, Country.name_en).where(Country.code.in_(wanted))).all())


def region_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """Names of the ISO 3166-2 ``codes`` the reference data knows."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    return dict(session.execute(select(Subdivision.code, Subdivision.name).where(Subdivision.code.in_(wanted))).all())


def hs_names(session: Session, codes: Iterable[str]) -> dict[str, HsNode]:
    """The nomenclature entries of ``codes`` (2, 4 or 6 digits), without counts."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = session.scalars(select(HsCode).where(HsCode.code.in_(wanted))).all()
    return {r.code: HsNode(r.code, _level_of(r.code), r.description_en, r.description_ru, 0, r.parent) for r in rows}


def hs_sections(session: Session) -> tuple[dict[str, HsNode], dict[str, str]]:
    """The 21 sections (without counts) and the section of each chapter."""
    sections = {s.code: HsNode(s.code, "section", s.name_en, s.name_ru, 0) for s in session.scalars(select(HsSection))}
    chapters = dict(session.execute(select(HsCode.code, HsCode.section).where(HsCode.level == 2)).all())
    return sections, chapters
