"""The trade API over a generated dataset, with a registered producer for the gap finder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cagateway.config import Settings
from cagateway.db import Database
from cagateway.registry import services
from cagateway.registry.schemas import ProductLineIn
from cagateway.trade import DemoSpec, TradeStore, generate_demo_flows
from cagateway.web import create_app
from tests.conftest import DatabaseFactory
from tests.factories import ProducerFactory


@pytest.fixture(scope="module")
def api(db_factory: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    database: Database = db_factory.migrated("sqlite")
    with database.writer() as session:
        line = ProductLineIn(hs_code="100199", description="wheat", capacity=1e5, capacity_unit="t")
        services.create_producer(session, ProducerFactory(product_lines=[line]), actor="test")
    trade_dir: Path = tmp_path_factory.mktemp("trade")
    generate_demo_flows(TradeStore(trade_dir), DemoSpec(years=3, products=40))
    settings = Settings(database_url=database.engine.url.render_as_string(hide_password=False), trade_dir=trade_dir)
    with TestClient(create_app(settings, database=database)) as client:
        yield client
    database.dispose()


def test_turnover_and_target(api: TestClient) -> None:
    body = api.get("/api/v1/trade/turnover", params={"country": "CA", "partner": "CA"}).json()
    assert body["ok"] and body["generated"] and len(body["years"]) == 3
    target = api.get("/api/v1/trade/targets", params={"between": "CA", "partner": "CA", "value": 15e9, "by": 2030})
    assert target.json()["latest_value"] == pytest.approx(body["years"][-1]["turnover"])


def test_indicators_answer(api: TestClient) -> None:
    assert api.get("/api/v1/trade/breakdown", params={"country": "KAZ", "by": "product"}).json()["items"]
    assert api.get("/api/v1/trade/rca", params={"country": "UZB", "min_rca": 1}).json()["items"]
    assert api.get("/api/v1/trade/potential", params={"country": "KAZ"}).json()["items"]
    datasets = api.get("/api/v1/trade/datasets").json()["datasets"]
    assert [d["name"] for d in datasets] == ["demo"] and datasets[0]["generated"] is True


def test_gaps_list_producers(api: TestClient) -> None:
    body = api.get("/api/v1/trade/gaps", params={"country": "KAZ", "top": 500}).json()
    wheat = [g for g in body["items"] if g["hs6"] == "100199"]
    assert wheat and wheat[0]["producers"][0]["capacity"] == 1e5


def test_errors_have_the_one_body(api: TestClient) -> None:
    bad = api.get("/api/v1/trade/turnover", params={"country": "XX1"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "country"
    missing = api.get("/api/v1/trade/turnover", params={"country": "KAZ", "dataset": "none"})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    unset = api.get("/api/v1/trade/diversify", params={"country": "KAZ"})
    assert unset.status_code == 500 and "CAGATEWAY_PRODUCT_SPACE_DIR" in unset.json()["error"]
