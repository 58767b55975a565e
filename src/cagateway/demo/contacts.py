"""Contacts and certificates of generated producers.

Phone numbers use the mobile ranges of each country's numbering plan (every generated number passes
``phonenumbers.is_valid_number``; the tests check thousands). E-mail addresses and websites live under
``demo.example``: ``.example`` is reserved (RFC 2606), so no generated address can reach anyone.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

__all__ = ["CERTIFICATES", "DEMO_DOMAIN", "certificate", "email", "phone", "website"]

DEMO_DOMAIN = "demo.example"

# country: (country calling code, mobile prefixes, digits after the prefix)
_MOBILE: dict[str, tuple[str, tuple[str, ...], int]] = {
    "KZ": ("7", ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"), 7),
    "UZ": ("998", ("90", "91", "93", "94", "95", "97", "98", "99", "33", "88", "77"), 7),
    "KG": ("996", ("700", "701", "702", "705", "707", "709", "550", "551", "555", "770", "772", "777", "220"), 6),
    "TJ": ("992", ("90", "91", "92", "93", "98", "88", "50", "55", "77", "00"), 7),
    "TM": ("993", ("61", "62", "63", "64", "65", "71"), 6),
    "RU": ("7", ("903", "905", "906", "909", "912", "916", "917", "921", "926", "960", "961", "977", "985"), 7),
    "CN": ("86", ("130", "131", "135", "136", "137", "138", "139", "150", "151", "158", "186", "188", "189"), 8),
    "AZ": ("994", ("50", "51", "55", "70", "77", "99", "10"), 7),
    "GE": ("995", ("555", "557", "558", "591", "593", "595", "597", "598", "599"), 6),
    "TR": ("90", ("505", "506", "507", "530", "532", "535", "538", "542", "544", "546", "552", "555"), 7),
    "IR": ("98", ("901", "902", "910", "911", "912", "913", "915", "917", "919", "930", "935", "938"), 7),
}

_MAILBOXES: dict[str, tuple[str, ...]] = {
    "ru": ("info", "sales", "office", "zakaz"),
    "kk": ("info", "sales", "office"),
    "ky": ("info", "sales", "office"),
    "tg": ("info", "sales", "office"),
    "uz": ("info", "sales", "savdo"),
    "tk": ("info", "sales"),
    "zh": ("sales", "export", "info"),
    "az": ("info", "satis"),
    "tr": ("info", "satis", "ihracat"),
    "en": ("info", "sales", "export"),
}


def phone(rng: random.Random, country: str) -> str:
    """A mobile number of ``country`` in E.164, e.g. ``+77012345678``."""
    code, prefixes, digits = _MOBILE[country]
    return f"+{code}{rng.choice(prefixes)}{rng.randrange(10**digits):0{digits}d}"


def email(rng: random.Random, slug: str, lang: str) -> str:
    return f"{rng.choice(_MAILBOXES[lang])}@{slug}.{DEMO_DOMAIN}"


def website(slug: str) -> str:
    return f"https://{slug}.{DEMO_DOMAIN}"


@dataclass(frozen=True)
class CertificateKind:
    kind: str
    years: int
    issuer: str
    number: str  # format with {cc}, {n} (serial) and {yy} (two-digit year of issue)
    groups: tuple[str, ...] = ()  # empty: any product group
    countries: tuple[str, ...] = ()  # empty: any country


_FOOD = ("grain", "dairy", "meat", "food", "fruit", "beverages")
_EAEU = ("KZ", "KG", "RU")
_RU_BODY = "Аккредитованный орган по сертификации (демо)"
_BODY = "Accredited certification body (demo)"

CERTIFICATES: tuple[CertificateKind, ...] = (
    CertificateKind("ISO 9001", 3, _BODY, "QMS-{cc}-{n:05d}"),
    CertificateKind("ISO 14001", 3, _BODY, "EMS-{cc}-{n:05d}", ("cement", "building", "chemicals", "metals")),
    CertificateKind("ISO 22000", 3, _BODY, "FSMS-{cc}-{n:05d}", _FOOD),
    CertificateKind("EAC", 5, _RU_BODY, "ЕАЭС N {cc} Д-{cc}.РА01.В.{n:05d}/{yy}", countries=_EAEU),
    CertificateKind("ST-KZ", 1, "НПП РК «Атамекен»", "KZ {n:07d}", countries=("KZ",)),
    CertificateKind("GOST R", 3, _RU_BODY, "РОСС RU.АГ{yy}.Н{n:05d}", countries=("RU",)),
    CertificateKind("TSE", 2, "Türk Standardları Enstitüsü", "TSE-{n:06d}", countries=("TR",)),
    CertificateKind("Halal", 2, "Halal certification centre (demo)", "HAL-{cc}-{n:05d}", ("meat", "dairy", "food")),
    CertificateKind("Organic", 1, "Organic control body (demo)", "ORG-{cc}-{n:05d}", ("fruit", "grain", "dairy")),
)

_EPOCH = dt.date(2015, 1, 1)  # certificates issued 2015-2025: fixed dates keep the data reproducible


def certificate(rng: random.Random, country: str, group: str) -> dict[str, object] | None:
    """A certificate a producer of ``group`` in ``country`` could hold; older ones are already expired."""
    kinds = [
        c for c in CERTIFICATES if (not c.groups or group in c.groups) and (not c.countries or country in c.countries)
    ]
    if not kinds:
        return None
    kind = rng.choice(kinds)
    start = _EPOCH + dt.timedelta(days=rng.randrange(3650))
    end = start + dt.timedelta(days=round(365.25 * kind.years) - 1)
    number = kind.number.format(cc=country, n=rng.randrange(10**5), yy=f"{start.year % 100:02d}")
    return {"kind": kind.kind, "number": number, "issuer": kind.issuer, "valid_from": start, "valid_to": end}
