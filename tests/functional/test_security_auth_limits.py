"""Rate limits of sign-up, password reset, search and the API, configured by settings (both engines)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cagateway.config import Settings
from cagateway.db import Database
from cagateway.web import create_app
from tests.accounts_support import auth_header, clear_of_window_edge, make_api_token, make_user, post_form


def _client(db: Database, **settings: object) -> TestClient:
    url = db.engine.url.render_as_string(hide_password=False)
    return TestClient(create_app(Settings(database_url=url, **settings), database=db))  # type: ignore[arg-type]


def test_search_and_the_api_are_limited_per_ip_or_token(app_db: Database) -> None:
    secret = make_api_token(app_db, make_user(app_db, "buyer"), ["read"])
    with _client(app_db, api_limit_per_minute=5) as client:
        statuses = [client.get("/api/v1/search", params={"q": "cement"}).status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        refused = client.get("/search", params={"q": "cement"})
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) >= 1
        assert "Too many requests" in refused.text  # a page for the portal...
        assert client.get("/api/v1/search", params={"q": "x"}).json()["code"] == "rate_limited"  # ...JSON for the API
        assert client.get("/").status_code == 200  # other pages are not limited
        # A token has its own allowance, apart from its address's:
        assert client.get("/api/v1/search", params={"q": "x"}, headers=auth_header(secret)).status_code == 200
    with _client(app_db, api_limit_per_minute=5, rate_limits=False) as client:
        assert {client.get("/api/v1/search", params={"q": "x"}).status_code for _ in range(8)} == {200}


def test_sign_up_and_reset_are_limited_per_ip(app_db: Database) -> None:
    clear_of_window_edge(3600, margin=30)  # both limits count per hour
    with _client(app_db, signup_limit_ip=2, reset_limit_ip=2) as client:
        client.get("/signup")
        statuses = [
            post_form(client, "/signup", {"email": f"limit{i}@example.org", "password": "a fine pass phrase"})
            for i in range(3)
        ]
        assert [r.status_code for r in statuses] == [200, 200, 429]
        assert "Too many requests" in statuses[-1].text
        resets = [post_form(client, "/reset-password", {"email": "limit0@example.org"}).status_code for _ in range(3)]
        assert resets == [200, 200, 429]
