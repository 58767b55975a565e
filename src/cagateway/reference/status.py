"""How much reference data a database holds: what ``cagateway reference status`` reports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cagateway.reference.models import Country, HsCode, HsSection, Location, Subdivision

__all__ = ["get_reference_status"]

HS_LEVELS = {2: "chapters", 4: "headings", 6: "subheadings"}


def _count(session: Session, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _hs_codes(session: Session) -> dict[str, dict[str, int]]:
    named = func.count(HsCode.description_ru)  # COUNT(column) skips NULLs
    rows = session.execute(select(HsCode.level, func.count(), named).group_by(HsCode.level)).all()
    found = {level: {"total": total, "with_russian_name": ru} for level, total, ru in rows}
    return {name: found.get(level, {"total": 0, "with_russian_name": 0}) for level, name in HS_LEVELS.items()}


def _locations(session: Session) -> dict[str, int]:
    total, trusted, flagged = session.execute(
        select(func.count(), func.count().filter(Location.trusted.is_(True)), func.count(Location.issues))
    ).one()
    return {"total": total, "trusted": trusted, "flagged": flagged}


def get_reference_status(session: Session) -> dict[str, Any]:
    """Counts of countries, subdivisions, HS sections and codes (with Russian names) and UN/LOCODE locations."""
    sections, sections_ru = session.execute(select(func.count(), func.count(HsSection.name_ru))).one()
    return {
        "countries": _count(session, Country),
        "subdivisions": _count(session, Subdivision),
        "hs_sections": {"total": sections, "with_russian_name": sections_ru},
        "hs_codes": _hs_codes(session),
        "locations": _locations(session),
    }
