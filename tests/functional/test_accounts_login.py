"""Log-in through the real forms: CSRF, session rotation, TOTP step, roles (both engines)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from cagateway.accounts.models import AuditEvent, User
from cagateway.config import Settings
from cagateway.db import Database
from cagateway.web import create_app
from tests.accounts_support import login, logout, make_user, post_form


def test_a_buyer_logs_in_and_out_through_the_forms(client: TestClient, app_db: Database) -> None:
    user = make_user(app_db, "buyer")
    client.cookies.clear()
    client.get("/login")
    before = client.cookies.get("cagw_session")
    login(client, user)
    page = client.get("/account")
    assert page.status_code == 200
    assert user.email in page.text
    assert client.cookies.get("cagw_session") != before
    logout(client)
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_posting_a_form_without_the_csrf_token_is_refused(client: TestClient, app_db: Database) -> None:
    user = make_user(app_db, "buyer")
    client.cookies.clear()
    client.get("/login")
    response = client.post("/login", data={"email": user.email, "password": user.password}, follow_redirects=False)
    assert response.status_code == 403
    assert "CSRF token is missing or wrong" in response.text
    forged = client.post(
        "/login", data={"email": user.email, "password": user.password, "csrf_token": "0" * 64}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert "cagw_session" not in client.cookies


def test_the_session_id_changes_at_log_in(client: TestClient, app_db: Database) -> None:
    user = make_user(app_db, "buyer")
    login(client, user)
    first = client.cookies.get("cagw_session")
    login(client, user, fresh=False)  # logging in again while logged in: a new id, the old session ends
    second = client.cookies.get("cagw_session")
    assert first and second and first != second
    client.cookies.clear()
    client.cookies.set("cagw_session", first)
    assert client.get("/account", follow_redirects=False).status_code == 303
    client.cookies.clear()
    client.cookies.set("cagw_session", second)
    assert client.get("/account").status_code == 200
    logout(client)


def test_a_moderator_logs_in_with_a_totp_code(client: TestClient, app_db: Database) -> None:
    moderator = make_user(app_db, "moderator")
    login(client, moderator)
    assert client.get("/account").status_code == 200
    with app_db.session() as session:
        events = session.scalars(select(AuditEvent.event).where(AuditEvent.actor_id == moderator.id)).all()
    assert "login.password_ok" in events
    assert "login.success" in events
    logout(client)


def test_a_buyer_cannot_reach_the_audit_log(client: TestClient, app_db: Database) -> None:
    buyer = make_user(app_db, "buyer")
    login(client, buyer)
    assert client.get("/admin/audit").status_code == 403
    logout(client)
    assert client.get("/admin/audit", follow_redirects=False).headers["location"].startswith("/login?next=")
    admin = make_user(app_db, "admin")
    login(client, admin)
    page = client.get("/admin/audit?event=login.")
    assert page.status_code == 200
    assert buyer.email in page.text
    logout(client)


def test_the_logout_form_needs_its_token_too(client: TestClient, app_db: Database) -> None:
    user = make_user(app_db, "buyer")
    login(client, user)
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert post_form(client, "/logout", follow_redirects=False).status_code == 303


def test_session_cookies_are_http_only_lax_and_secure_when_configured(app_db: Database) -> None:
    user = make_user(app_db, "buyer")
    url = app_db.engine.url.render_as_string(hide_password=False)
    for secure in (False, True):
        app = create_app(Settings(database_url=url, cookie_secure=secure), database=app_db)
        with TestClient(app, base_url="https://testserver") as fresh:
            token = re.search(r'name="csrf_token" value="([^"]+)"', fresh.get("/login").text).group(1)  # type: ignore[union-attr]
            form = {"email": user.email, "password": user.password, "csrf_token": token}
            cookie = fresh.post("/login", data=form, follow_redirects=False).headers["set-cookie"]
        assert cookie.startswith("cagw_session=")
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie
        assert ("Secure" in cookie) is secure


def test_log_in_redirects_only_to_paths_on_this_site(client: TestClient, app_db: Database) -> None:
    user = make_user(app_db, "buyer")
    for target, expected in [
        ("/rfq/mine", "/rfq/mine"),
        ("https://evil.example/", "/account"),
        ("//evil.example/", "/account"),
        ("/\\evil.example", "/account"),
        ("/\t/evil.example", "/account"),  # browsers drop the tab: //evil.example
        ("/\n/evil.example", "/account"),
    ]:
        client.cookies.clear()
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token, "no CSRF field on /login"
        form = {"email": user.email, "password": user.password, "csrf_token": token.group(1), "next": target}
        response = client.post("/login", data=form, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == expected, target


def test_an_administrator_changes_roles_and_shuts_accounts_on_the_users_page(
    client: TestClient, app_db: Database
) -> None:
    moderator, buyer, admin = make_user(app_db, "moderator"), make_user(app_db, "buyer"), make_user(app_db, "admin")
    login(client, moderator)
    assert client.get("/admin/users").status_code == 403  # moderators do not manage accounts
    login(client, admin)
    page = client.get("/admin/users")
    assert page.status_code == 200 and buyer.email in page.text
    assert client.post(f"/admin/users/{buyer.public_id}", data={"role": "moderator"}).status_code == 403  # no CSRF
    done = post_form(client, f"/admin/users/{buyer.public_id}", {"role": "moderator"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/admin/users"
    shut = post_form(
        client, f"/admin/users/{moderator.public_id}", {"role": "moderator", "disabled": "true"}, follow_redirects=False
    )
    assert shut.status_code == 303
    own = post_form(client, f"/admin/users/{admin.public_id}", {"role": "buyer"}, follow_redirects=False)
    assert "cannot%20change%20your%20own%20role" in own.headers["location"]
    with app_db.session() as session:
        changed = {u.public_id: (u.role, u.disabled) for u in session.scalars(select(User))}
        events = [(e.event, e.details) for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert changed[buyer.public_id] == ("moderator", False)
    assert changed[moderator.public_id] == ("moderator", True)
    assert changed[admin.public_id] == ("admin", False)
    assert any(event == "user.role_changed" for event, _ in events)
    assert any(event == "user.disabled" and details.get("user") == moderator.public_id for event, details in events)
    logout(client)
