"""OpenRefine reconciliation (/api/v1/reconcile, Reconciliation API 0.2) over the registry, both backends."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cagateway.registry.schemas import NameIn, SiteIn
from tests.factories import ProducerFactory

pytestmark = pytest.mark.usefixtures("as_admin")  # producer writes need an admin API token


@pytest.fixture(scope="module")
def producers(client: TestClient) -> dict[str, Any]:
    made = {}
    for key, name, city in (
        ("shymkent", "ТОО «Оңтүстік Цемент»", "Shymkent"),
        ("taraz", "ТОО «Оңтүстік Цемент»", "Taraz"),
        ("other", "ТОО «Оңтүстік Құрылыс»", "Shymkent"),
    ):
        data = ProducerFactory(names=[NameIn(value=name, lang="kk")], sites=[SiteIn(city=city, region="KZ-79")])
        response = client.post("/api/v1/producers", json=data.model_dump(mode="json"))
        assert response.status_code == 201, response.text
        made[key] = response.json()
    return made


def _ask(client: TestClient, queries: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/reconcile", data={"queries": json.dumps(queries)})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_manifest_describes_the_service(client: TestClient) -> None:
    manifest = client.get("/api/v1/reconcile").json()
    assert manifest["versions"] == ["0.2"]
    assert manifest["view"]["url"].endswith("/producers/{{id}}")
    assert manifest["defaultTypes"] == [{"id": "Organization", "name": "Producer"}]
    assert {p["id"] for p in manifest["properties"]} == {"country", "identifier", "city"}


def test_a_latin_name_with_the_form_moved_finds_the_cyrillic_producer(
    client: TestClient, producers: dict[str, Any]
) -> None:
    answer = _ask(
        client,
        {
            "q0": {
                "query": "Ontustik Cement LLP",
                "properties": [{"pid": "country", "v": "KZ"}, {"pid": "city", "v": "Taraz"}],
            },
            "q1": {"query": "Ontustik Qurylys TOO", "properties": [{"pid": "country", "v": "KZ"}]},
        },
    )
    first = answer["q0"]["result"][0]
    assert first["id"] == producers["taraz"]["id"]  # the namesake in the named city wins
    assert first["type"] == [{"id": "Organization", "name": "Producer"}] and 0 <= first["score"] <= 100
    assert answer["q1"]["result"][0]["id"] == producers["other"]["id"]
    assert answer["q1"]["result"][0]["match"] is True


def test_identifier_property_is_an_exact_match(client: TestClient, producers: dict[str, Any]) -> None:
    target = producers["shymkent"]
    ident = target["identifiers"][0]["value"]
    answer = _ask(client, {"q0": {"query": "anything", "properties": [{"pid": "identifier", "v": ident}]}})
    assert answer["q0"]["result"] == [
        {
            "id": target["id"],
            "name": target["name"],
            "score": 100.0,
            "match": True,
            "type": [answer["q0"]["result"][0]["type"][0]],
        }
    ]


def test_get_with_queries_and_cors(client: TestClient, producers: dict[str, Any]) -> None:
    queries = json.dumps({"q": {"query": "Оңтүстік Құрылыс", "limit": 1}})
    response = client.get("/api/v1/reconcile", params={"queries": queries})
    assert response.headers["access-control-allow-origin"] == "*"
    assert [c["id"] for c in response.json()["q"]["result"]] == [producers["other"]["id"]]


@pytest.mark.parametrize("queries", ["[1]", "{not json", '{"q0": {"limit": 3}}', '{"q0": {"query": "x", "limit": 0}}'])
def test_bad_queries_get_the_error_body(client: TestClient, queries: str) -> None:
    response = client.post("/api/v1/reconcile", data={"queries": queries})
    assert response.status_code == 422
    assert response.json()["ok"] is False and response.json()["errors"][0]["field"] == "queries"
