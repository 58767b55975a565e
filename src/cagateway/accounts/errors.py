"""Errors of accounts and security: each says what is wrong and what to do."""

from __future__ import annotations

from cagateway.errors import GatewayError

__all__ = ["CsrfFailed", "Forbidden", "LoginRequired", "SecondFactorRequired", "TooManyRequests", "Unauthorized"]


class Unauthorized(GatewayError):
    """No valid credentials: a wrong password, an unknown, revoked or malformed API token."""

    code = "unauthorized"
    status = 401


class LoginRequired(Unauthorized):
    """The page or endpoint needs a logged-in user; HTML pages redirect to the log-in form instead."""

    code = "login_required"


class Forbidden(GatewayError):
    """Logged in, but not allowed: the wrong role or a missing API token scope."""

    code = "forbidden"
    status = 403


class SecondFactorRequired(Forbidden):
    """Moderators and administrators must have TOTP on (and have given a code at log-in) first."""

    code = "second_factor_required"


class CsrfFailed(Forbidden):
    """A form or cookie-authenticated request without the CSRF token of its session."""

    code = "csrf_failed"


class TooManyRequests(GatewayError):
    """A rate limit was hit; ``retry_after`` says in how many seconds to try again."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
