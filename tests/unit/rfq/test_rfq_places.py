"""Destinations in any script and quantities in any written unit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from cagateway.errors import InvalidInput
from cagateway.reference.models import Location
from cagateway.rfq.places import resolve_destination
from cagateway.rfq.units import UNITS, UnknownUnit, normalise
from tests.unit.rfq.conftest import make_mill


@pytest.mark.parametrize(
    ("text", "country", "kind"),
    [
        ("Ташкент", "UZ", "city"),
        ("Toshkent", "UZ", "city"),
        ("tashkent", "UZ", "city"),
        ("UZ", "UZ", "country"),
        ("Uzbekistan", "UZ", "country"),
        ("Узбекистан", "UZ", "country"),
        ("KAZ", "KZ", "country"),
    ],
)
def test_destination_in_any_script(session: Session, text: str, country: str, kind: str) -> None:
    place = resolve_destination(session, text)
    assert (place.country, place.kind) == (country, kind)


def test_unlocode_and_site_cities(session: Session) -> None:
    session.add(Location(locode="KZKST", country_code="KZ", name="Kostanay", name_ascii="Kostanay", lat=53.2, lon=63.6))
    make_mill(session, "Mill", country="KG", city="Токмок")
    session.flush()
    by_code = resolve_destination(session, "KZ KST")
    assert (by_code.kind, by_code.locode, by_code.country) == ("locode", "KZKST", "KZ")
    assert resolve_destination(session, "Костанай").locode == "KZKST"  # romanised, then found by its ASCII name
    site_city = resolve_destination(session, "Токмок")
    assert (site_city.country, site_city.kind, site_city.lat) == ("KG", "city", None)


def test_unknown_destination_says_what_works(session: Session) -> None:
    with pytest.raises(InvalidInput, match="UN/LOCODE") as caught:
        resolve_destination(session, "Atlantis")
    assert caught.value.errors[0].field == "destination"


@given(amount=st.floats(min_value=0.001, max_value=1e9), unit=st.sampled_from(sorted(UNITS)))
def test_normalised_quantities_keep_their_ratio(amount: float, unit: str) -> None:
    quantity = normalise(amount, unit)
    base, factor, forms = UNITS[unit]
    assert quantity.base_unit == base
    assert quantity.base_amount == pytest.approx(amount * factor)
    assert all(normalise(amount, f.upper()).unit == unit for f in forms)


def test_unknown_unit() -> None:
    with pytest.raises(UnknownUnit):
        normalise(1, "bushel")
