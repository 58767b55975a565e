"""National identifiers: published examples, known-bad values, messages, and what each check digit can catch.

The single-digit properties are stated exactly, including where a scheme's check digit does *not* catch a
change (worked out from each algorithm and confirmed here):

* KZ-BIN / KZ-IIN: the first weighting gives the 11th digit weight 11, which is 0 mod 11. For every number
  whose check digit comes from the first weighting (10 in 11 of them) any change of the 11th digit still
  validates: 940140000385 and 940140000395 are both valid. Elsewhere a change slips through only when it moves
  the number between the two weightings (first-pass sum of 10 before and not after, or the reverse).
* RU-INN (10 digits) and RU-OGRN (13 digits): the check digit is ``sum mod 11 mod 10``, so sums of 0 and 10
  share check digit 0; a change slips through only on numbers whose check digit is 0.
* AZ-VOEN: the 10th digit (1 legal / 2 natural person) is outside the checksum, so swapping 1 and 2 validates.
* RU-INN (12 digits), RU-OGRN (15 digits), CN-USCC, TR-VKN: every single-character change is caught.
"""

from __future__ import annotations

import datetime as dt
import random
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.az import voen
from stdnum.cn import uscc
from stdnum.ru import inn, ogrn
from stdnum.tr import vkn

from cagateway.errors import InvalidIdentifier
from cagateway.registry.identifiers import (
    SCHEMES,
    IdentifierCheck,
    check_identifier,
    generate_identifier,
    normalise_value,
    status_of,
    validate_identifier,
)

DIGITS = string.digits
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CHECKSUMMED = {"KZ-BIN", "KZ-IIN", "RU-INN", "RU-OGRN", "CN-USCC", "AZ-VOEN", "TR-VKN"}
FORMAT_ONLY = {"UZ-INN", "KG-INN", "TJ-INN", "TM", "GE-ID", "IR-NID"}
KZ_FIRST_WEIGHTS = range(1, 12)


def _kz_first_pass(number: str) -> int:
    """The first-weighting sum mod 11 of a KZ BIN/IIN, computed here independently of the module."""
    return sum(w * int(d) for w, d in zip(KZ_FIRST_WEIGHTS, number[:11], strict=True)) % 11


def _single_changes(value: str, alphabet: str) -> list[tuple[int, str]]:
    """Every value that differs from ``value`` in exactly one character, with the changed position."""
    return [(i, value[:i] + c + value[i + 1 :]) for i, old in enumerate(value) for c in alphabet if c != old]


def _valid(scheme: str, value: str) -> bool:
    return check_identifier(scheme, value).valid


# --- tables -------------------------------------------------------------------------------------------------------

VALID = [
    ("KZ-BIN", "940140000385"),  # FACTS.md
    ("KZ-BIN", "990140004654"),  # FACTS.md
    ("KZ-IIN", "600900563762"),  # FACTS.md (its 5th digit is 0, so it is not a BIN)
    ("KZ-BIN", "940140000395"),  # the unprotected 11th digit: 940140000385 with 8 -> 9
    ("RU-INN", "7707083893"),  # Sberbank
    ("RU-INN", "123456789047"),  # python-stdnum's example of a personal INN
    ("RU-OGRN", "1027700132195"),  # Sberbank
    ("RU-OGRN", "385768585948949"),  # python-stdnum's example of an OGRNIP
    ("CN-USCC", "91110000600037341L"),
    ("AZ-VOEN", "1401555071"),
    ("TR-VKN", "4540536920"),
]

FORMAT_ONLY_VALID = [
    ("UZ-INN", "308797592"),  # a company's STIR as published on myorg.uz: companies also start with 3
    ("UZ-INN", "207123456"),
    ("UZ-INN", "624151850"),  # an individual
    ("KG-INN", "02312200310064"),
    ("TJ-INN", "020025789"),  # the example in the org-id register
    ("GE-ID", "204378869"),
    ("IR-NID", "10101234567"),
]

