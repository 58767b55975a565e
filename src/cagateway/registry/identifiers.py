"""National identifiers of producers: format and check-digit validation, with messages a user can act on.

:func:`check_identifier` never raises for a bad value: it returns an :class:`IdentifierCheck` whose message
says what is wrong *and* what a valid value looks like. :func:`validate_identifier` raises
:class:`~cagateway.errors.InvalidIdentifier` instead, for callers that stop at the first problem.

Schemes fall into three kinds (see :data:`SCHEMES`):

* checksummed: KZ-BIN and KZ-IIN (implemented here: python-stdnum has no Kazakh numbers), RU-INN, RU-OGRN,
  CN-USCC, AZ-VOEN and TR-VKN (python-stdnum);
* format only, because no check digit is published: UZ-INN, KG-INN, TJ-INN, GE-ID, IR-NID. A value of the right
  form is valid with ``checksum == "not verifiable"`` and is stored with status ``unverifiable``;
* TM: Turkmenistan publishes no format at all, so any 1-20 letters and digits are accepted, unverified.

``checksum`` is ``"ok"`` when a check digit was computed and matches, ``"bad"`` when it was computed and does
not, and ``"not verifiable"`` when no check digit could be computed (format-only schemes, a malformed value or
an unknown scheme).

:func:`generate_identifier` makes valid random values of every scheme for tests and demo data.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from stdnum.az import voen
from stdnum.cn import uscc
from stdnum.ru import inn, ogrn
from stdnum.tr import vkn

from cagateway.errors import InvalidIdentifier

__all__ = [
    "SCHEMES",
    "Checksum",
    "IdentifierCheck",
    "SchemeInfo",
    "check_identifier",
    "generate_identifier",
    "normalise_value",
    "status_of",
    "validate_identifier",
]

Checksum = Literal["ok", "bad", "not verifiable"]

# Separators people type or paste inside identifiers: whitespace (incl. no-break space), dots, ASCII and Unicode dashes.
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212]")
_DIGITS = string.digits
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 0-9 and A-Y without I, O, S, V, Z
_ALNUM = string.digits + string.ascii_uppercase
_KZ_WEIGHTS = (tuple(range(1, 12)), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))


@dataclass(frozen=True)
class SchemeInfo:
    """One identifier scheme: its name, country (ISO 3166-1 alpha-2) and the form of a valid value in words."""

    name: str
    country: str
    form: str
    verifiable: bool  # False where no check digit is published and only the format can be checked


@dataclass(frozen=True)
class IdentifierCheck:
    """The outcome of checking one value against one scheme."""

    scheme: str
    value: str
    valid: bool
    normalised: str
    checksum: Checksum
    message: str

    def as_dict(self) -> dict[str, str | bool]:
        return {
            "scheme": self.scheme,
            "valid": self.valid,
            "normalised": self.normalised,
            "checksum": self.checksum,
            "message": self.message,
        }


def _no_parts(value: str) -> str | None:
    return None


@dataclass(frozen=True)
class _Rule:
    """How one scheme is checked: its whole-value pattern, rules on its parts, its check digits, a generator."""

    info: SchemeInfo
    pattern: str  # a regular expression the whole normalised value must match
    generate: Callable[[random.Random], str]  # a candidate; generate_identifier retries until it validates
    allowed: str = _DIGITS  # characters the scheme uses, to say which ones in a value are foreign
    parts: Callable[[str], str | None] = _no_parts  # what is wrong with the parts of a well-formed value
    check: Callable[[str], str | None] | None = None  # what is wrong with the check digits; None: unpublished


# --- checks ---------------------------------------------------------------------------------------------------


def _kz_check_digit(first11: str) -> int | None:
    """The check digit of a Kazakh BIN/IIN, or None where both weightings give 10 (no such number is issued)."""
    digits = [int(c) for c in first11]
    for weights in _KZ_WEIGHTS:
        rest = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if rest != 10:
            return rest
    return None


def _kz_check(value: str) -> str | None:
    expected = _kz_check_digit(value[:11])
    if expected is None:
        return "cannot be valid: its check digit computes to 10 under both weightings, so no such number is issued"
    if str(expected) != value[11]:
        return f"fails its check digit: expected {expected}, got {value[11]}"
    return None


def _check_chars(
    calc: Callable[[str], str | None], start: int, stop: int, unit: str = "digit"
) -> Callable[[str], str | None]:
    """A check of the ``unit``s at ``[start:stop]`` against ``calc`` (which gives None where none can fit)."""

    def check(value: str) -> str | None:
        expected, got = calc(value), value[start:stop]
        what = f"check {unit}" + ("s" if stop - start > 1 else "")
        if expected is None:
            return f"cannot be valid: no {what} fits its other characters"
        if expected != got:
            return f"fails its {what}: expected {expected}, got {got}"
        return None

    return check


def _ogrn_calc(value: str) -> str | None:
    expected = ogrn.calc_check_digit(value)
    return expected if len(expected) == 1 else None  # a 15-digit OGRNIP whose remainder mod 13 is 10-12


def _voen_calc(value: str) -> str | None:
    # python-stdnum keeps VOEN's check-digit function private: find the digit its public validator accepts
    return next((d for d in _DIGITS if voen.is_valid(value[:8] + d + value[9:])), None)


_ru_inn_10_check = _check_chars(inn.calc_company_check_digit, 9, 10)
_ru_inn_12_check = _check_chars(inn.calc_personal_check_digits, 10, 12)


def _ru_inn_check(value: str) -> str | None:
    return _ru_inn_10_check(value) if len(value) == 10 else _ru_inn_12_check(value)


def _ru_ogrn_check(value: str) -> str | None:
    return _check_chars(_ogrn_calc, len(value) - 1, len(value))(value)


# --- rules on parts ---------------------------------------------------------------------------------------------


def _kz_bin_parts(value: str) -> str | None:
    if value[4] not in "456":
        return (
            f"has entity type {value[4]} in its 5th digit; it must be 4 (resident legal entity), "
            "5 (non-resident) or 6 (individual entrepreneur)"
        )
    if value[5] not in "0123":
        return (
            f"has office type {value[5]} in its 6th digit; it must be 0 (head office), 1 (branch), "
            "2 (representative office) or 3 (peasant farm)"
        )
    return None


def _ru_ogrn_parts(value: str) -> str | None:
    if len(value) == 13 and value[0] == "0":
        return "starts with 0; a 13-digit OGRN starts with 1-9"
    if len(value) == 15 and value[0] not in "34":
        return f"starts with {value[0]}; a 15-digit OGRNIP starts with 3 or 4"
    return None


def _cn_uscc_parts(value: str) -> str | None:
    letters = [c for c in value[:8] if not c.isdigit()]
    if letters:
        return f"has {', '.join(map(repr, letters))} in its first 8 characters, which must be digits"
    return None


def _az_voen_parts(value: str) -> str | None:
    if value[9] not in "12":
        return f"ends in {value[9]}; the last digit is 1 (legal person) or 2 (natural person)"
    return None


def _uz_inn_parts(value: str) -> str | None:
    if value[0] not in "234567":
        return f"starts with {value[0]}; legal entities start with 2 or 3, individuals with 4-7"
    return None


# --- generators ---------------------------------------------------------------------------------------------------


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_DIGITS) for _ in range(n))


def _with_kz_check(first11: str) -> str:
    digit = _kz_check_digit(first11)
    return first11 + ("" if digit is None else str(digit))  # an 11-digit candidate is rejected and retried


def _gen_kz_bin(rng: random.Random) -> str:
    yymm = f"{rng.randint(1995, 2024) % 100:02d}{rng.randint(1, 12):02d}"
    return _with_kz_check(yymm + "40" + _digits(rng, 5))  # resident legal entity, head office


def _gen_kz_iin(rng: random.Random) -> str:
    year = rng.randint(1950, 2005)
    birth = f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    century_sex = rng.choice("34" if year < 2000 else "56")
    return _with_kz_check(birth + century_sex + _digits(rng, 4))


def _gen_ru_inn(rng: random.Random) -> str:
    region = f"{rng.randint(1, 99):02d}"
    first9 = region + _digits(rng, 7)
    return first9 + inn.calc_company_check_digit(first9)


def _gen_ru_ogrn(rng: random.Random) -> str:
    # 1 (OGRN), year of registration, region, then the register's serial
    first12 = "1" + f"{rng.randint(2, 24):02d}" + f"{rng.randint(1, 99):02d}" + _digits(rng, 7)
    return first12 + ogrn.calc_check_digit(first12 + "0")


def _gen_cn_uscc(rng: random.Random) -> str:
    region = rng.choice(
        ["110000", "310000", "440300", "650100", "652700"]
    )  # Beijing, Shanghai, Shenzhen, Urumqi, Bortala
    first17 = "91" + region + "".join(rng.choice(_USCC_ALPHABET) for _ in range(9))
    return first17 + uscc.calc_check_digit(first17)


def _gen_az_voen(rng: random.Random) -> str:
    first8 = f"{rng.randint(1, 99):02d}" + _digits(rng, 6)
    digit = _voen_calc(first8 + "01")
    return first8 + (digit or "") + "1"  # no digit fits a weighted sum of 10: rejected and drawn again


def _gen_tr_vkn(rng: random.Random) -> str:
    first9 = _digits(rng, 9)
    return first9 + vkn.calc_check_digit(first9)


def _gen_digits(first: str, length: int) -> Callable[[random.Random], str]:
    return lambda rng: rng.choice(first) + _digits(rng, length - 1)


# --- the schemes --------------------------------------------------------------------------------------------------

_KZ_BIN_FORM = (
    "12 digits: YYMM of registration, entity type (4 resident legal entity, 5 non-resident, "
    "6 individual entrepreneur), office type (0 head office, 1 branch, 2 representative office, 3 peasant farm), "
    "a 5-digit serial and a check digit"
)

_KZ_IIN_FORM = "12 digits: YYMMDD of birth, century and sex, a 4-digit serial and a check digit"
_RU_INN_FORM = "10 digits for an organisation (the last a check digit) or 12 for a person (the last two check digits)"
_RU_OGRN_FORM = (
    "13 digits for a legal entity (OGRN, not starting with 0) or 15 for an individual entrepreneur "
    "(OGRNIP, starting with 3 or 4), the last a check digit"
)
_CN_USCC_FORM = (
    "18 characters: 8 digits (registering authority, entity type, 6-digit region code), "
    "a 9-character organisation code and a check character, using 0-9 and A-Y without I, O, S, V, Z"
)
_AZ_VOEN_FORM = (
    "10 digits: a 2-digit territory code, a 6-digit serial, a check digit, then 1 (legal person) or 2 (natural person)"
)
_UZ_INN_FORM = "9 digits; legal entities start with 2 or 3, individuals with 4-7"
_TM_FORM = "1-20 letters and digits (Turkmenistan publishes no identifier format)"

_RULES: dict[str, _Rule] = {
    rule.info.name: rule
    for rule in (
        _Rule(
            SchemeInfo("KZ-BIN", "KZ", _KZ_BIN_FORM, verifiable=True),
            r"[0-9]{12}",
            _gen_kz_bin,
            parts=_kz_bin_parts,
            check=_kz_check,
        ),
        _Rule(SchemeInfo("KZ-IIN", "KZ", _KZ_IIN_FORM, verifiable=True), r"[0-9]{12}", _gen_kz_iin, check=_kz_check),
        _Rule(
            SchemeInfo("RU-INN", "RU", _RU_INN_FORM, verifiable=True),
            r"[0-9]{10}|[0-9]{12}",
            _gen_ru_inn,
            check=_ru_inn_check,
        ),
        _Rule(
            SchemeInfo("RU-OGRN", "RU", _RU_OGRN_FORM, verifiable=True),
            r"[0-9]{13}|[0-9]{15}",
            _gen_ru_ogrn,
            parts=_ru_ogrn_parts,
            check=_ru_ogrn_check,
        ),
        _Rule(
            SchemeInfo("CN-USCC", "CN", _CN_USCC_FORM, verifiable=True),
            f"[{_USCC_ALPHABET}]{{18}}",
            _gen_cn_uscc,
            allowed=_USCC_ALPHABET,
            parts=_cn_uscc_parts,
            check=_check_chars(uscc.calc_check_digit, 17, 18, unit="character"),
        ),
        _Rule(
            SchemeInfo("AZ-VOEN", "AZ", _AZ_VOEN_FORM, verifiable=True),
            r"[0-9]{10}",
            _gen_az_voen,
            parts=_az_voen_parts,
            check=_check_chars(_voen_calc, 8, 9),
        ),
        _Rule(
            SchemeInfo("TR-VKN", "TR", "10 digits, the last a check digit", verifiable=True),
            r"[0-9]{10}",
            _gen_tr_vkn,
            check=_check_chars(vkn.calc_check_digit, 9, 10),
        ),
        _Rule(
            SchemeInfo("UZ-INN", "UZ", _UZ_INN_FORM, verifiable=False),
            r"[0-9]{9}",
            _gen_digits("2", 9),
            parts=_uz_inn_parts,
        ),
        _Rule(SchemeInfo("KG-INN", "KG", "14 digits", verifiable=False), r"[0-9]{14}", _gen_digits("0", 14)),
        _Rule(SchemeInfo("TJ-INN", "TJ", "9 digits", verifiable=False), r"[0-9]{9}", _gen_digits("0", 9)),
        _Rule(SchemeInfo("TM", "TM", _TM_FORM, verifiable=False), r"[0-9A-Z]{1,20}", _gen_digits("1", 12), _ALNUM),
        _Rule(
            SchemeInfo("GE-ID", "GE", "9 digits (identification code of a legal entity)", verifiable=False),
            r"[0-9]{9}",
            _gen_digits("24", 9),
        ),
        _Rule(
            SchemeInfo("IR-NID", "IR", "11 digits (national id of a legal person)", verifiable=False),
            r"[0-9]{11}",
            _gen_digits("1", 11),
        ),
    )
}

SCHEMES: dict[str, SchemeInfo] = {name: rule.info for name, rule in _RULES.items()}


# --- the public functions -------------------------------------------------------------------------------------


def normalise_value(value: str) -> str:
    """``value`` without spaces, dots and dashes, in upper case: the form identifiers are stored in."""
    return _SEPARATORS.sub("", value).upper()


def _scheme_name(scheme: str) -> str:
    return scheme.strip().upper().replace("_", "-")


def _unknown_scheme_message(scheme: str) -> str:
    return f"unknown identifier scheme {scheme!r}; use one of {', '.join(SCHEMES)}"


def _describe(value: str, allowed: str) -> str:
    """What a malformed value holds, e.g. ``11 digits`` or ``12 characters, including 'O'``."""
    if not value:
        return "nothing"
    foreign = sorted(set(value) - set(allowed))
    if foreign:
        return f"{len(value)} characters, including {', '.join(map(repr, foreign))}"
    unit = "digit" if allowed == _DIGITS else "character"
    return f"{len(value)} {unit}{'' if len(value) == 1 else 's'}"


def _valid_message(info: SchemeInfo, value: str) -> str:
    if info.verifiable:
        return f"{info.name} {value} is valid: its format and check digit are correct."
    if info.name == "TM":
        return (
            f"TM {value} accepted unverified: Turkmenistan publishes no identifier format, so any 1-20 letters "
            "and digits are accepted. Confirm it with the issuing registry."
        )
    return (
        f"{info.name} {value} has the right format ({info.form}); no check digit is published, "
        "so its checksum is not verifiable. Confirm it with the issuing registry."
    )


def check_identifier(scheme: str, value: str) -> IdentifierCheck:
    """Check ``value`` against ``scheme`` (case-insensitive); never raises for a bad value or an unknown scheme."""
    name, normalised = _scheme_name(scheme), normalise_value(value)
    rule = _RULES.get(name)

    def result(valid: bool, checksum: Checksum, message: str) -> IdentifierCheck:
        return IdentifierCheck(name, value, valid, normalised, checksum, message)

    if rule is None:
        return result(False, "not verifiable", _unknown_scheme_message(scheme))
    info = rule.info
    if not re.fullmatch(rule.pattern, normalised):
        return result(False, "not verifiable", f"{name} must be {info.form}; got {_describe(normalised, rule.allowed)}")
    problem = rule.parts(normalised)
    if problem is not None:
        return result(False, "not verifiable", f"{name} {normalised} {problem}. Valid form: {info.form}.")
    if rule.check is None:
        return result(True, "not verifiable", _valid_message(info, normalised))
    problem = rule.check(normalised)
    if problem is not None:
        unit = "digit" if rule.allowed == _DIGITS else "character"
        return result(False, "bad", f"{name} {normalised} {problem}. Check for a mistyped {unit}.")
    return result(True, "ok", _valid_message(info, normalised))


def validate_identifier(scheme: str, value: str) -> IdentifierCheck:
    """Like :func:`check_identifier`, but raise :class:`InvalidIdentifier` (field ``id_value``) when not valid."""
    check = check_identifier(scheme, value)
    if not check.valid:
        raise InvalidIdentifier.single("id_value", check.message, value)
    return check


def status_of(check: IdentifierCheck) -> str:
    """The stored status of a check: ``valid`` (check digit verified), ``unverifiable`` (format only), ``invalid``."""
    if not check.valid:
        return "invalid"
    return "valid" if check.checksum == "ok" else "unverifiable"


def generate_identifier(scheme: str, rng: random.Random) -> str:
    """A random valid value of ``scheme`` for tests and demo data; reproducible for a seeded ``rng``."""
    rule = _RULES.get(_scheme_name(scheme))
    if rule is None:
        raise InvalidIdentifier.single("id_scheme", _unknown_scheme_message(scheme), scheme)
    # Some candidates have no valid check digit (KZ and AZ-VOEN sums of 10); they are rare, so draw again.
    for _ in range(100):
        candidate = rule.generate(rng)
        if check_identifier(rule.info.name, candidate).valid:
            return candidate
    raise RuntimeError(f"no valid {rule.info.name} in 100 draws: the generator is broken")  # pragma: no cover
