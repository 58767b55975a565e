"""Checks of single columns of an imported row, each returning the problem and, when it is certain, the fix.

A suggested fix is given only when there is one right answer ("Kazakhstan" → KZ, a phone number that is valid
once written with its leading +, lat and lon swapped, a decimal comma); never a guess such as an identifier
with a recomputed check digit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

import phonenumbers
import pycountry

from cagateway.reference.geo import inside_country_box
from cagateway.reference.services import normalise_hs_code
from cagateway.registry.validation import EMAIL, ReferenceSet

__all__ = [
    "Problem",
    "check_coordinates",
    "check_country",
    "check_date",
    "check_email",
    "check_hs_code",
    "check_phone",
    "check_region",
    "parse_number",
]

# Country names as registers of the region write them, in Russian; pycountry covers English names and codes.
_COUNTRY_NAMES_RU = {
    "казахстан": "KZ", "республика казахстан": "KZ", "узбекистан": "UZ", "республика узбекистан": "UZ",
    "кыргызстан": "KG", "киргизия": "KG", "кыргызская республика": "KG", "таджикистан": "TJ",
    "республика таджикистан": "TJ", "туркменистан": "TM", "россия": "RU", "российская федерация": "RU",
    "китай": "CN", "азербайджан": "AZ", "грузия": "GE", "турция": "TR", "иран": "IR",
}  # fmt: skip
_DDMMYYYY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")


@dataclass(frozen=True)
class Problem:
    """One problem of one row: the column, the value as read, what is wrong and (when certain) the fix."""

    row: int
    column: str
    value: str | None
    reason: str
    fix: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _country_fix(value: str, ref: ReferenceSet) -> str | None:
    code = _COUNTRY_NAMES_RU.get(value.strip().lower())
    if code is None:
        try:
            code = pycountry.countries.lookup(value.strip()).alpha_2
        except LookupError:
            return None
    return code if code in ref.countries else None


def check_country(row: int, value: str, ref: ReferenceSet) -> tuple[str | None, Problem | None]:
    """The ISO alpha-2 code of ``value``, or the problem (with the code when the name is unambiguous)."""
    code = value.strip().upper()
    if code in ref.countries:
        return code, None
    fix = _country_fix(value, ref)
    reason = "unknown country: give an ISO 3166-1 alpha-2 code such as KZ, UZ, KG"
    return None, Problem(row, "country", value, reason, f"did you mean {fix}?" if fix else None)


def check_region(row: int, value: str, country: str, ref: ReferenceSet) -> tuple[str | None, Problem | None]:
    """The ISO 3166-2 code of a region of ``country``; ``79`` for a KZ row is ``KZ-79``."""
    code = value.strip().upper()
    owner = ref.subdivisions.get(code)
    if owner == country:
        return code, None
    if owner is not None:
        return None, Problem(row, "region", value, f"region {code} is in {owner}, not {country}")
    prefixed = f"{country}-{code}"
    fix = f"did you mean {prefixed}?" if ref.subdivisions.get(prefixed) == country else None
    return None, Problem(row, "region", value, "unknown region: give an ISO 3166-2 code, e.g. KZ-79", fix)


def parse_number(row: int, column: str, value: str) -> tuple[float | None, Problem | None]:
    """A decimal number; a decimal comma is a problem whose fix is the same number with a point."""
    try:
        return float(value), None
    except ValueError:
        fix = f"write {value.replace(',', '.')}" if _DECIMAL_COMMA.match(value.strip()) else None
        return None, Problem(row, column, value, "not a number (use a decimal point, e.g. 43.25)", fix)


def check_coordinates(row: int, lat: float, lon: float, country: str) -> Problem | None:
    """Valid degrees, and roughly inside the country (its bounding box)."""
    if not -90 <= lat <= 90:
        return Problem(row, "lat", str(lat), "latitude must be between -90 and 90 (decimal degrees)")
    if not -180 <= lon <= 180:
        return Problem(row, "lon", str(lon), "longitude must be between -180 and 180 (decimal degrees)")
    if inside_country_box(country, lat, lon) is False:
        swapped = inside_country_box(country, lon, lat) is True
        fix = f"swap lat and lon: lat={lon}, lon={lat}" if swapped else None
        return Problem(row, "lat", f"{lat},{lon}", f"point {lat},{lon} is not in {country}", fix)
    return None


def check_hs_code(row: int, value: str, ref: ReferenceSet) -> tuple[str | None, Problem | None]:
    """An HS 2022 heading (4 digits) or subheading (6 digits); a 10-digit national code points to its 6 digits."""
    code = normalise_hs_code(value)
    if len(code) in {4, 6} and code in ref.hs_codes:
        return code, None
    fix = None
    if len(code) in {8, 10} and code[:6] in ref.hs_codes:
        fix = f"use {code[:6]} (the HS 2022 subheading of national code {code})"
    reason = "not an HS 2022 heading (4 digits) or subheading (6 digits), e.g. 252329"
    return None, Problem(row, "hs_codes", value, reason, fix)


def check_email(row: int, value: str) -> Problem | None:
    """An e-mail address (a ``mailto:`` link is not one, but its address is the fix)."""
    mailto = value.lower().startswith("mailto:")
    if EMAIL.match(value) and not mailto:
        return None
    fix = f"write {value[7:]}" if mailto and EMAIL.match(value[7:]) else None
    return Problem(row, "email", value, "not an e-mail address, e.g. sales@example.kz", fix)


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _parse_phone(value: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


@lru_cache(maxsize=512)
def _national_prefix(country_code: int) -> re.Pattern[str] | None:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        country_code, phonenumbers.region_code_for_country_code(country_code)
    )
    pattern = metadata.national_prefix_for_parsing if metadata is not None else None
    return re.compile(pattern) if pattern else None


def _e164_fast(value: str) -> bool | None:
    """Whether a number already written in E.164 (``+`` and digits) is valid, without ``phonenumbers.parse``
    (which costs more than the rest of a row's checks); None when parsing could read it otherwise (a national
    prefix or leading zero after the country code), and the caller must parse it.

    Country calling codes are prefix-free, so the code is the first 1-3 digits that are one. What parse would
    do besides is strip a national prefix: a number where one could be stripped takes the slow path.
    """
    if not (value.startswith("+") and value[1:].isascii() and value[1:].isdigit()):
        return None
    digits = value[1:]
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            national = digits[size:]
            prefix = _national_prefix(code)
            if not 2 <= len(national) <= 17 or national.startswith("0") or (prefix and prefix.match(national)):
                return None
            return phonenumbers.is_valid_number(
                phonenumbers.PhoneNumber(country_code=code, national_number=int(national))
            )
    return None


def check_phone(row: int, value: str, country: str) -> tuple[str | None, Problem | None]:
    """The number in E.164, read with the row's country as the default region."""
    if _e164_fast(value):
        return value, None
    number = _parse_phone(value, country)
    if number is not None:
        return _e164(number), None
    digits = "".join(ch for ch in value if ch.isdigit())
    international = _parse_phone(f"+{digits}", None) if digits else None
    fix = f"write {_e164(international)}" if international is not None else None
    return None, Problem(row, "phone", value, f"not a valid phone number in {country}; write it in E.164", fix)


def check_date(row: int, column: str, value: str) -> tuple[dt.datetime | None, Problem | None]:
    """An ISO 8601 date or UTC time; 31.12.2024 is a problem whose fix is 2024-12-31."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        match = _DDMMYYYY.match(value.strip())
        fix = None
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                fix = f"write {dt.date(year, month, day).isoformat()}"
            except ValueError:
                fix = None
        return None, Problem(row, column, value, "not an ISO 8601 date, e.g. 2025-03-31", fix)
    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    if aware > dt.datetime.now(dt.UTC) + dt.timedelta(days=1):
        return None, Problem(row, column, value, "date is in the future")
    return aware, None
