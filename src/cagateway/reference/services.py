"""Look-ups in the reference tables, used by validation and the API."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cagateway.errors import NotFound, ReferenceDataMissing
from cagateway.reference.models import Country, HsCode, Location, Subdivision

__all__ = [
    "get_country",
    "get_hs_code",
    "get_location",
    "get_subdivision",
    "normalise_hs_code",
    "require_reference_loaded",
]


def normalise_hs_code(raw: str) -> str:
    """``25.23.29`` / ``2523 29`` / ``252329`` → ``252329``: digits only."""
    if raw.isdigit():  # already digits only (most codes): no loop over the characters
        return raw
    return "".join(ch for ch in raw if ch.isdigit())


def get_country(session: Session, code: str) -> Country | None:
    return session.get(Country, code.upper())


def get_subdivision(session: Session, code: str) -> Subdivision | None:
    return session.get(Subdivision, code.upper())


def get_hs_code(session: Session, code: str) -> HsCode:
    """The HS 2022 chapter, heading or subheading; :class:`NotFound` names the valid forms."""
    clean = normalise_hs_code(code)
    row = session.get(HsCode, clean) if len(clean) in {2, 4, 6} else None
    if row is None:
        raise NotFound(
            f"HS code {code!r} does not exist in HS 2022. Give a 2-digit chapter, 4-digit heading or "
            "6-digit subheading, e.g. 2523 or 252329."
        )
    return row


def get_location(session: Session, locode: str) -> Location | None:
    return session.get(Location, locode.replace(" ", "").upper())


def require_reference_loaded(session: Session) -> None:
    """Raise if ``cagateway db upgrade`` has not loaded the built-in reference data."""
    if not session.scalar(select(func.count()).select_from(HsCode)):
        raise ReferenceDataMissing("HS codes are not loaded. Run `cagateway db upgrade` first.")
