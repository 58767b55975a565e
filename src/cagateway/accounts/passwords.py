"""Passwords: Argon2id hashes (argon2-cffi's RFC 9106 low-memory profile) and the password policy."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from cagateway.errors import InvalidInput

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "check_policy", "hash_password", "needs_rehash", "verify", "verify_dummy"]

MIN_LENGTH = 10
MAX_LENGTH = 256
_COMMON = frozenset(
    {
        "password123", "password1234", "qwertyuiop", "1234567890", "0123456789", "qwerty1234", "iloveyou12",
        "passw0rd12", "letmein123", "administrator", "1q2w3e4r5t", "qwertyuiop1", "abcdefghij", "1111111111",
    }
)  # fmt: skip


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # Argon2id, t=3, m=64 MiB, p=4


@cache
def _dummy_hash() -> str:
    return _hasher().hash("not a password: compared against when the e-mail is unknown")


def check_policy(password: str, email: str = "") -> None:
    """Refuse a weak password with a message that says what a good one looks like."""
    problem = None
    if len(password) < MIN_LENGTH:
        problem = f"must be at least {MIN_LENGTH} characters long (a few words make a good one)"
    elif len(password) > MAX_LENGTH:
        problem = f"must be at most {MAX_LENGTH} characters long"
    elif len(set(password)) < 5:
        problem = "needs at least 5 different characters"
    elif password.lower() in _COMMON:
        problem = "is one of the most common passwords; choose another"
    elif len(local := email.split("@", maxsplit=1)[0]) >= 4 and local.lower() in password.lower():
        problem = "must not contain your e-mail name"
    if problem:
        raise InvalidInput.single("password", f"The password {problem}.")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (False for a malformed hash, never an exception)."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def verify_dummy(password: str) -> None:
    """Spend the time of a real check when the e-mail is unknown, so timing does not reveal which accounts exist."""
    verify(_dummy_hash(), password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
