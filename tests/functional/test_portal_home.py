"""The home page says when the registry holds generated demo data, and only then."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cagateway.config import Settings
from cagateway.db import Database
from cagateway.demo.loader import load_demo
from cagateway.registry import services
from cagateway.web.app import create_app
from tests.factories import ProducerFactory


def _home(database: Database) -> str:
    settings = Settings(database_url=database.engine.url.render_as_string(hide_password=False))
    with TestClient(create_app(settings, database=database)) as client:
        response = client.get("/")
    assert response.status_code == 200
    return response.text


def test_home_page_labels_generated_demo_data(fresh_db: Database) -> None:
    with fresh_db.writer() as session:
        services.create_producer(session, ProducerFactory(), actor="tester")
    assert "Demo data:" not in _home(fresh_db)

    load_demo(fresh_db, size=20, seed=3)
    html = _home(fresh_db)
    assert "Demo data:" in html
    assert "<strong>generated</strong>" in html
