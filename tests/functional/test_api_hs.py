"""POST /api/v1/hs/suggest and /api/v1/hs/confirmations on both databases, with one trained model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cagateway.classify import TrainingSources, default_terms_dir, train_hs_model
from cagateway.config import Settings
from cagateway.db import Database
from cagateway.web import create_app
from tests.conftest import DatabaseFactory


@pytest.fixture(scope="session")
def hs_model(db_factory: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = db_factory.migrated("sqlite")
    path = tmp_path_factory.mktemp("hs-api") / "model"
    with database.session() as session:
        train_hs_model(session, TrainingSources(default_terms_dir()), path)
    database.dispose()
    return path


@pytest.fixture(scope="module")
def hs_client(app_db: Database, hs_model: Path) -> Iterator[TestClient]:
    url = app_db.engine.url.render_as_string(hide_password=False)
    with TestClient(create_app(Settings(database_url=url, hs_model_path=hs_model), database=app_db)) as client:
        yield client


def test_suggest_returns_ranked_codes_with_explanations(hs_client: TestClient) -> None:
    response = hs_client.post("/api/v1/hs/suggest", json={"text": "мука пшеничная высшего сорта", "top": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["confident"] and len(body["suggestions"]) == 3
    assert body["suggestions"][0]["code"] == "110100" and body["suggestions"][0]["matched"]


@pytest.mark.parametrize("junk", ["asdf", "", "🙂", "+998 90 123 45 67"])
def test_junk_gets_no_confident_suggestion(hs_client: TestClient, junk: str) -> None:
    body = hs_client.post("/api/v1/hs/suggest", json={"text": junk}).json()
    assert body["confident"] is False and body["message"] == "no confident suggestion"


def test_bad_requests_get_the_one_error_body(hs_client: TestClient) -> None:
    response = hs_client.post("/api/v1/hs/suggest", json={"text": "цемент", "top": 0})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid" and response.json()["errors"][0]["field"] == "top"


def test_a_confirmation_is_stored(hs_client: TestClient) -> None:
    response = hs_client.post("/api/v1/hs/confirmations", json={"text": "paxta kalava Ne 30/1", "hs_code": "520512"})
    assert response.status_code == 201 and response.json()["hs_code"] == "520512"
    missing = hs_client.post("/api/v1/hs/confirmations", json={"text": "x", "hs_code": "999999"})
    assert missing.status_code == 404 and missing.json()["ok"] is False
