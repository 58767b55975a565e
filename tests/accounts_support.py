"""Accounts in tests: make users of any role, log a TestClient in through the real log-in form, send forms with
their CSRF token, make API tokens. Used by the accounts, moderation and RFQ tests.

    user = make_user(db, role="moderator")          # verified; moderators and admins get TOTP switched on
    login(client, user)                              # GET /login, POST the form (+ CSRF), then the TOTP step
    response = post_form(client, "/moderation/claims/1/approve", {"reason": "ok"})   # adds csrf_token
    token = make_api_token(db, user, ["read", "moderate"])   # for Authorization: Bearer <token>
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx2
import pyotp
from fastapi.testclient import TestClient

from cagateway.accounts import services
from cagateway.accounts.crypto import digest
from cagateway.accounts.models import User
from cagateway.db import Database

__all__ = [
    "PASSWORD",
    "TestUser",
    "admin_token",
    "auth_header",
    "clear_of_window_edge",
    "csrf_token_of",
    "login",
    "logout",
    "make_api_token",
    "make_user",
    "post_form",
    "totp_code",
]

PASSWORD = "correct horse battery staple"  # noqa: S105  (the test users' password)
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class TestUser:
    """A user made for a test, with what is needed to log in as them."""

    __test__ = False  # not a test class, despite the name

    db: Database
    id: int
    public_id: str
    email: str
    password: str
    role: str
    totp_secret: str | None


def make_user(
    db: Database,
    role: str = "buyer",
    *,
    email: str | None = None,
    password: str = PASSWORD,
    verified: bool = True,
    totp: bool | None = None,
    display_name: str | None = None,
) -> TestUser:
    """A committed user of ``role`` (buyer, representative, moderator, admin); e-mail verified unless told
    otherwise; TOTP on for moderators and admins (``totp=`` overrides)."""
    address = email or f"{role}-{uuid.uuid4().hex[:10]}@example.org"
    with_totp = role in services.MFA_ROLES if totp is None else totp
    with db.writer() as session:
        user = services.create_user(session, address, password, role=role, verified=verified, display_name=display_name)
        secret = None
        if with_totp:
            secret = pyotp.random_base32()
            user.totp_secret, user.totp_enabled = secret, True
        session.flush()
        return TestUser(db, user.id, user.public_id, user.email, password, role, secret)


def totp_code(user: TestUser) -> str:
    """A TOTP code the server accepts now: the current step's, or the next one's (the server allows one step of
    drift) when the current one was used already (codes cannot be replayed)."""
    assert user.totp_secret, f"{user.email} has no TOTP"
    with user.db.session() as session:
        last = session.get(User, user.id).totp_last_step  # type: ignore[union-attr]
    totp = pyotp.TOTP(user.totp_secret)
    now = time.time()
    for moment in (now, now + totp.interval):
        if last is None or int(moment // totp.interval) > last:
            return totp.at(moment)
    time.sleep(totp.interval - now % totp.interval + 0.05)  # both used: wait for the next step
    return totp.now()


def csrf_token_of(client: TestClient) -> str:
    """The CSRF token of the client's current session (or pre-log-in cookie), read from a real form page."""
    response = client.get("/login")
    match = _TOKEN.search(response.text)
    assert match, "no CSRF field on /login"
    return match.group(1)


def _token_from_cookies(client: TestClient) -> str | None:
    binding = client.cookies.get("cagw_session") or client.cookies.get("cagw_csrf")
    return digest("csrf:" + binding) if binding else None


def post_form(
    client: TestClient, url: str, data: dict[str, Any] | None = None, *, files: Any = None, **kwargs: Any
) -> httpx2.Response:
    """POST a form with the session's CSRF token added (as a browser submitting a page's form would)."""
    token = _token_from_cookies(client) or csrf_token_of(client)
    return client.post(url, data={**(data or {}), "csrf_token": token}, files=files, **kwargs)


def login(client: TestClient, user: TestUser, *, password: str | None = None, fresh: bool = True) -> httpx2.Response:
    """Log ``client`` in as ``user`` through the real forms: /login with its CSRF token, then /login/totp with a
    pyotp code when the user has TOTP on. Returns the last response; asserts the log-in worked. ``fresh`` (the
    default) first drops the client's cookies, so whoever was logged in before (in a module-wide client) is gone."""
    if fresh:
        client.cookies.clear()
    page = client.get("/login")
    match = _TOKEN.search(page.text)
    assert match, "no CSRF field on /login"
    form = {"email": user.email, "password": password or user.password, "csrf_token": match.group(1)}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303, f"log-in of {user.email} failed: {response.status_code} {response.text[:300]}"
    if response.headers["location"].startswith("/login/totp"):
        page = client.get(response.headers["location"])
        match = _TOKEN.search(page.text)
        assert match, "no CSRF field on /login/totp"
        code = {"code": totp_code(user), "csrf_token": match.group(1)}
        response = client.post("/login/totp", data=code, follow_redirects=False)
        assert response.status_code == 303, f"TOTP step failed: {response.status_code} {response.text[:300]}"
    assert client.cookies.get("cagw_session"), "no session cookie after log-in"
    return response


def logout(client: TestClient) -> None:
    response = post_form(client, "/logout", follow_redirects=False)
    assert response.status_code == 303
    client.cookies.delete("cagw_session")


def make_api_token(db: Database, user: TestUser, scopes: list[str], name: str = "test") -> str:
    """A new API token of ``user`` with ``scopes``; returns the secret for ``Authorization: Bearer``."""
    with db.writer() as session:
        _token, secret = services.create_api_token(session, session.get(User, user.id), name, scopes)  # type: ignore[arg-type]
    return secret


def clear_of_window_edge(window_seconds: int, margin: float = 90.0) -> None:
    """Wait, if need be, until the current fixed rate-limit window has at least ``margin`` seconds left, so that a
    test's burst of hits falls into one window (counts start again at each window's edge)."""
    left = window_seconds - time.time() % window_seconds
    if left < margin:
        time.sleep(left + 0.5)


def auth_header(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def admin_token(db: Database) -> dict[str, str]:
    """One call: a new admin with an API token of every scope; returns the ``Authorization`` header for it."""
    return auth_header(make_api_token(db, make_user(db, "admin"), list(services.SCOPES), name="admin"))
