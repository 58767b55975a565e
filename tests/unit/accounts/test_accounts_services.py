"""Account services on both engines: users, passwords, sessions, TOTP, API tokens, e-mail links, rate counters."""

from __future__ import annotations

import datetime as dt
import time
import uuid

import pyotp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.accounts import audit, passwords, services
from cagateway.accounts.crypto import digest
from cagateway.accounts.models import ApiToken, AuditEvent, EmailToken, UserSession
from cagateway.accounts.ratelimit import TokenBucketLimiter, hit
from cagateway.config import Settings
from cagateway.db import Database
from cagateway.errors import Conflict, InvalidInput
from tests.accounts_support import clear_of_window_edge

PASSWORD = "correct horse battery staple"  # noqa: S105


def _email() -> str:
    return f"u{uuid.uuid4().hex[:8]}@Example.ORG"


def test_e_mails_are_unique_whatever_their_case(session: Session) -> None:
    address = _email()
    user = services.create_user(session, address, PASSWORD)
    assert user.email_key == address.lower()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    with pytest.raises(Conflict):
        services.create_user(session, address.upper(), PASSWORD)
    assert services.find_user(session, address.swapcase()) is user


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "at least 10 characters"),
        ("aaaaaaaaaaaa", "5 different characters"),
        ("password123", "most common"),
        ("maria-secret-2026", "e-mail name"),
    ],
)
def test_the_password_policy_says_what_is_wrong(password: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        passwords.check_policy(password, "maria@example.org")


@pytest.mark.parametrize("email", ["not an address", "a@b", "two@@example.org", ""])
def test_bad_e_mail_addresses_are_refused(session: Session, email: str) -> None:
    with pytest.raises(InvalidInput, match="e-mail"):
        services.create_user(session, email, PASSWORD)


@settings(max_examples=15, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_a_wrong_password_never_authenticates(candidate: str) -> None:
    hashed = passwords.hash_password(PASSWORD)
    assert passwords.verify(hashed, candidate) is (candidate == PASSWORD)


def test_authenticate_knows_only_the_right_password(session: Session) -> None:
    address = _email()
    services.create_user(session, address, PASSWORD)
    assert services.authenticate(session, address, PASSWORD) is not None
    assert services.authenticate(session, address, PASSWORD + "x") is None
    assert services.authenticate(session, "nobody-" + address, PASSWORD) is None


def test_sessions_store_only_a_hash_and_expire(session: Session) -> None:
    user = services.create_user(session, _email(), PASSWORD)
    sid = services.start_session(session, Settings(session_days=1), user)
    row = session.scalars(select(UserSession).where(UserSession.user_id == user.id)).one()
    assert row.token_hash == digest(sid) != sid
    found = services.current_user_for_session(session, sid)
    assert found is not None
    assert found[0] is user
    row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    assert services.current_user_for_session(session, sid) is None
    pending = services.start_session(session, Settings(), user, pending=True)
    assert services.current_user_for_session(session, pending) is None  # a password alone opens nothing


def test_totp_codes_work_once(session: Session) -> None:
    user = services.create_user(session, _email(), PASSWORD, role="moderator")
    uri = services.start_totp_enrolment(session, user)
    assert uri.startswith("otpauth://totp/")
    assert "issuer=Central%20Asia%20Gateway" in uri
    code = pyotp.TOTP(user.totp_secret or "").now()
    services.confirm_totp(session, user, code)
    assert user.totp_enabled
    assert services.verify_totp(user, code) is False  # replay
    with pytest.raises(Conflict):
        services.start_totp_enrolment(session, user)
    assert services.verify_totp(user, "12345") is False


def test_api_tokens_are_hashed_and_scoped(session: Session) -> None:
    user = services.create_user(session, _email(), PASSWORD, role="representative")
    token, secret = services.create_api_token(session, user, "import script", ["read", "producer:edit"])
    assert secret.startswith("cagw_")
    stored = session.get(ApiToken, token.id)
    assert stored is not None
    assert stored.token_hash == digest(secret)
    assert stored.prefix == secret[:12]  # enough to tell tokens apart in a list, far too little to use
    assert services.authenticate_api_token(session, secret)[0] is user
    with pytest.raises(InvalidInput, match="Unknown scope"):
        services.create_api_token(session, user, "x", ["everything"])
    with pytest.raises(services.Forbidden):
        services.create_api_token(session, user, "x", ["moderate"])
    services.revoke_api_token(session, user, token.id)
    with pytest.raises(services.Unauthorized):
        services.authenticate_api_token(session, secret)
    created = session.scalars(select(AuditEvent).where(AuditEvent.event == "token.created")).all()
    assert any(e.details.get("token") == token.id for e in created)  # the id is kept, never the secret


def test_e_mail_links_are_single_use_and_expire(session: Session) -> None:
    user = services.create_user(session, _email(), PASSWORD)
    secret = services.issue_email_token(session, user, "verify", dt.timedelta(hours=1))
    assert session.scalars(select(EmailToken).where(EmailToken.token_hash == digest(secret))).one()
    assert services.verify_email(session, secret) is user
    assert user.is_verified
    with pytest.raises(InvalidInput, match="used already"):
        services.verify_email(session, secret)
    old = services.issue_email_token(session, user, "reset", dt.timedelta(seconds=-1))
    with pytest.raises(InvalidInput, match="expired"):
        services.reset_password(session, old, "another good passphrase")
    verify_link = services.issue_email_token(session, user, "verify", dt.timedelta(hours=1))
    with pytest.raises(InvalidInput):
        services.reset_password(session, verify_link, "another good passphrase")  # the wrong purpose


def test_set_role_is_audited_and_ends_sessions(session: Session) -> None:
    admin = services.create_user(session, _email(), PASSWORD, role="admin")
    user = services.create_user(session, _email(), PASSWORD)
    sid = services.start_session(session, Settings(), user)
    services.set_role(session, user, "moderator", by=admin)
    assert user.role == "moderator"
    assert services.current_user_for_session(session, sid) is None
    event = session.scalars(select(AuditEvent).where(AuditEvent.event == "user.role_changed")).all()[-1]
    assert event.actor_id == admin.id
    assert event.details == {"user": user.public_id, "from": "buyer", "to": "moderator"}
    with pytest.raises(InvalidInput, match="Unknown role"):
        services.set_role(session, user, "superuser")


def test_audit_details_never_keep_credentials(session: Session) -> None:
    row = audit.record(session, "test.secretive", None, {"password": "x", "totp_secret": "y", "token": "z", "n": 1})
    assert row.details == {"password": "[redacted]", "totp_secret": "[redacted]", "token": "[redacted]", "n": 1}
    found = audit.list_events(session, audit.AuditFilter(event="test."))
    assert found[0].id == row.id


def test_rate_counters_count_per_key_and_window(db: Database) -> None:
    subject = uuid.uuid4().hex
    clear_of_window_edge(3600, margin=30)
    results = [hit(db, "test", subject, 3, 3600) for _ in range(5)]
    assert [r.count for r in results] == [1, 2, 3, 4, 5]
    assert [r.allowed for r in results] == [True, True, True, False, False]
    assert 0 < results[-1].retry_after <= 3600
    assert hit(db, "test", "other-" + subject, 3, 3600).count == 1


def test_the_token_bucket_refuses_a_burst_beyond_its_size() -> None:
    limiter = TokenBucketLimiter(per_minute=5)
    waits = [limiter.take("ip:1") for _ in range(6)]
    assert waits[:5] == [0.0] * 5
    assert waits[5] > 0
    assert limiter.take("ip:2") == 0.0  # another key has its own bucket


def test_log_in_counts_failures_even_though_they_fail(db: Database) -> None:
    address = _email()
    with db.writer() as session:
        services.create_user(session, address, PASSWORD)
    settings = Settings(database_url="sqlite://", login_limit_account=2, login_limit_ip=1000)
    clear_of_window_edge(settings.login_window_minutes * 60, margin=30)
    ip = f"198.51.100.{int(time.time()) % 250}"
    outcomes = [services.log_in(db, settings, address, "wrong password!", ip=ip) for _ in range(3)]
    assert [o.status for o in outcomes] == [401, 401, 429]
    assert services.log_in(db, settings, address, PASSWORD, ip=ip).status == 429
    assert services.log_in(db, settings.model_copy(update={"rate_limits": False}), address, PASSWORD).ok
