"""Accounts: users and roles, passwords (Argon2id), sessions, e-mail verification and reset, TOTP, API tokens,
rate limits, the mail outbox and the append-only audit log. Depends only on the core (db, config, errors)."""

from cagateway.accounts.audit import AuditFilter, list_events, record
from cagateway.accounts.errors import (
    CsrfFailed,
    Forbidden,
    LoginRequired,
    SecondFactorRequired,
    TooManyRequests,
    Unauthorized,
)
from cagateway.accounts.models import ROLES, ApiToken, AuditEvent, User, UserSession

__all__ = [
    "ROLES",
    "ApiToken",
    "AuditEvent",
    "AuditFilter",
    "CsrfFailed",
    "Forbidden",
    "LoginRequired",
    "SecondFactorRequired",
    "TooManyRequests",
    "Unauthorized",
    "User",
    "UserSession",
    "list_events",
    "record",
]
