"""Producers as route ends (``producer:ID``), "delivered to" figures, capacity from the CLI and API, and the
clear errors of each — on SQLite and PostgreSQL, over the cached regional network."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient

from cagateway.cli import main
from cagateway.config import Settings
from cagateway.db import Database
from cagateway.logistics import get_router
from cagateway.logistics.curated import default_data_dir
from cagateway.registry import services
from cagateway.web import create_app
from tests.factories import ProducerFactory, SiteFactory

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def network() -> None:
    get_router(Settings())  # build (or load) the cached network once for this module


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def _producers(db: Database) -> tuple[str, str]:
    """A producer with a plant in Shymkent, and one whose only site has no coordinates."""
    with db.writer() as session:
        located = services.create_producer(session, ProducerFactory(), actor="t").public_id
        blind = ProducerFactory(sites=[SiteFactory(lat=None, lon=None, city="Nowhere")])
        unlocated = services.create_producer(session, blind, actor="t").public_id
    return located, unlocated


def _cli(db: Database, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", _url(db), "route", *args])


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_routes_from_and_to_a_producer_site(fresh_db: Database) -> None:
    located, unlocated = _producers(fresh_db)
    body = _json(_cli(fresh_db, f"producer:{located}", "Baku", "--json"))
    assert body["from"].endswith("(Shymkent)")
    assert body["legs"][0]["kind"] == "first_mile"  # from the plant's coordinates to the network
    from_point = _json(_cli(fresh_db, "42.32,69.59", "Baku", "--json"))
    assert math.isclose(body["hours"], from_point["hours"], rel_tol=1e-9)  # the same point, the same route
    back = _json(_cli(fresh_db, "Baku", f"producer:{located}", "--json"))
    assert back["legs"][-1]["kind"] == "last_mile"
    missing = _cli(fresh_db, "producer:zzzzzzzzzz", "Baku", "--json")
    assert missing.exit_code == 1 and json.loads(missing.stdout)["code"] == "producer_not_found"
    blind = _cli(fresh_db, "Baku", f"producer:{unlocated}", "--json")
    assert blind.exit_code == 1
    assert json.loads(blind.stdout)["code"] == "producer_not_located"
    assert "to: producer" in json.loads(blind.stdout)["error"]


def test_cli_delivered_lists_each_producer_with_its_figures_or_error(fresh_db: Database) -> None:
    located, unlocated = _producers(fresh_db)
    body = _json(_cli(fresh_db, "delivered", "Baku", located, unlocated, "zzzzzzzzzz", "--optimize", "cost", "--json"))
    items = {item["id"]: item for item in body["items"]}
    route = _json(_cli(fresh_db, f"producer:{located}", "Baku", "--optimize", "cost", "--json"))
    assert items[located]["ok"] and items[located]["usd_per_t"] == route["usd_per_t"]
    assert items[located]["days"] == route["days"] and items[located]["kg_co2e_per_t"] == route["kg_co2e_per_t"]
    assert items[located]["text"].startswith("delivered to Baku: ")
    assert (items[unlocated]["ok"], items[unlocated]["code"]) == (False, "producer_not_located")
    assert items["zzzzzzzzzz"]["code"] == "producer_not_found"
    unknown_to = _cli(fresh_db, "delivered", "Atlantis", located, "--json")
    assert unknown_to.exit_code == 1 and json.loads(unknown_to.stdout)["code"] == "unknown_place"


def test_cli_capacity_takes_producers_as_origins(fresh_db: Database, tmp_path: Path) -> None:
    located, unlocated = _producers(fresh_db)
    flows = _flows(tmp_path, f"producer:{located},Baku,100000\n")
    body = _json(_cli(fresh_db, "capacity", flows, "--json"))
    assert body["flows"][0]["from"] == f"producer:{located}" and body["flows"][0]["unserved_t"] == 0
    blind = _cli(fresh_db, "capacity", _flows(tmp_path, f"Baku,producer:{unlocated},5\n"), "--json")
    assert blind.exit_code == 1 and json.loads(blind.stdout)["code"] == "producer_not_located"


def test_api_route_and_delivered_with_producers(client: TestClient, app_db: Database) -> None:
    located, unlocated = _producers(app_db)
    ok = client.get("/api/v1/route", params={"from": f"producer:{located}", "to": "Tashkent"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["ok"] is True and ok.json()["legs"][0]["kind"] == "first_mile"
    missing = client.get("/api/v1/route", params={"from": "producer:zzzzzzzzzz", "to": "Tashkent"})
    assert (missing.status_code, missing.json()["code"]) == (404, "producer_not_found")
    got = client.get("/api/v1/delivered", params={"to": "Baku", "ids": f"{located},{unlocated}"})
    assert got.status_code == 200, got.text
    first, second = got.json()["items"]
    assert first["ok"] and first["days"] > 0 and first["usd_per_t"] > 0 and first["kg_co2e_per_t"] > 0
    assert second == {"id": unlocated, "ok": False, "code": "producer_not_located", "error": second["error"]}
    too_many = client.get("/api/v1/delivered", params={"to": "Baku", "ids": ",".join([located] * 101)})
    assert too_many.status_code == 422
    nowhere = client.get("/api/v1/delivered", params={"to": "Atlantis", "ids": located})
    assert (nowhere.status_code, nowhere.json()["code"]) == (404, "unknown_place")


def _flows(tmp_path: Path, rows: str) -> str:
    path = tmp_path / "flows.csv"
    path.write_text("origin,destination,tonnes_per_year\n" + rows, encoding="utf-8")
    return str(path)


def test_cli_capacity_reports_utilisation_and_compares_a_scenario(tmp_path: Path) -> None:
    flows = _flows(tmp_path, "Almaty,Tashkent,30000000\nAktau,Alat,2000000\n")
    body = _json(CliRunner().invoke(main, ["--db", "sqlite://", "route", "capacity", flows, "--json"]))
    sections = {s["id"]: s for s in body["sections"]}
    assert sections["SARYAGASH_CROSSING"]["utilisation"] == pytest.approx(1.0)  # 27 Mt of 30 Mt fit
    assert "SARYAGASH_CROSSING" in body["bottlenecks"]
    assert all(s["flow_t"] <= s["capacity_t"] * (1 + 1e-9) for s in body["sections"])
    assert {s["kind"] for s in body["sections"]} >= {"crossing", "corridor", "line"}
    compared = _json(CliRunner().invoke(main, ["--db", "sqlite://", "route", "capacity", flows, "--scenario",
                                               "trans-caspian-10mt", "--compare", "--json"]))  # fmt: skip
    caspian = next(s for s in compared["delta"]["sections"] if s["id"] == "CASPIAN_FERRIES")
    assert caspian["capacity_t"] == 4_000_000 and caspian["utilisation"] < 0


@pytest.mark.parametrize(
    ("rows", "code", "message"),
    [
        ("Almaty,Tashkent,-5\n", "invalid_tonnage", "line 2"),
        ("Almaty,Tashkent,lots\n", "invalid_tonnage", "line 2"),
        ("Atlantis,Tashkent,5\n", "unknown_place", "flows[0]"),
    ],
)
def test_cli_capacity_errors_are_clear(tmp_path: Path, rows: str, code: str, message: str) -> None:
    result = CliRunner().invoke(main, ["--db", "sqlite://", "route", "capacity", _flows(tmp_path, rows), "--json"])
    assert result.exit_code == 1, result.output
    body = json.loads(result.stdout)
    assert body["code"].startswith(code) and message in body["error"]


def test_cli_capacity_needs_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    path.write_text("from,to,amount\nAlmaty,Tashkent,5\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", "sqlite://", "route", "capacity", str(path), "--json"])
    assert result.exit_code == 1
    assert "needs a column tonnes_per_year or tonnes" in json.loads(result.stdout)["error"]


def test_api_capacity_and_its_errors(client: TestClient) -> None:
    flows = [{"from": "Almaty", "to": "Tashkent", "tonnes_per_year": 30_000_000}]
    ok = client.post("/api/v1/route/capacity", json={"flows": flows})
    assert ok.status_code == 200, ok.text
    assert ok.json()["ok"] is True and "SARYAGASH_CROSSING" in ok.json()["bottlenecks"]
    compared = client.post("/api/v1/route/capacity", json={"flows": flows, "scenario": "darbaza-maktaaral-open",
                                                            "compare": True})  # fmt: skip
    assert compared.status_code == 200 and {"before", "after", "delta"} <= set(compared.json())
    negative = client.post("/api/v1/route/capacity", json={"flows": [{**flows[0], "tonnes_per_year": -1}]})
    assert (negative.status_code, negative.json()["code"]) == (422, "invalid_tonnage")
    unknown = client.post("/api/v1/route/capacity", json={"flows": [{**flows[0], "to": "Atlantis"}]})
    assert unknown.status_code == 404 and unknown.json()["errors"][0]["field"] == "flows[0].destination"
    cut_off = client.post("/api/v1/route/capacity", json={"flows": flows, "scenario": "no-such"})
    assert (cut_off.status_code, cut_off.json()["code"]) == (404, "unknown_scenario")
    listed = client.get("/api/v1/route/scenarios").json()
    assert listed["ok"] and "trans-caspian-10mt" in {s["name"] for s in listed["items"]}


def test_api_route_compare_and_unreachable(client: TestClient) -> None:
    body = client.get("/api/v1/route", params={"from": "Tacheng", "to": "Ayagoz", "modes": "rail",
                                               "scenario": "bakhty-ayagoz-open", "compare": "true"}).json()  # fmt: skip
    assert body["ok"] and body["after"]["days"] < body["before"]["days"]
    no_way = client.get("/api/v1/route", params={"from": "Altynkol", "to": "Baku", "modes": "ferry"})
    assert (no_way.status_code, no_way.json()["code"]) == (404, "unreachable")


@pytest.fixture(scope="module")
def broken_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the curated layer with one scenario naming a link and a section the network does not have."""
    data = tmp_path_factory.mktemp("logistics") / "data"
    shutil.copytree(default_data_dir(), data)
    (data / "scenarios" / "broken.toml").write_text(
        'title = "names missing things"\nversion = 1\n[[links]]\nid = "NO-SUCH-LINK"\nhours = 1\n'
        '[[sections]]\nid = "NO_SUCH_SECTION"\ncapacity_t_year = 5\n',
        encoding="utf-8",
    )
    return data