INVALID = [
    ("KZ-BIN", "940140000386", "bad", ["expected 5, got 6", "Check for a mistyped digit"]),
    ("KZ-BIN", "940140000960", "bad", ["cannot be valid", "10 under both weightings"]),
    ("KZ-BIN", "94014000038", "not verifiable", ["must be 12 digits", "got 11 digits"]),
    ("KZ-BIN", "94O140000385", "not verifiable", ["including 'O'"]),
    ("KZ-BIN", "600900563762", "not verifiable", ["entity type 0 in its 5th digit", "4 (resident legal entity)"]),
    ("KZ-BIN", "940149000385", "not verifiable", ["office type 9 in its 6th digit", "0 (head office)"]),
    ("KZ-IIN", "600900563763", "bad", ["expected 2, got 3"]),
    ("RU-INN", "7707083894", "bad", ["expected 3, got 4"]),
    ("RU-INN", "123456789037", "bad", ["check digits: expected 47, got 37"]),
    ("RU-INN", "77070838931", "not verifiable", ["10 digits for an organisation", "got 11 digits"]),
    ("RU-OGRN", "1022500001328", "bad", ["expected 5, got 8"]),
    ("RU-OGRN", "0027700132195", "not verifiable", ["starts with 0"]),
    ("RU-OGRN", "585768585948949", "not verifiable", ["OGRNIP starts with 3 or 4"]),
    ("CN-USCC", "91110000600037341M", "bad", ["check character: expected L, got M", "mistyped character"]),
    ("CN-USCC", "9111000060003734IL", "not verifiable", ["including 'I'", "without I, O, S, V, Z"]),
    ("CN-USCC", "9A110000600037341L", "not verifiable", ["'A' in its first 8 characters"]),
    ("AZ-VOEN", "1401555081", "bad", ["expected 7, got 8"]),
    ("AZ-VOEN", "1401555073", "not verifiable", ["ends in 3", "1 (legal person) or 2 (natural person)"]),
    ("TR-VKN", "4540536921", "bad", ["expected 0, got 1"]),
    ("TR-VKN", "454053692", "not verifiable", ["must be 10 digits", "got 9 digits"]),
    ("UZ-INN", "108797592", "not verifiable", ["starts with 1", "legal entities start with 2 or 3"]),
    ("UZ-INN", "30879759", "not verifiable", ["must be 9 digits", "got 8 digits"]),
    ("KG-INN", "0231220031006", "not verifiable", ["must be 14 digits", "got 13 digits"]),
    ("TJ-INN", "02002578A", "not verifiable", ["including 'A'"]),
    ("TM", "", "not verifiable", ["got nothing"]),
    ("TM", "A" * 21, "not verifiable", ["1-20 letters and digits", "got 21 characters"]),
    ("GE-ID", "2043788691", "not verifiable", ["must be 9 digits", "got 10 digits"]),
    ("IR-NID", "1010123456", "not verifiable", ["must be 11 digits", "got 10 digits"]),
]


@pytest.mark.parametrize(("scheme", "value"), VALID)
def test_published_examples_are_valid_with_a_verified_check_digit(scheme: str, value: str) -> None:
    check = check_identifier(scheme, value)
    assert check.valid, check.message
    assert (check.checksum, status_of(check), check.normalised) == ("ok", "valid", value)


@pytest.mark.parametrize(("scheme", "value"), FORMAT_ONLY_VALID)
def test_format_only_schemes_accept_the_right_form_but_say_it_is_unverified(scheme: str, value: str) -> None:
    check = check_identifier(scheme, value)
    assert check.valid, check.message
    assert (check.checksum, status_of(check)) == ("not verifiable", "unverifiable")
    assert "not verifiable" in check.message and SCHEMES[scheme].form in check.message


def test_tm_accepts_any_short_alphanumeric_and_says_it_is_unverified() -> None:
    check = check_identifier("tm", "ab-12 3")
    assert (check.valid, check.normalised, check.checksum) == (True, "AB123", "not verifiable")
    assert "unverified" in check.message


