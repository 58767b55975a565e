"""Every API error has one body: {"ok": false, "code", "error", "errors": [...], "status"} (DESIGN.md)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import ProducerFactory

pytestmark = pytest.mark.usefixtures("as_admin")  # producer writes need an admin API token

ERROR_KEYS = {"ok", "code", "error", "errors", "status"}


def _bad_producer() -> dict[str, Any]:
    payload = ProducerFactory().model_dump(mode="json")
    payload["identifiers"] = [{"scheme": "KZ-BIN", "value": "940140000386"}]
    payload["product_lines"][0]["hs_code"] = "999999"
    payload["product_lines"][0]["national_code"] = None
    return payload


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("get", "/api/v1/producers/nosuchid00", None, 404, "producer_not_found"),
        ("get", "/api/v1/no-such-endpoint", None, 404, "not_found"),
        ("get", "/api/v1/hs/999999", None, 404, "not_found"),
        ("get", "/api/v1/producers?cursor=%21%21", None, 422, "invalid_cursor"),
        ("get", "/api/v1/producers?limit=0", None, 422, "invalid"),
        ("post", "/api/v1/producers", {"country": "KZ"}, 422, "invalid"),
        ("post", "/api/v1/producers", "bad", 422, "invalid"),
        ("delete", "/api/v1/producers/nosuchid00", None, 422, "invalid"),
    ],
)
def test_error_bodies_share_one_shape(
    client: TestClient, method: str, path: str, body: Any, status: int, code: str
) -> None:
    response = client.request(method.upper(), path, json=body)
    payload = response.json()
    assert response.status_code == status
    assert set(payload) == ERROR_KEYS
    assert payload["ok"] is False
    assert payload["status"] == status
    assert payload["code"] == code
    assert payload["error"]


def test_domain_validation_lists_each_field(client: TestClient) -> None:
    response = client.post("/api/v1/producers", json=_bad_producer())
    payload = response.json()
    assert response.status_code == 422
    assert set(payload) == ERROR_KEYS
    fields = {e["field"] for e in payload["errors"]}
    assert fields == {"identifiers[0].value", "product_lines[0].hs_code"}
    assert all(e["message"] for e in payload["errors"])


@pytest.mark.parametrize(
    "path",
    ["/healthz", "/api/v1/producers", "/api/v1/search?q=cement", "/api/v1/hs/2523", "/api/v1/trade/datasets"],
)
def test_successful_bodies_say_ok(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is True
