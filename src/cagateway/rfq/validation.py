"""What a request and a quote mean: codes, units, places, dates and certificates checked against reference data.

Every problem is collected (one :class:`~cagateway.errors.InvalidInput` naming each field with a fix), except
that a request without an HS code stops first: the buyer has to pick a code from the suggestions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.errors import FieldError, InvalidInput, NotFound
from cagateway.reference.models import Country
from cagateway.reference.services import get_hs_code
from cagateway.registry.models import Certificate
from cagateway.registry.schemas import INCOTERMS
from cagateway.rfq.places import Destination, resolve_destination
from cagateway.rfq.schemas import QuoteIn, RequestIn
from cagateway.rfq.units import Quantity, UnknownUnit, normalise, unit_choices

__all__ = ["CheckedRequest", "certificate_kinds", "check_quote", "check_request", "fold_certificate"]

MAX_DAYS_AHEAD: Final = 366
# Kinds a buyer may ask for even before any producer in the registry holds one (the demo generator's list).
COMMON_CERTIFICATES: Final = ("ISO 9001", "ISO 14001", "ISO 22000", "EAC", "ST-KZ", "GOST R", "TSE", "Halal", "Organic")


@dataclass(frozen=True)
class CheckedRequest:
    hs_code: str
    text: str | None
    description: str
    quantity: Quantity
    destination: Destination
    incoterm: str
    deadline: dt.date
    certificates: list[str]
    countries: list[str]


def fold_certificate(kind: str) -> str:
    """``"iso9001"``, ``"ISO-9001"`` and ``"ISO 9001"`` are one kind; ``"halal"`` is ``"Halal"``."""
    return re.sub(r"[\W_]+", "", kind.casefold())


def certificate_kinds(session: Session) -> dict[str, str]:
    """Folded kind → the registry's spelling, for every certificate kind held by a producer (plus common ones)."""
    held = session.scalars(select(Certificate.kind).distinct()).all()
    kinds = {fold_certificate(k): k for k in COMMON_CERTIFICATES}
    kinds.update({fold_certificate(k): k for k in held if k})
    return kinds


def _hs(session: Session, raw: str, errors: list[FieldError]) -> str:
    try:
        code = get_hs_code(session, raw)
    except NotFound:
        code = None
    if code is None or code.level not in {4, 6}:
        errors.append(
            FieldError("hs_code", "give an HS 2022 heading (4 digits) or subheading (6 digits), e.g. 1101", raw)
        )
        return ""
    return code.code


def _quantity(data: RequestIn, errors: list[FieldError]) -> Quantity | None:
    try:
        return normalise(data.quantity, data.unit)
    except UnknownUnit:
        errors.append(FieldError("unit", f"use one of {', '.join(unit_choices())}", data.unit))
        return None


def _deadline(deadline: dt.date, today: dt.date, errors: list[FieldError]) -> None:
    if deadline <= today:
        errors.append(FieldError("deadline", f"give a day after today ({today.isoformat()})", deadline.isoformat()))
    elif deadline > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        errors.append(FieldError("deadline", "give a day within a year from today", deadline.isoformat()))


def _certificates(session: Session, wanted: list[str], errors: list[FieldError]) -> list[str]:
    kinds = certificate_kinds(session)
    found: list[str] = []
    for raw in wanted:
        kind = kinds.get(fold_certificate(raw))
        if kind is None:
            known = ", ".join(sorted(set(kinds.values())))
            errors.append(FieldError("certificates", f"unknown certificate kind; use one of {known}", raw))
        elif kind not in found:
            found.append(kind)
    return found


def _countries(session: Session, wanted: list[str], errors: list[FieldError]) -> list[str]:
    codes = [c.strip().upper() for c in wanted if c.strip()]
    known = set(session.scalars(select(Country.code).where(Country.code.in_(codes))))
    for code in codes:
        if code not in known:
            errors.append(FieldError("countries", "give ISO 3166 alpha-2 country codes, e.g. KZ, UZ", code))
    return list(dict.fromkeys(c for c in codes if c in known))


def _incoterm(raw: str, field: str, errors: list[FieldError]) -> str:
    term = raw.strip().upper()
    if term not in INCOTERMS:
        errors.append(FieldError(field, f"use an Incoterms 2020 rule: {', '.join(INCOTERMS)}", raw))
    return term


def _destination(session: Session, raw: str, data_dir: Path | None, errors: list[FieldError]) -> Destination | None:
    try:
        return resolve_destination(session, raw, data_dir)
    except InvalidInput as exc:
        errors.extend(exc.errors)
        return None


def _invalid(errors: list[FieldError]) -> InvalidInput:
    fields = ", ".join(dict.fromkeys(e.field for e in errors))
    return InvalidInput(f"The request is not valid: fix {fields}.", errors)


def check_request(
    session: Session, data: RequestIn, hs_code: str, today: dt.date, data_dir: Path | None = None
) -> CheckedRequest:
    """``data`` with ``hs_code`` (already chosen) checked and normalised; every problem in one error."""
    errors: list[FieldError] = []
    code = _hs(session, hs_code, errors)
    description = (data.description or data.text or "").strip()
    if not description:
        errors.append(FieldError("description", "describe the product (grade, packing, specification)", None))
    quantity = _quantity(data, errors)
    destination = _destination(session, data.destination, data_dir, errors)
    incoterm = _incoterm(data.incoterm, "incoterm", errors)
    _deadline(data.deadline, today, errors)
    certificates = _certificates(session, data.certificates, errors)
    countries = _countries(session, data.countries, errors)
    if errors or quantity is None or destination is None:
        raise _invalid(errors)
    return CheckedRequest(
        code, data.text, description, quantity, destination, incoterm, data.deadline, certificates, countries
    )


def check_quote(data: QuoteIn, today: dt.date) -> QuoteIn:
    """``data`` with currency, unit and Incoterm normalised; every problem in one error."""
    errors: list[FieldError] = []
    currency = data.currency.upper()
    if pycountry.currencies.get(alpha_3=currency) is None:
        errors.append(FieldError("currency", "give an ISO 4217 currency code, e.g. USD, KZT, UZS", data.currency))
    try:
        price_unit = normalise(1, data.price_unit).unit
    except UnknownUnit:
        errors.append(FieldError("price_unit", f"use one of {', '.join(unit_choices())}", data.price_unit))
        price_unit = data.price_unit
    incoterm = _incoterm(data.incoterm, "incoterm", errors)
    if data.valid_until < today:
        errors.append(FieldError("valid_until", f"give today ({today.isoformat()}) or later", str(data.valid_until)))
    if errors:
        raise _invalid(errors)
    return data.model_copy(update={"currency": currency, "price_unit": price_unit, "incoterm": incoterm})
