"""Column checks: each problem named, and a fix suggested only where it is certain."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from sqlalchemy.orm import Session

from cagateway.ingest.checks import (
    check_coordinates,
    check_country,
    check_date,
    check_email,
    check_hs_code,
    check_phone,
    check_region,
    parse_number,
)
from cagateway.ingest.rows import draft_row, finalise, registry_problems
from cagateway.registry.validation import ReferenceSet
from tests.ingest_files import broken_rows, valid_rows


@pytest.fixture
def ref(session: Session) -> ReferenceSet:
    return ReferenceSet.load(session)


def test_country_codes_pass_and_names_get_their_code_as_fix(ref: ReferenceSet) -> None:
    assert check_country(2, "kz", ref) == ("KZ", None)
    code, problem = check_country(2, "Kazakhstan", ref)
    assert code is None and problem is not None
    assert problem.fix == "did you mean KZ?"
    assert check_country(2, "Узбекистан", ref)[1].fix == "did you mean UZ?"  # type: ignore[union-attr]
    assert check_country(2, "Atlantis", ref)[1].fix is None  # type: ignore[union-attr]


def test_phone_is_normalised_to_e164_with_the_rows_country_as_region() -> None:
    assert check_phone(2, "8 (7172) 12-34-56", "KZ") == ("+77172123456", None)
    assert check_phone(2, "+998 71 123 45 67", "KZ") == ("+998711234567", None)
    _, problem = check_phone(2, "77172123456", "UZ")
    assert problem is not None and problem.fix == "write +77172123456"
    _, problem = check_phone(2, "12345", "KZ")
    assert problem is not None and problem.fix is None


def test_coordinates_outside_the_country_and_swapped() -> None:
    assert check_coordinates(2, 51.1, 71.4, "KZ") is None
    swapped = check_coordinates(2, 71.4, 51.1, "KZ")
    assert swapped is not None and swapped.fix == "swap lat and lon: lat=51.1, lon=71.4"
    atlantic = check_coordinates(2, 30.0, -40.0, "KZ")
    assert atlantic is not None and atlantic.fix is None
    assert check_coordinates(2, 95.0, 10.0, "KZ") is not None


def test_numbers_with_a_decimal_comma_get_a_fix() -> None:
    assert parse_number(2, "lat", "43.25") == (43.25, None)
    _, problem = parse_number(2, "lat", "43,25")
    assert problem is not None and problem.fix == "write 43.25"
    assert parse_number(2, "lat", "north")[1].fix is None  # type: ignore[union-attr]


def test_hs_codes_must_exist_and_headings_are_accepted(ref: ReferenceSet) -> None:
    assert check_hs_code(2, "2523.29", ref) == ("252329", None)
    assert check_hs_code(2, "2523", ref) == ("2523", None)
    assert check_hs_code(2, "999999", ref)[1] is not None
    assert check_hs_code(2, "25", ref)[1] is not None  # a chapter is too vague for a product line
    _, problem = check_hs_code(2, "2523290000", ref)
    assert problem is not None and problem.fix is not None and "252329" in problem.fix


def test_regions_dates_and_emails(ref: ReferenceSet) -> None:
    assert check_region(2, "kz-79", "KZ", ref) == ("KZ-79", None)
    assert check_region(2, "79", "KZ", ref)[1].fix == "did you mean KZ-79?"  # type: ignore[union-attr]
    assert "is in UZ" in check_region(2, "UZ-TO", "KZ", ref)[1].reason  # type: ignore[union-attr]
    assert check_date(2, "retrieved_at", "2025-03-31")[1] is None
    assert check_date(2, "retrieved_at", "31.12.2024")[1].fix == "write 2024-12-31"  # type: ignore[union-attr]
    assert check_date(2, "retrieved_at", "31.02.2024")[1].fix is None  # type: ignore[union-attr]
    assert check_date(2, "retrieved_at", "2999-01-01")[1] is not None
    assert check_email(2, "sales@example.kz") is None
    assert check_email(2, "mailto:sales@example.kz").fix == "write sales@example.kz"  # type: ignore[union-attr]


def test_rows_accepted_by_the_import_checks_pass_the_registrys_validation(session: Session) -> None:
    """The pipeline does not run validate_producer per row: its column checks must cover every rule of it."""
    ref = ReferenceSet.load(session)
    rows, corrections, _ = broken_rows(80)
    accepted = 0
    for number, row in enumerate([*rows, *corrections, *valid_rows(200, seed=5)], start=2):
        draft = draft_row(number, {k: v or None for k, v in row.items()}, {}, ref)
        finalise(draft, "test", "claimed", 1, ref)
        accepted += draft.producer is not None
        assert registry_problems(draft, ref) == [], row
    assert accepted > 250


def _phone_numbers(count: int) -> list[str]:
    """Every region's example numbers in E.164, and random ``+`` numbers weighted to the region's codes."""
    examples = [
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        for region in sorted(phonenumbers.SUPPORTED_REGIONS)
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
        if (number := phonenumbers.example_number_for_type(region, kind)) is not None
    ]
    rng = random.Random(7)
    codes = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE) + [7, 998, 996, 992, 993] * 20
    drawn = [
        f"+{rng.choice(codes)}{''.join(rng.choice('0123456789') for _ in range(rng.randint(3, 13)))}"
        for _ in range(count)
    ]
    return examples + drawn


def test_the_e164_fast_path_agrees_with_phonenumbers_parse() -> None:
    """check_phone skips ``phonenumbers.parse`` for numbers written ``+digits``: same answer, valid or not."""
    for value in _phone_numbers(3000):
        for country in ("KZ", "RU", "UZ"):
            try:
                parsed = phonenumbers.parse(value, country)
                expected = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
                expected = expected if phonenumbers.is_valid_number(parsed) else None
            except phonenumbers.NumberParseException:
                expected = None
            assert check_phone(2, value, country)[0] == expected, (value, country)
