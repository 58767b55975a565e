"""Quantities of requests and capacities: a unit as people write it → a base unit and a factor.

Mass is normalised to tonnes, volume to cubic metres, the rest stays in its own unit (pieces, m², m). Written
forms in Russian, Kazakh and Uzbek are accepted (``т``, ``тонна``, ``кг``, ``шт``, ``dona``), so a buyer's
``500 т`` and a registry capacity of ``200000 t`` compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = ["UNITS", "Quantity", "UnknownUnit", "base_unit", "normalise", "unit_choices"]


class UnknownUnit(ValueError):
    """A unit that is not in :data:`UNITS`."""


# canonical unit -> (base unit, factor to the base unit, written forms)
UNITS: Final[dict[str, tuple[str, float, tuple[str, ...]]]] = {
    "t": ("t", 1.0, ("t", "mt", "ton", "tons", "tonne", "tonnes", "т", "тн", "тонна", "тонн", "тонны", "tonna")),
    "kg": ("t", 0.001, ("kg", "kgs", "кг", "kilogram", "килограмм")),
    "m3": ("m3", 1.0, ("m3", "m³", "cbm", "м3", "м³", "куб.м", "cubic metre", "cubic meter")),
    "l": ("m3", 0.001, ("l", "litre", "liter", "л", "литр", "litr")),
    "pcs": ("pcs", 1.0, ("pcs", "pc", "piece", "pieces", "шт", "штук", "dona", "дана")),
    "m2": ("m2", 1.0, ("m2", "m²", "sqm", "м2", "м²", "кв.м")),
    "m": ("m", 1.0, ("m", "metre", "meter", "м", "метр")),
}
_FORMS: Final = {form: unit for unit, (_base, _factor, forms) in UNITS.items() for form in forms}


@dataclass(frozen=True)
class Quantity:
    """An amount in the unit given and in its base unit (tonnes for mass, m³ for volume)."""

    amount: float
    unit: str
    base_amount: float
    base_unit: str


def _key(unit: str) -> str:
    return re.sub(r"\s+", " ", unit.strip().lower().rstrip("."))


def canonical(unit: str) -> str:
    """``"тонн"`` → ``"t"``; :class:`UnknownUnit` for a unit not in the table."""
    key = _key(unit)
    found = _FORMS.get(key) or _FORMS.get(key.replace(" ", ""))
    if found is None:
        raise UnknownUnit(unit)
    return found


def base_unit(unit: str | None) -> str | None:
    """The base unit a unit compares in, or None for an unknown or empty unit."""
    if not unit:
        return None
    try:
        return UNITS[canonical(unit)][0]
    except UnknownUnit:
        return None


def normalise(amount: float, unit: str) -> Quantity:
    """``amount`` of ``unit`` in its base unit: 500 kg → 0.5 t."""
    name = canonical(unit)
    base, factor, _forms = UNITS[name]
    return Quantity(amount, name, amount * factor, base)


def unit_choices() -> list[str]:
    """The canonical units, for forms and messages."""
    return list(UNITS)