def test_a_scenario_naming_missing_edges_is_a_clear_error_in_cli_and_api(broken_data: Path) -> None:
    env = {"CAGATEWAY_LOGISTICS_DATA_DIR": str(broken_data)}
    result = CliRunner().invoke(main, ["--db", "sqlite://", "route", "Almaty", "Tashkent", "--scenario", "broken",
                                       "--json"], env=env)  # fmt: skip
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["code"] == "scenario_invalid"
    assert {e["value"] for e in body["errors"]} == {"NO-SUCH-LINK", "NO_SUCH_SECTION"}
    with TestClient(create_app(Settings(database_url="sqlite://", logistics_data_dir=broken_data))) as api:
        got = api.post("/api/v1/route/capacity", json={"scenario": "broken", "flows": [
            {"from": "Almaty", "to": "Tashkent", "tonnes_per_year": 1}]})  # fmt: skip
    assert (got.status_code, got.json()["code"]) == (422, "scenario_invalid")


def test_search_results_show_delivered_figures(client: TestClient, app_db: Database) -> None:
    """`/search?...&to=Баку`: each hit with its days, $/t and kg CO2e/t to the place, or why there are none."""
    from cagateway.registry.schemas import NameIn  # noqa: PLC0415 -- only this test names producers itself

    with app_db.writer() as session:
        named = [NameIn(value="Deliverytest Flour Mill LLP", lang="en", script="Latn")]
        located = services.create_producer(session, ProducerFactory(names=named), actor="t").public_id
    page = client.get("/search", params={"q": "Deliverytest", "to": "Баку"})
    assert page.status_code == 200, page.text[:300]
    api = client.get("/api/v1/delivered", params={"to": "Baku", "ids": located}).json()["items"][0]
    shown = f"delivered to Baku: {round(api['days'], 1)} days, ${round(api['usd_per_t'])}/t"
    assert shown in page.text.replace("&#36;", "$")
    assert 'name="to" value="Баку"' in page.text  # kept in the form, and in the facet links (a filter key)
    nowhere = client.get("/search", params={"q": "Deliverytest", "to": "Atlantis"})
    assert nowhere.status_code == 200 and "no place called" in nowhere.text and "Deliverytest" in nowhere.text
