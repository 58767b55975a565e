"""Security of accounts through the real app (both engines): CSRF on forms and cookie-authenticated JSON, API
token scopes, roles, TOTP for moderators and admins, single-use expiring reset links, the append-only audit log."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from cagateway.accounts import services
from cagateway.accounts.models import AuditEvent, OutboxMail, User
from cagateway.db import Database
from tests.accounts_support import (
    auth_header,
    login,
    logout,
    make_api_token,
    make_user,
    post_form,
    totp_code,
)


def _events(db: Database, user_id: int) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(AuditEvent.event).where(AuditEvent.actor_id == user_id)))


def _last_mail(db: Database, to: str) -> OutboxMail:
    with db.session() as session:
        mail = session.scalars(select(OutboxMail).where(OutboxMail.to_address == to).order_by(OutboxMail.id.desc()))
        first = mail.first()
    assert first is not None, f"no mail to {to}"
    return first


def _link_token(body: str) -> str:
    match = re.search(r"token=([A-Za-z0-9_-]+)", body)
    assert match, body
    return match.group(1)


# --- CSRF --------------------------------------------------------------------------------------------------------


def test_cookie_authenticated_json_needs_the_csrf_header(client: TestClient, app_db: Database) -> None:
    user = make_user(app_db, "buyer")
    login(client, user)
    body = {"text": "cement"}
    refused = client.post("/api/v1/hs/suggest", json=body)
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/account").text).group(1)  # type: ignore[union-attr]
    allowed = client.post("/api/v1/hs/suggest", json=body, headers={"X-CSRF-Token": token})
    assert allowed.status_code != 403
    logout(client)


def test_bearer_token_and_anonymous_api_calls_need_no_csrf_token(client: TestClient, app_db: Database) -> None:
    client.cookies.clear()
    anonymous = client.post("/api/v1/hs/suggest", json={"text": "cement"})
    assert anonymous.status_code != 403
    secret = make_api_token(app_db, make_user(app_db, "buyer"), ["read"])
    with_token = client.post("/api/v1/hs/suggest", json={"text": "cement"}, headers=auth_header(secret))
    assert with_token.status_code != 403


def test_every_account_form_is_refused_without_its_token(client: TestClient, app_db: Database) -> None:
    user = make_user(app_db, "buyer")
    login(client, user)
    for path, data in [
        ("/account/tokens", {"name": "x", "scopes": "read"}),
        ("/account/totp/start", {}),
        ("/account/password", {"current_password": user.password, "new_password": "another long passphrase"}),
        ("/logout", {}),
    ]:
        assert client.post(path, data=data, follow_redirects=False).status_code == 403, path
    assert client.get("/account").status_code == 200  # still logged in: the forged log-out did nothing
    assert "token.created" not in _events(app_db, user.id)


# --- API tokens and scopes -------------------------------------------------------------------------------------------


def test_api_token_scopes_are_enforced(client: TestClient, app_db: Database) -> None:
    client.cookies.clear()
    admin = make_user(app_db, "admin")
    read_only = make_api_token(app_db, admin, ["read"])
    full = make_api_token(app_db, admin, ["read", "admin"])
    me = client.get("/api/v1/me", headers=auth_header(read_only))
    assert me.status_code == 200
    assert me.json()["scopes"] == ["read"]
    refused = client.get("/api/v1/audit", headers=auth_header(read_only))
    assert refused.status_code == 403
    assert "scope 'admin'" in refused.json()["error"]
    assert client.get("/api/v1/audit", headers=auth_header(full)).status_code == 200
    assert client.get("/api/v1/audit").status_code == 401
    assert client.get("/api/v1/audit", headers=auth_header("cagw_not-a-real-token")).status_code == 401
    assert client.get("/api/v1/audit", headers=auth_header("garbage")).status_code == 401


def test_a_role_cannot_hold_scopes_beyond_it_and_a_revoked_token_stops(client: TestClient, app_db: Database) -> None:
    buyer = make_user(app_db, "buyer")
    with app_db.writer() as session, pytest.raises(services.Forbidden, match="moderate"):
        services.create_api_token(session, session.get(User, buyer.id), "x", ["moderate"])  # type: ignore[arg-type]
    login(client, buyer)
    created = post_form(client, "/account/tokens", {"name": "script", "scopes": ["read", "rfq"]})
    assert created.status_code == 200
    secret = re.search(r'class="api-token">(cagw_[^<]+)<', created.text).group(1)  # type: ignore[union-attr]
    assert "shown only this once" in created.text
    assert secret not in client.get("/account").text  # never shown again
    client.cookies.clear()
    assert client.get("/api/v1/me", headers=auth_header(secret)).json()["scopes"] == ["read", "rfq"]
    login(client, buyer)
    with app_db.session() as session:
        token_id = services.list_api_tokens(session, session.get(User, buyer.id))[0].id  # type: ignore[arg-type]
    assert post_form(client, f"/account/tokens/{token_id}/revoke", follow_redirects=False).status_code == 303
    client.cookies.clear()
    assert client.get("/api/v1/me", headers=auth_header(secret)).status_code == 401
    assert {"token.created", "token.used", "token.revoked"} <= set(_events(app_db, buyer.id))


def test_scopes_shrink_when_the_role_does(client: TestClient, app_db: Database) -> None:
    client.cookies.clear()
    moderator = make_user(app_db, "moderator")
    secret = make_api_token(app_db, moderator, ["read", "moderate"])
    with app_db.writer() as session:
        services.set_role(session, session.get(User, moderator.id), "buyer")  # type: ignore[arg-type]
    assert client.get("/api/v1/me", headers=auth_header(secret)).json()["scopes"] == ["read"]


# --- roles and TOTP -------------------------------------------------------------------------------------------------


def test_a_buyer_cannot_reach_admin_or_moderator_endpoints(client: TestClient, app_db: Database) -> None:
    buyer = make_user(app_db, "buyer")
    login(client, buyer)
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/api/v1/audit").status_code == 403
    secret = make_api_token(app_db, buyer, ["read", "rfq"])
    client.cookies.clear()
    assert client.get("/api/v1/audit", headers=auth_header(secret)).status_code == 403
    assert client.get("/api/v1/moderation/submissions", headers=auth_header(secret)).status_code in (401, 403)


def test_an_admin_without_totp_must_enrol_before_the_admin_pages(client: TestClient, app_db: Database) -> None:
    admin = make_user(app_db, "admin", totp=False)
    login(client, admin)
    blocked = client.get("/admin/audit", follow_redirects=False)
    assert blocked.status_code == 303
    assert blocked.headers["location"] == "/account?totp=required"
    assert client.get("/api/v1/audit", headers={"Accept": "application/json"}).json()["code"] == (
        "second_factor_required"
    )
    page = post_form(client, "/account/totp/start")
    uri = re.search(r'class="totp-uri">([^<]+)<', page.text).group(1)  # type: ignore[union-attr]
    assert "<svg" in page.text
    admin.totp_secret = re.search(r"secret=([A-Z2-7]+)", uri).group(1)  # type: ignore[union-attr]
    wrong = post_form(client, "/account/totp/confirm", {"code": "000000"})
    assert wrong.status_code == 422
    confirmed = post_form(client, "/account/totp/confirm", {"code": totp_code(admin)}, follow_redirects=False)
    assert confirmed.status_code == 303
    assert client.get("/admin/audit").status_code == 200
    logout(client)
    login(client, admin)  # from now on the log-in asks for the code
    assert client.get("/admin/audit").status_code == 200
    assert "totp.enabled" in _events(app_db, admin.id)


def test_a_totp_code_cannot_be_replayed(client: TestClient, app_db: Database) -> None:
    moderator = make_user(app_db, "moderator")
    client.cookies.clear()
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    form = {"email": moderator.email, "password": moderator.password, "csrf_token": token}
    assert client.post("/login", data=form, follow_redirects=False).headers["location"].startswith("/login/totp")
    code = totp_code(moderator)
    assert post_form(client, "/login/totp", {"code": code}, follow_redirects=False).status_code == 303
    client.cookies.clear()
    page = client.get("/login")
    form["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    client.post("/login", data=form, follow_redirects=False)
    replay = post_form(client, "/login/totp", {"code": code}, follow_redirects=False)
    assert replay.status_code == 401
    assert client.get("/account", follow_redirects=False).status_code == 303  # the pending session is not a login


# --- sign-up, verification, reset ---------------------------------------------------------------------------------


def test_sign_up_mails_a_verification_link_that_works_once(client: TestClient, app_db: Database) -> None:
    client.cookies.clear()
    client.get("/signup")
    email = "new.buyer@Example.ORG"
    weak = post_form(client, "/signup", {"email": email, "password": "short", "role": "buyer"})
    assert weak.status_code == 422
    assert "at least 10 characters" in weak.text
    admin_try = post_form(client, "/signup", {"email": email, "password": "a long pass phrase", "role": "admin"})
    assert admin_try.status_code == 422
    done = post_form(client, "/signup", {"email": email, "password": "a long pass phrase", "role": "representative"})
    assert done.status_code == 200
    token = _link_token(_last_mail(app_db, "new.buyer@example.org").body)
    # e-mails are unique whatever their case; a second sign-up gets the same answer as a first one (no account
    # discovery) and the owner of the address gets a mail saying so, not a second account
    again = post_form(client, "/signup", {"email": "NEW.BUYER@example.org", "password": "a long pass phrase"})
    assert again.status_code == done.status_code == 200
    assert again.text.replace("NEW.BUYER@example.org", "X") == done.text.replace(email, "X")
    assert "tried to create an account" in _last_mail(app_db, "new.buyer@example.org").body
    with app_db.session() as session:
        assert [u.email_key for u in services.list_users(session)].count("new.buyer@example.org") == 1
    assert client.get(f"/verify-email?token={token}").status_code == 200
    assert client.get(f"/verify-email?token={token}").status_code == 400
    with app_db.session() as session:
        user = services.find_user(session, email)
        assert user is not None
        assert user.is_verified
        assert user.role == "representative"


def test_reset_links_are_single_use_and_expire(client: TestClient, app_db: Database) -> None:
    user = make_user(app_db, "buyer")
    login(client, user)
    old_session = client.cookies.get("cagw_session")
    client.cookies.clear()
    client.get("/reset-password")
    assert post_form(client, "/reset-password", {"email": user.email.upper()}).status_code == 200
    assert post_form(client, "/reset-password", {"email": "nobody@example.org"}).status_code == 200  # same answer
    token = _link_token(_last_mail(app_db, user.email).body)
    weak = post_form(client, "/reset-password/set", {"token": token, "password": "short"})
    assert weak.status_code == 400  # refused, and the link still works:
    new_password = "a brand new pass phrase"  # noqa: S105
    assert post_form(client, "/reset-password/set", {"token": token, "password": new_password}).status_code == 200
    reused = post_form(client, "/reset-password/set", {"token": token, "password": "yet another passphrase"})
    assert reused.status_code == 400
    assert "used already" in reused.text
    client.cookies.clear()
    client.cookies.set("cagw_session", old_session or "")
    assert client.get("/account", follow_redirects=False).status_code == 303  # the reset ended every session
    user.password = new_password
    login(client, user)
    with app_db.writer() as session:
        expired = services.issue_email_token(session, session.get(User, user.id), "reset", dt.timedelta(seconds=-1))  # type: ignore[arg-type]
    late = post_form(client, "/reset-password/set", {"token": expired, "password": "another fine passphrase"})
    assert late.status_code == 400
    assert "expired" in late.text
    assert "password.reset" in _events(app_db, user.id)


def test_the_development_outbox_shows_mails(client: TestClient, app_db: Database) -> None:
    user = make_user(app_db, "buyer")
    client.cookies.clear()
    client.get("/reset-password")
    post_form(client, "/reset-password", {"email": user.email})
    page = client.get("/dev/outbox", params={"to": user.email})
    if app_db.is_sqlite:
        assert page.status_code == 200
        assert "Reset your password" in page.text
    else:
        assert page.status_code == 404  # off by default on PostgreSQL (production)


# --- the audit log is append-only -------------------------------------------------------------------------------------


def test_the_audit_log_refuses_updates_and_deletes(app_db: Database) -> None:
    with app_db.writer() as session:
        row = services.audit.record(session, "test.event", None, {"n": 1})
        row_id = row.id
    for statement in ("UPDATE audit_events SET event = 'x' WHERE id = :id", "DELETE FROM audit_events WHERE id = :id"):
        with pytest.raises(DBAPIError, match="append-only"), app_db.writer() as session:
            session.execute(text(statement), {"id": row_id})
    with app_db.session() as session:
        assert session.get(AuditEvent, row_id).event == "test.event"  # type: ignore[union-attr]


def test_moderator_pages_need_the_role_and_a_totp_log_in(client: TestClient, app_db: Database) -> None:
    client.cookies.clear()
    assert client.get("/moderation", follow_redirects=False).headers["location"] == "/login?next=%2Fmoderation"
    buyer = make_user(app_db, "buyer")
    login(client, buyer)
    assert client.get("/moderation").status_code == 403
    representative = make_user(app_db, "representative")
    login(client, representative)
    assert client.get("/moderation").status_code == 403
    no_totp = make_user(app_db, "moderator", totp=False)
    login(client, no_totp)
    blocked = client.get("/moderation", follow_redirects=False)
    assert blocked.status_code == 303
    assert blocked.headers["location"] == "/account?totp=required"
    assert "must turn on two-factor log-in" in client.get(blocked.headers["location"]).text
    moderator = make_user(app_db, "moderator")
    login(client, moderator)
    assert client.get("/moderation").status_code == 200


def test_user_text_renders_escaped_on_account_pages(client: TestClient, app_db: Database) -> None:
    xss = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    user = make_user(app_db, "admin", display_name=xss)
    login(client, user)
    created = post_form(client, "/account/tokens", {"name": xss, "scopes": ["read"]})
    for page in (created.text, client.get("/account").text, client.get("/admin/audit").text):
        assert "<script>alert" not in page
        assert "<img src=x" not in page
    assert "&lt;script&gt;" in client.get("/account").text


def test_log_out_everywhere_else_ends_the_other_sessions(client: TestClient, app_db: Database) -> None:
    user = make_user(app_db, "buyer")
    login(client, user)
    other = client.cookies.get("cagw_session")
    login(client, user)  # a second browser (fresh cookies)
    page = client.get("/account")
    assert "this browser" in page.text
    assert "Log out everywhere else" in page.text
    assert post_form(client, "/account/sessions/end-others", follow_redirects=False).status_code == 303
    assert client.get("/account").status_code == 200  # this one stays
    client.cookies.clear()
    client.cookies.set("cagw_session", other or "")
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert "logout.others" in _events(app_db, user.id)