@pytest.mark.parametrize(("scheme", "value", "checksum", "fragments"), INVALID)
def test_known_bad_values_say_what_is_wrong(scheme: str, value: str, checksum: str, fragments: list[str]) -> None:
    check = check_identifier(scheme, value)
    assert not check.valid
    assert (check.checksum, status_of(check)) == (checksum, "invalid")
    assert check.message.startswith(scheme)
    for fragment in fragments:
        assert fragment in check.message
    if checksum == "not verifiable":  # a format problem: the message gives the valid form
        assert SCHEMES[scheme].form in check.message


@pytest.mark.parametrize(
    ("scheme", "value", "normalised"),
    [
        ("kz-bin", " 9401 4000-0385 ", "940140000385"),
        ("Kz_Bin", "940.140.000.385", "940140000385"),
        ("KZ-BIN", "940140\u00a0000385", "940140000385"),  # no-break space, as pasted from web pages
        ("RU-INN", "7707\u2013083\u2013893", "7707083893"),  # en dashes
        ("cn-uscc", "91110000600037341l", "91110000600037341L"),
    ],
)
def test_spaces_dots_dashes_and_case_are_ignored(scheme: str, value: str, normalised: str) -> None:
    check = check_identifier(scheme, value)
    assert (check.valid, check.normalised, check.value) == (True, normalised, value)
    assert check.scheme == scheme.upper().replace("_", "-")


def test_unknown_scheme_is_invalid_and_lists_the_supported_schemes() -> None:
    check = check_identifier("KZ-RNN", "600900563762")
    assert (check.valid, check.checksum, status_of(check)) == (False, "not verifiable", "invalid")
    assert "KZ-RNN" in check.message
    assert all(name in check.message for name in SCHEMES)


def test_validate_raises_invalid_identifier_with_the_message_and_value() -> None:
    with pytest.raises(InvalidIdentifier) as raised:
        validate_identifier("KZ-BIN", "940140000386")
    error = raised.value
    assert (error.code, error.status) == ("invalid_identifier", 422)
    assert [(e.field, e.value) for e in error.errors] == [("id_value", "940140000386")]
    assert "expected 5, got 6" in error.errors[0].message


def test_validate_returns_the_check_of_a_valid_value() -> None:
    check = validate_identifier("KZ-BIN", "9401 4000 0385")
    assert isinstance(check, IdentifierCheck)
    assert check.normalised == "940140000385"


def test_as_dict_has_the_fields_the_cli_and_api_print() -> None:
    body = check_identifier("RU-INN", "7707083893").as_dict()
    assert body == {
        "scheme": "RU-INN",
        "valid": True,
        "normalised": "7707083893",
        "checksum": "ok",
        "message": body["message"],
    }


def test_every_scheme_names_its_country_and_valid_form() -> None:
    assert set(SCHEMES) == CHECKSUMMED | FORMAT_ONLY
    for name, info in SCHEMES.items():
        assert info.name == name
        assert name.startswith(info.country) and len(info.country) == 2 and info.country.isupper()
        assert info.form
        assert info.verifiable == (name in CHECKSUMMED)


def test_generate_rejects_an_unknown_scheme() -> None:
    with pytest.raises(InvalidIdentifier, match="unknown identifier scheme"):
        generate_identifier("XX-ID", random.Random(1))


# --- properties: generated values ---------------------------------------------------------------------------------


@given(st.sampled_from(sorted(SCHEMES)), st.integers(min_value=0, max_value=2**32))
def test_every_generated_value_is_valid_and_reproducible(scheme: str, seed: int) -> None:
    value = generate_identifier(scheme, random.Random(seed))
    check = check_identifier(scheme, value)
    assert check.valid, check.message
    assert check.normalised == value
    assert check.checksum == ("ok" if scheme in CHECKSUMMED else "not verifiable")
    assert generate_identifier(scheme, random.Random(seed)) == value


