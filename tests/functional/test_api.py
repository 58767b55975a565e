"""The JSON API over HTTP (in-process ASGI), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import ProducerFactory

pytestmark = pytest.mark.usefixtures("as_admin")  # producer writes need an admin API token


def _payload(**overrides: Any) -> dict[str, Any]:
    return ProducerFactory(**overrides).model_dump(mode="json")


def _create(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/producers", json=_payload(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


def test_healthz_reports_the_database(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["ok"] is True
    assert body["database"] in {"sqlite", "postgresql"}


def test_create_get_and_etag(client: TestClient) -> None:
    created = _create(client)
    response = client.get(f"/api/v1/producers/{created['id']}")
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    body = response.json()
    assert body["name"] == "ТОО «Шымкентцемент»"
    assert body["identifiers"][0]["status"] == "valid"
    assert body["sources"][0]["source"] == "test"


def test_list_filters_and_cursor_pagination(client: TestClient) -> None:
    ids = [_create(client, country="KZ")["id"] for _ in range(3)]
    first = client.get("/api/v1/producers", params={"hs": "2523", "source": "test", "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get(
        "/api/v1/producers",
        params={"hs": "2523", "source": "test", "limit": 100, "cursor": first["next_cursor"]},
    ).json()
    listed = [p["id"] for p in first["items"] + rest["items"]]
    assert set(ids) <= set(listed)
    assert len(listed) == len(set(listed))
    assert all(p["country"] == "KZ" and "252329" in p["hs_codes"] for p in first["items"])


def test_patch_needs_the_version_and_detects_conflicts(client: TestClient) -> None:
    pid = _create(client)["id"]
    missing = client.patch(f"/api/v1/producers/{pid}", json={"website": "https://x.example"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "If-Match"
    ok = client.patch(f"/api/v1/producers/{pid}", json={"website": "https://x.example"}, headers={"If-Match": '"1"'})
    assert ok.status_code == 200 and ok.json()["version"] == 2 and ok.headers["ETag"] == '"2"'
    stale = client.patch(f"/api/v1/producers/{pid}", json={"website": "https://y.example"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 409
    assert stale.json()["code"] == "producer_changed"
    assert client.get(f"/api/v1/producers/{pid}").json()["website"] == "https://x.example"
    history = client.get(f"/api/v1/producers/{pid}/history").json()["items"]
    assert [h["action"] for h in history] == ["create", "update"]


def test_delete_is_soft_and_the_id_answers_404_afterwards(client: TestClient) -> None:
    pid = _create(client)["id"]
    assert client.delete(f"/api/v1/producers/{pid}", headers={"If-Match": "1"}).status_code == 200
    gone = client.get(f"/api/v1/producers/{pid}")
    assert gone.status_code == 404 and gone.json()["code"] == "producer_not_found"


def test_hs_code_with_parents_and_children(client: TestClient) -> None:
    body = client.get("/api/v1/hs/2523").json()
    assert body["level"] == 4
    assert body["parents"][0]["code"] == "25"
    assert "252329" in [c["code"] for c in body["children"]]
    assert client.get("/api/v1/hs/25.23.29").json()["code"] == "252329"


def test_openapi_documents_the_endpoints(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/v1/producers", "/api/v1/producers/{public_id}", "/api/v1/hs/{code}", "/healthz"} <= set(spec["paths"])
    assert client.get("/api/docs").status_code == 200


def test_home_page_lists_producers(client: TestClient) -> None:
    created = _create(client)
    html = client.get("/", params={"country": "KZ"}).text
    assert "Central Asia Gateway" in html
    assert created["id"] in html
