"""`cagateway accounts`: create an administrator, list users, change roles, read the outbox and the audit log."""

from __future__ import annotations

import json

import pyotp
from click.testing import CliRunner
from fastapi.testclient import TestClient

from cagateway.accounts import services
from cagateway.cli import main
from cagateway.config import Settings
from cagateway.db import Database
from cagateway.web import create_app
from tests.accounts_support import auth_header, make_api_token, make_user

PASSWORD = "copper kettle on the stove"  # noqa: S105


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_accounts_commands(fresh_db: Database) -> None:
    runner = CliRunner()
    db = ["--db", _url(fresh_db)]
    created = runner.invoke(
        main, [*db, "accounts", "create-admin", "Admin@Example.org", "--json"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert created.exit_code == 0, created.output
    admin = json.loads(created.output.splitlines()[-1])
    assert admin["role"] == "admin"
    assert admin["totp"] is True
    secret = pyotp.parse_uri(admin["totp_uri"]).secret
    with fresh_db.writer() as session:
        user = services.find_user(session, "admin@example.org")
        assert user is not None
        assert services.verify_totp(user, pyotp.TOTP(secret).now())
        services.sign_up(session, Settings(), "maria@example.org", "a long walk in the hills")

    again = runner.invoke(
        main, [*db, "accounts", "create-admin", "admin@example.org"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert again.exit_code == 1
    assert "exists already" in again.output

    role = runner.invoke(main, [*db, "accounts", "set-role", "MARIA@example.org", "moderator", "--json"])
    assert role.exit_code == 0, role.output
    assert json.loads(role.output)["role"] == "moderator"
    missing = runner.invoke(main, [*db, "accounts", "set-role", "nobody@example.org", "buyer"])
    assert missing.exit_code == 1

    listed = json.loads(runner.invoke(main, [*db, "accounts", "list", "--role", "moderator", "--json"]).output)
    assert [u["email"] for u in listed["users"]] == ["maria@example.org"]
    assert "maria@example.org" in runner.invoke(main, [*db, "accounts", "list"]).output

    outbox = json.loads(runner.invoke(main, [*db, "accounts", "outbox", "--to", "maria@example.org", "--json"]).output)
    assert outbox["mails"][0]["subject"].startswith("Confirm your e-mail address")
    assert "/verify-email?token=" in outbox["mails"][0]["body"]
    assert "Confirm your e-mail" in runner.invoke(main, [*db, "accounts", "outbox"]).output

    events = json.loads(runner.invoke(main, [*db, "accounts", "audit", "--event", "user.", "--json"]).output)
    names = [e["event"] for e in events["events"]]
    assert names == ["user.role_changed", "user.signup", "user.created"]
    assert "via=cli" in runner.invoke(main, [*db, "accounts", "audit"]).output  # the table (wrapped at 80 columns)


def test_a_disabled_account_cannot_log_in_or_use_its_tokens(fresh_db: Database) -> None:
    user = make_user(fresh_db, "buyer")
    secret = make_api_token(fresh_db, user, ["read"])
    runner = CliRunner()
    db = ["--db", _url(fresh_db)]
    done = runner.invoke(main, [*db, "accounts", "disable", user.email, "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["disabled"] is True
    with TestClient(create_app(Settings(database_url=_url(fresh_db)), database=fresh_db)) as client:
        assert client.get("/api/v1/me", headers=auth_header(secret)).status_code == 401
        with fresh_db.session() as session:
            assert services.authenticate(session, user.email, user.password) is None
        runner.invoke(main, [*db, "accounts", "disable", user.email, "--undo"])
        assert client.get("/api/v1/me", headers=auth_header(secret)).status_code == 200
