"""Passwords never reach the logs: log output captured at DEBUG during a failed and a successful log-in, and the
redaction of credentials that a careless log call would pass (both engines)."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from cagateway.config import Settings
from cagateway.db import Database
from cagateway.logs import get_logger
from cagateway.web import create_app
from tests.accounts_support import login, make_user, post_form

SECRET_PASSWORD = "Zebra-Quartz-Lantern-9"  # noqa: S105
WRONG_PASSWORD = "Wrong-Marmalade-Koala-4"  # noqa: S105


def test_passwords_never_appear_in_the_logs(app_db: Database, capfd: pytest.CaptureFixture[str]) -> None:
    settings = Settings(database_url=app_db.engine.url.render_as_string(hide_password=False), log_level="DEBUG")
    user = make_user(app_db, "moderator", password=SECRET_PASSWORD)
    with TestClient(create_app(settings, database=app_db)) as client:
        client.get("/login")
        failed = post_form(client, "/login", {"email": user.email, "password": WRONG_PASSWORD})
        assert failed.status_code == 401
        login(client, user)
        assert client.get("/account").status_code == 200
        # A careless log call with credentials in keys, nested dicts and text:
        log = get_logger("tests.careless")
        log.warning(
            "login attempt",
            password=SECRET_PASSWORD,
            form={"email": user.email, "password": WRONG_PASSWORD},
            note=f"password={SECRET_PASSWORD} totp_secret={user.totp_secret}",
            authorization=f"Bearer cagw_{SECRET_PASSWORD}",
        )
        logging.getLogger("uvicorn.access").warning("GET /reset-password?token=%s HTTP/1.1", SECRET_PASSWORD)
    out, err = capfd.readouterr()
    captured = out + err
    assert "login attempt" in captured  # the log was captured...
    assert "[redacted]" in captured  # ...with its credentials replaced
    assert SECRET_PASSWORD not in captured
    assert WRONG_PASSWORD not in captured
    assert user.totp_secret not in captured