@given(st.randoms(use_true_random=False))
def test_generated_kz_bins_are_resident_head_offices_registered_1995_to_2024(rng: random.Random) -> None:
    value = generate_identifier("KZ-BIN", rng)
    year, month = int(value[:2]), int(value[2:4])
    # The first four digits are a real registration month (date() rejects month 00 or 13) in 1995-2024.
    registered = dt.date((1900 if year >= 95 else 2000) + year, month, 1)
    assert dt.date(1995, 1, 1) <= registered <= dt.date(2024, 12, 1)
    assert value[4:6] == "40"
    assert check_identifier("KZ-BIN", value).valid


@given(st.sampled_from(sorted(SCHEMES)), st.text(max_size=40))
def test_any_text_gets_an_answer_never_an_exception(scheme: str, value: str) -> None:
    check = check_identifier(scheme, value)
    assert check.scheme == scheme
    assert check.valid or (check.message.startswith(scheme) and status_of(check) == "invalid")


@given(st.text(max_size=12), st.text(max_size=20))
def test_any_scheme_name_gets_an_answer(scheme: str, value: str) -> None:
    assert isinstance(check_identifier(scheme, value), IdentifierCheck)


@given(st.sampled_from(sorted(SCHEMES)), st.randoms(use_true_random=False), st.sampled_from([" ", "-", ".", "\u00a0"]))
def test_separators_anywhere_do_not_change_the_outcome(scheme: str, rng: random.Random, separator: str) -> None:
    value = generate_identifier(scheme, rng)
    cut = rng.randint(0, len(value))
    check = check_identifier(scheme, value[:cut] + separator + value[cut:])
    assert (check.valid, check.normalised) == (True, value)


STDNUM = {
    "RU-INN": inn.is_valid,
    "RU-OGRN": ogrn.is_valid,
    "CN-USCC": uscc.is_valid,
    "AZ-VOEN": voen.is_valid,
    "TR-VKN": vkn.is_valid,
}


@pytest.mark.parametrize(
    ("scheme", "length", "alphabet"),
    [
        ("RU-INN", 10, DIGITS),
        ("RU-INN", 12, DIGITS),
        ("RU-OGRN", 13, DIGITS),
        ("RU-OGRN", 15, DIGITS),
        ("CN-USCC", 18, USCC_ALPHABET),
        ("AZ-VOEN", 10, DIGITS),
        ("TR-VKN", 10, DIGITS),
    ],
)
@given(data=st.data())
def test_the_verdict_agrees_with_python_stdnum(scheme: str, length: int, alphabet: str, data: st.DataObject) -> None:
    value = data.draw(st.text(alphabet, min_size=length, max_size=length))
    if scheme == "CN-USCC":
        value = data.draw(st.text(DIGITS, min_size=8, max_size=8)) + value[8:]
    assert _valid(scheme, value) == STDNUM[scheme](value)


def test_normalise_value_strips_separators_and_upper_cases() -> None:
    assert normalise_value(" 91-1100.00 6000 37341l ") == "91110000600037341L"


# --- properties: single-digit changes -----------------------------------------------------------------------------


@given(st.randoms(use_true_random=False), st.sampled_from(["KZ-BIN", "KZ-IIN"]))
def test_kz_single_digit_changes_fail_except_where_the_weights_cannot_see_them(rng: random.Random, scheme: str) -> None:
    value = generate_identifier(scheme, rng)
    first_pass_decides = _kz_first_pass(value) != 10
    for position, changed in _single_changes(value, DIGITS):
        still_valid = _valid(scheme, changed)
        if position == 11:  # the check digit itself
            assert not still_valid, changed
        elif position == 10:  # weight 11 == 0 mod 11 in the first weighting
            assert still_valid == first_pass_decides, changed
        elif still_valid:  # only a change that moves the number to the other weighting slips through
            assert first_pass_decides != (_kz_first_pass(changed) != 10), changed


