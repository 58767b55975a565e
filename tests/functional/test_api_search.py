"""``GET /api/v1/search``: the hit shape, facets, filters, paging, and a clear 422 for every bad parameter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cagateway.db import Database
from tests.unit.search.conftest import make_producer


@pytest.fixture(scope="module")
def producers(app_db: Database) -> Iterator[dict[str, str]]:
    with app_db.writer() as session:
        made = {
            "ontustik": make_producer(session, "«Оңтүстік Цемент» ЖШС"),
            "zamin": make_producer(
                session, '"Zamin Sement" MChJ', lang="uz", country="UZ", city="Toshkent", region="UZ-TK",
                identifiers=[], certificate=None,
            ),
        }  # fmt: skip
        ids = {k: v.public_id for k, v in made.items()} | {"bin": made["ontustik"].identifiers[0].value}
    yield ids


def test_search_hits_have_the_design_shape(client: TestClient, producers: dict[str, str]) -> None:
    response = client.get("/api/v1/search", params={"q": "Ontustik cement"})
    assert response.status_code == 200
    body = response.json()
    hit = body["hits"][0]
    assert hit["id"] == producers["ontustik"]
    assert set(hit) == {"id", "name", "names", "country", "city", "hs_codes", "score", "why"}
    assert hit["country"] == "KZ"
    assert hit["hs_codes"] == ["252329"]
    assert body["understood"]["script"] == "Latn"


def test_facets_filters_and_paging(client: TestClient, producers: dict[str, str]) -> None:
    body = client.get("/api/v1/search", params={"q": "sement", "limit": 1}).json()
    assert body["total"] == 2
    assert body["facets"]["country"] == {"KZ": 1, "UZ": 1}
    second = client.get("/api/v1/search", params={"q": "sement", "limit": 1, "cursor": body["next_cursor"]}).json()
    assert {body["hits"][0]["id"], second["hits"][0]["id"]} == {producers["ontustik"], producers["zamin"]}
    only_uz = client.get("/api/v1/search", params={"q": "цемент", "country": "UZ", "hs": "25.23"}).json()
    assert [h["id"] for h in only_uz["hits"]] == [producers["zamin"]]


def test_identifier_and_hs_queries(client: TestClient, producers: dict[str, str]) -> None:
    by_bin = client.get("/api/v1/search", params={"q": producers["bin"]}).json()
    assert by_bin["hits"][0]["id"] == producers["ontustik"]
    by_hs = client.get("/api/v1/search", params={"q": "2523"}).json()
    assert {h["id"] for h in by_hs["hits"]} == {producers["ontustik"], producers["zamin"]}


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": '"'},
        {"q": "*"},
        {"q": "NEAR("},
        {"q": "OR"},
        {"q": "'; DROP TABLE legal_entities; --"},
        {"q": "¿¡…"},
    ],
)
def test_hostile_queries_answer_200(client: TestClient, producers: dict[str, str], params: dict[str, str]) -> None:
    response = client.get("/api/v1/search", params=params)
    assert response.status_code == 200, response.text
    assert isinstance(response.json()["hits"], list)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x" * 10_000}, "q"),
        ({"q": "cement", "limit": 0}, "limit"),
        ({"q": "cement", "limit": "ten"}, "limit"),
        ({"q": "cement", "country": "Kazakhstan"}, "country"),
        ({"q": "cement", "hs": "cement"}, "hs"),
        ({"q": "cement", "tier": "gold"}, "tier"),
        ({"q": "cement", "sort": "price"}, "sort"),
        ({"q": "cement", "cursor": "%%%"}, "cursor"),
        ({"q": "cement", "min_capacity": -5}, "min_capacity"),
        ({"q": "cement", "offset": 5000}, "offset"),
    ],
)
def test_bad_parameters_give_422_naming_the_field(
    client: TestClient, producers: dict[str, str], params: dict[str, object], field: str
) -> None:
    response = client.get("/api/v1/search", params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["ok"] is False
    assert field in {e["field"] for e in body["errors"]}
