"""Checks of meaning for producer input: every problem with every field, collected into one report.

:func:`validate_producer` never stops at the first problem: an import shows a user everything that is wrong
with a row at once. Reference look-ups go through :class:`ReferenceSet`, loaded once into memory, so that
validating a million demo rows costs no database round trips.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.errors import FieldError, InvalidInput
from cagateway.reference.geo import inside_country_box
from cagateway.reference.models import Country, HsCode, Subdivision
from cagateway.reference.services import normalise_hs_code
from cagateway.registry.identifiers import check_identifier
from cagateway.registry.schemas import (
    INCOTERMS,
    CertificateIn,
    ContactIn,
    IdentifierIn,
    ProducerIn,
    ProducerUpdate,
    ProductLineIn,
    SiteIn,
)
from cagateway.text.legal_forms import LegalFormClass

__all__ = ["ReferenceSet", "ensure_valid", "validate_producer", "validate_update"]

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
NATIONAL_CODE = re.compile(r"^\d{10}$")


@dataclass
class ReferenceSet:
    """The reference codes validation needs, held in memory."""

    countries: set[str] = field(default_factory=set)
    subdivisions: dict[str, str] = field(default_factory=dict)  # code -> country
    hs_codes: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, session: Session) -> ReferenceSet:
        return cls(
            countries=set(session.scalars(select(Country.code))),
            subdivisions={
                row.code: row.country_code
                for row in session.execute(select(Subdivision.code, Subdivision.country_code))
            },
            hs_codes={c for c in session.scalars(select(HsCode.code)) if len(c) in {4, 6}},
        )


def _country(code: str, ref: ReferenceSet, path: str) -> list[FieldError]:
    if code.upper() in ref.countries:
        return []
    return [FieldError(path, "unknown country: give an ISO 3166-1 alpha-2 code such as KZ, UZ, KG", code)]


def _site(site: SiteIn, country: str, ref: ReferenceSet, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    site_country = (site.country or country).upper()
    if site.country:
        errors += _country(site.country, ref, f"{path}.country")
    if site.region:
        owner = ref.subdivisions.get(site.region.upper())
        if owner is None:
            errors.append(
                FieldError(f"{path}.region", "unknown region: give an ISO 3166-2 code, e.g. KZ-79", site.region)
            )
        elif owner != site_country:
            errors.append(
                FieldError(f"{path}.region", f"region {site.region} is in {owner}, not {site_country}", site.region)
            )
    if site.locode and not LOCODE.match(site.locode.replace(" ", "").upper()):
        errors.append(
            FieldError(f"{path}.locode", "UN/LOCODE is 2 letters of country + 3 of place, e.g. KZCIT", site.locode)
        )
    errors += _coordinates(site, site_country, path)
    return errors


def _coordinates(site: SiteIn, country: str, path: str) -> list[FieldError]:
    if site.lat is None and site.lon is None:
        return []
    if site.lat is None or site.lon is None:
        return [FieldError(f"{path}.lat", "give both lat and lon, or neither", [site.lat, site.lon])]
    if not -90 <= site.lat <= 90:
        return [FieldError(f"{path}.lat", "latitude must be between -90 and 90 (decimal degrees)", site.lat)]
    if not -180 <= site.lon <= 180:
        return [FieldError(f"{path}.lon", "longitude must be between -180 and 180 (decimal degrees)", site.lon)]
    if inside_country_box(country, site.lat, site.lon) is False:
        hint = " (lat and lon swapped?)" if inside_country_box(country, site.lon, site.lat) else ""
        return [
            FieldError(f"{path}.lat", f"point {site.lat},{site.lon} is not in {country}{hint}", [site.lat, site.lon])
        ]
    return []


def _product_line(line: ProductLineIn, ref: ReferenceSet, sites: int, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    code = normalise_hs_code(line.hs_code)
    if len(code) not in {4, 6} or code not in ref.hs_codes:
        errors.append(
            FieldError(
                f"{path}.hs_code",
                "not an HS 2022 heading (4 digits) or subheading (6 digits), e.g. 252329",
                line.hs_code,
            )
        )
    if line.national_code and not NATIONAL_CODE.match(line.national_code):
        errors.append(
            FieldError(f"{path}.national_code", "national code has 10 digits, e.g. 2523290000", line.national_code)
        )
    elif line.national_code and len(code) == 6 and not line.national_code.startswith(code):
        errors.append(
            FieldError(
                f"{path}.national_code",
                f"national code must start with the HS code {code}",
                line.national_code,
            )
        )
    for name in ("capacity", "moq", "lead_time_days"):
        value = getattr(line, name)
        if value is not None and value < 0:
            errors.append(FieldError(f"{path}.{name}", "must be zero or more", value))
    if line.capacity is not None and not line.capacity_unit:
        errors.append(FieldError(f"{path}.capacity_unit", "give the unit of the capacity, e.g. t (per year)", None))
    bad_terms = [t for t in line.incoterms if t.upper() not in INCOTERMS]
    if bad_terms:
        errors.append(FieldError(f"{path}.incoterms", f"Incoterms 2020 rules are {', '.join(INCOTERMS)}", bad_terms))
    if line.site_index is not None and not 0 <= line.site_index < sites:
        errors.append(
            FieldError(f"{path}.site_index", f"no site number {line.site_index}; there are {sites}", line.site_index)
        )
    return errors


def _certificate(cert: CertificateIn, path: str) -> list[FieldError]:
    if cert.valid_from and cert.valid_to and cert.valid_to < cert.valid_from:
        return [
            FieldError(
                f"{path}.valid_to",
                f"ends ({cert.valid_to}) before it starts ({cert.valid_from}); check the order",
                str(cert.valid_to),
            )
        ]
    return []


def _contact(contact: ContactIn, country: str, path: str) -> list[FieldError]:
    if contact.kind == "email" and not EMAIL.match(contact.value):
        return [FieldError(f"{path}.value", "not an e-mail address, e.g. sales@example.kz", contact.value)]
    if contact.kind == "phone":
        try:
            number = phonenumbers.parse(contact.value, country)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            return [
                FieldError(
                    f"{path}.value",
                    "not a valid phone number; write it in E.164, e.g. +77172123456",
                    contact.value,
                )
            ]
    return []


def _identifier(ident: IdentifierIn, path: str) -> list[FieldError]:
    check = check_identifier(ident.scheme, ident.value)
    return [] if check.valid else [FieldError(f"{path}.value", check.message, ident.value)]


def _legal_form(value: str | None) -> list[FieldError]:
    classes = [c.value for c in LegalFormClass]
    if value is None or value in classes:
        return []
    return [FieldError("legal_form", f"legal form class is one of {', '.join(classes)}", value)]


def _each(items: Iterable[object], path: str, check: object) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, item in enumerate(items):
        errors += check(item, f"{path}[{i}]")  # type: ignore[operator]
    return errors


def _parts(
    data: ProducerIn | ProducerUpdate, country: str, ref: ReferenceSet, existing_sites: int = 0
) -> list[FieldError]:
    errors = _legal_form(data.legal_form)
    sites = data.sites or []
    # product lines point at sites by index: into the sites given with them, else into the producer's own
    site_count = len(sites) if data.sites is not None else existing_sites
    errors += _each(data.identifiers or [], "identifiers", _identifier)
    errors += _each(sites, "sites", lambda s, p: _site(s, country, ref, p))
    errors += _each(data.product_lines or [], "product_lines", lambda x, p: _product_line(x, ref, site_count, p))
    errors += _each(data.certificates or [], "certificates", _certificate)
    errors += _each(data.contacts or [], "contacts", lambda c, p: _contact(c, country, p))
    return errors


def validate_producer(data: ProducerIn, ref: ReferenceSet) -> list[FieldError]:
    """Every problem with a new producer, field by field; an empty list means it may be stored."""
    errors = _country(data.country, ref, "country")
    return errors + _parts(data, data.country.upper(), ref)


def validate_update(data: ProducerUpdate, country: str, ref: ReferenceSet, existing_sites: int = 0) -> list[FieldError]:
    """Every problem with an update of a producer registered in ``country`` that has ``existing_sites`` sites
    (what product lines' ``site_index`` points into when the update does not replace the sites)."""
    return _parts(data, country, ref, existing_sites)


def ensure_valid(errors: list[FieldError], what: str = "producer") -> None:
    """Raise :class:`InvalidInput` naming every field when ``errors`` is not empty."""
    if errors:
        fields = ", ".join(sorted({e.field for e in errors}))
        raise InvalidInput(f"The {what} was not saved: fix {fields}.", errors)