@given(st.text(DIGITS, min_size=11, max_size=11))
def test_kz_iin_single_digit_changes_on_any_digits(first11: str) -> None:
    """The same property on arbitrary digits, including numbers decided by the second weighting."""
    candidates = [first11 + d for d in DIGITS if _valid("KZ-IIN", first11 + d)]
    assert len(candidates) <= 1
    for value in candidates:
        first_pass_decides = _kz_first_pass(value) != 10
        for position, changed in _single_changes(value, DIGITS):
            still_valid = _valid("KZ-IIN", changed)
            if position == 11:
                assert not still_valid
            elif position == 10:
                assert still_valid == first_pass_decides
            elif still_valid:
                assert first_pass_decides != (_kz_first_pass(changed) != 10)


@given(st.text(DIGITS, min_size=9, max_size=9))
def test_ru_inn_10_single_digit_changes_fail_unless_the_check_digit_is_0(first9: str) -> None:
    value = first9 + inn.calc_company_check_digit(first9)
    for position, changed in _single_changes(value, DIGITS):
        if _valid("RU-INN", changed):  # sums of 0 and 10 both give check digit 0
            assert value[-1] == "0" and position < 9, changed


def test_ru_inn_10_does_admit_some_single_digit_changes() -> None:
    assert _valid("RU-INN", "9074833780") and _valid("RU-INN", "4074833780")


@given(st.text(DIGITS, min_size=10, max_size=10))
def test_ru_inn_12_every_single_digit_change_fails(first10: str) -> None:
    value = first10 + inn.calc_personal_check_digits(first10)
    assert _valid("RU-INN", value)
    assert not any(_valid("RU-INN", changed) for _, changed in _single_changes(value, DIGITS))


@given(st.sampled_from("123456789"), st.text(DIGITS, min_size=11, max_size=11))
def test_ru_ogrn_13_single_digit_changes_fail_unless_the_check_digit_is_0(first: str, rest: str) -> None:
    value = first + rest + ogrn.calc_check_digit(first + rest + "0")
    assert _valid("RU-OGRN", value)
    for position, changed in _single_changes(value, DIGITS):
        if _valid("RU-OGRN", changed):  # int mod 11 mod 10: remainders 0 and 10 share check digit 0
            assert value[-1] == "0" and position < 12, changed


@given(st.sampled_from("34"), st.text(DIGITS, min_size=13, max_size=13))
def test_ru_ogrnip_15_every_single_digit_change_fails(first: str, rest: str) -> None:
    check = ogrn.calc_check_digit(first + rest + "0")  # mod 13: remainders 10-12 have no check digit
    value = first + rest + check[-1]
    assert _valid("RU-OGRN", value) == (len(check) == 1)
    if len(check) == 1:
        assert not any(_valid("RU-OGRN", changed) for _, changed in _single_changes(value, DIGITS))


@given(st.randoms(use_true_random=False))
def test_cn_uscc_every_single_character_change_fails(rng: random.Random) -> None:
    value = generate_identifier("CN-USCC", rng)
    assert not any(_valid("CN-USCC", changed) for _, changed in _single_changes(value, USCC_ALPHABET))


@given(st.randoms(use_true_random=False))
def test_az_voen_single_digit_changes_fail_except_swapping_legal_and_natural_person(rng: random.Random) -> None:
    value = generate_identifier("AZ-VOEN", rng)
    for position, changed in _single_changes(value, DIGITS):
        # the 10th digit (1 legal, 2 natural person) is outside the checksum
        assert _valid("AZ-VOEN", changed) == (position == 9 and changed[9] in "12"), changed


@given(st.randoms(use_true_random=False))
def test_tr_vkn_every_single_digit_change_fails(rng: random.Random) -> None:
    value = generate_identifier("TR-VKN", rng)
    assert not any(_valid("TR-VKN", changed) for _, changed in _single_changes(value, DIGITS))
