"""`cagateway trade ...` through the real CLI: generate, load, ask every indicator, find gaps with producers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cagateway.cli import main
from cagateway.db import Database
from cagateway.registry import services
from cagateway.registry.schemas import ProductLineIn
from tests.conftest import DatabaseFactory
from tests.factories import ProducerFactory

SPACE = Path(__file__).resolve().parents[3] / "shared" / "data" / "product_space"


@pytest.fixture(scope="module")
def env(db_factory: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path]]:
    database = db_factory.migrated("sqlite")
    with database.writer() as session:
        line = ProductLineIn(hs_code="100199", description="wheat", capacity=2e5, capacity_unit="t")
        services.create_producer(session, ProducerFactory(product_lines=[line]), actor="test")
    trade_dir = tmp_path_factory.mktemp("trade")
    yield database, trade_dir
    database.dispose()


def _run(env: tuple[Database, Path], *args: str) -> Result:
    database, trade_dir = env
    url = database.engine.url.render_as_string(hide_password=False)
    return CliRunner().invoke(main, ["--db", url, "trade", *args], env={"CAGATEWAY_TRADE_DIR": str(trade_dir)})


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def demo(env: tuple[Database, Path]) -> tuple[Database, Path]:
    info = _json(_run(env, "demo", "--products", "60", "--years", "4", "--first-year", "2020", "--json"))
    assert info["generated"] is True and info["rows"] > 1000
    return env


def test_datasets_lists_the_demo_as_generated(demo: tuple[Database, Path]) -> None:
    datasets = _json(_run(demo, "datasets", "--json"))["datasets"]
    assert [(d["name"], d["generated"]) for d in datasets if d["name"] == "demo"] == [("demo", True)]


def test_turnover_and_targets(demo: tuple[Database, Path]) -> None:
    result = _json(_run(demo, "turnover", "--country", "CA", "--partner", "CA", "--json"))
    assert result["generated"] and result["within"] and [y["year"] for y in result["years"]] == [2020, 2021, 2022, 2023]
    target = _json(_run(demo, "targets", "--between", "CA", "--and", "CA", "--value", "15e9", "--by", "2030", "--json"))
    assert target["latest_value"] == pytest.approx(result["years"][-1]["turnover"])
    text = _run(demo, "targets", "--between", "CA", "--and", "CA", "--value", "15e9", "--by", "2030")
    assert "GENERATED" in text.output and "of 15,000.0M by 2030" in text.output


def test_breakdown_rca_potential(demo: tuple[Database, Path]) -> None:
    parts = _json(_run(demo, "breakdown", "--country", "KAZ", "--by", "partner", "--top", "3", "--json"))
    assert len(parts["items"]) == 3 and parts["items"][0]["value"] >= parts["items"][1]["value"]
    rca = _json(_run(demo, "rca", "--country", "UZB", "--min-rca", "1", "--json"))
    assert rca["items"] and all(i["rca"] >= 1 for i in rca["items"])
    pot = _json(_run(demo, "potential", "--country", "KAZ", "--market", "CA", "--top", "5", "--json"))
    assert pot["items"] and {i["importer"] for i in pot["items"]} <= {"KGZ", "TJK", "TKM", "UZB"}


def test_diversify_with_the_shared_product_space(demo: tuple[Database, Path]) -> None:
    if not SPACE.is_dir():
        pytest.skip("../shared/data/product_space is not beside the repository")
    result = _json(_run(demo, "diversify", "--country", "KGZ", "--product-space", str(SPACE), "--json"))
    assert result["items"][0]["rank"] == 1 and "HS 1992" in result["classification"]
    missing = _run(demo, "diversify", "--country", "KGZ", "--json")
    assert missing.exit_code == 2 and "CAGATEWAY_PRODUCT_SPACE_DIR" in missing.stdout


def test_gaps_name_registered_producers(demo: tuple[Database, Path]) -> None:
    result = _json(_run(demo, "gaps", "--country", "KAZ", "--top", "200", "--json"))
    assert result["registered_product_lines"] >= 1
    wheat = [i for i in result["items"] if i["hs6"] == "100199"]
    assert wheat and wheat[0]["producers"][0]["capacity"] == 2e5
    assert "gaps in" in _run(demo, "gaps", "--country", "KAZ", "--top", "3").output


def test_load_rejects_a_bad_file_with_row_reasons(env: tuple[Database, Path], tmp_path: Path) -> None:
    bad = tmp_path / "baci.csv"
    bad.write_text("t,i,j,k,v,q\n2022,398,860,100199,-1,\n", encoding="utf-8")
    result = _run(env, "load", str(bad), "--format", "baci", "--dataset", "bad", "--json")
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["code"] == "trade_file_rejected" and body["errors"] == [
        {"field": "row 2", "message": "v: negative value -1", "value": None}
    ]
    good = _json(_run(env, "load", str(bad), "--format", "baci", "--dataset", "bad", "--allow-rejects", "--json"))
    assert good["rejected"] == 1 and good["stored"] == 0


def test_unknown_dataset_is_a_clear_error(env: tuple[Database, Path]) -> None:
    result = _run(env, "turnover", "--country", "KAZ", "--dataset", "nothing")
    assert result.exit_code == 1 and "No trade dataset 'nothing'" in result.output
