"""`cagateway route` and `GET /api/v1/route` on the real regional network (built once, cached under the user cache).

The first build parses scgraph-data's OSM graphs (~20 s) and caches them; later runs take a few seconds.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient

from cagateway.cli import main
from cagateway.config import Settings
from cagateway.logistics import get_router

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def network() -> None:
    get_router(Settings())  # build (or load) the cached network once for this module


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--db", "sqlite://", "route", *args])


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_json_in_a_real_subprocess() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "cagateway"), "--db", "sqlite://", "route", "Altynkol", "Baku",
         "--modes", "rail,ferry", "--avoid", "RU", "--tonnes", "20", "--json"],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert {"days", "usd_per_t", "kg_co2e_per_t", "legs", "cost_usd", "co2e_kg"} <= set(body)
    kinds = [leg["kind"] for leg in body["legs"]]
    assert "ferry" in kinds  # the Trans-Caspian crossing, since Russia is avoided
    assert math.isclose(body["hours"], sum(leg["hours"] for leg in body["legs"]), abs_tol=0.05 * len(kinds))
    assert math.isclose(body["cost_usd"], body["usd_per_t"] * 20, rel_tol=1e-3)
    assert all(leg["country"] != "RU" for leg in body["legs"])


def test_optimising_co2_never_emits_more_than_optimising_time() -> None:
    by_time = _json(_run("Xi'an", "Poti", "--json"))
    by_co2 = _json(_run("Xi'an", "Poti", "--optimize", "co2", "--json"))
    assert by_co2["kg_co2e_per_t"] <= by_time["kg_co2e_per_t"] + 1e-6
    assert by_time["hours"] <= by_co2["hours"] + 1e-6


def test_lat_lon_origin_gets_a_first_mile() -> None:
    body = _json(_run("43.25,76.95", "Tashkent", "--json"))
    assert body["legs"][0]["kind"] == "first_mile"


def test_scenario_opens_a_new_line() -> None:
    body = _json(_run("Tacheng", "Ayagoz", "--modes", "rail", "--scenario", "bakhty-ayagoz-open", "--json"))
    assert "BAKHTY-AYAGOZ" in {leg["link"] for leg in body["legs"]}
    assert body["scenario"].startswith("bakhty-ayagoz-open")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Atlantis", "Baku"], "from: no place called 'Atlantis'"),
        (["Altynkol", "Baku", "--tonnes", "-3"], "tonnes"),
        (["Altynkol", "Baku", "--scenario", "no-such"], "no scenario called 'no-such'"),
        (["Altynkol", "Baku", "--avoid", "KZ"], "you asked to avoid"),
        (["Altynkol", "Baku", "--modes", "ferry"], "no route from"),
    ],
)
def test_errors_are_clear(args: list[str], message: str) -> None:
    result = _run(*args)
    assert result.exit_code != 0
    assert message in result.output


def test_api_route(client: TestClient) -> None:
    ok = client.get("/api/v1/route", params={"from": "Altynkol", "to": "Poti", "optimize": "cost"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["ok"] is True
    assert ok.json()["optimize"] == "cost" and ok.json()["legs"]
    missing = client.get("/api/v1/route", params={"from": "Atlantis", "to": "Poti"})
    assert missing.status_code == 404
    assert missing.json()["code"] == "unknown_place"


def test_flow_assignment_honours_the_caspian_capacity() -> None:
    from cagateway.logistics import Flow, assign_flows  # noqa: PLC0415 - beside the only test that uses it

    flows = [Flow("Altynkol", "Baku", 9_000_000), Flow("Aktau", "Alat", 2_000_000)]
    base = assign_flows(Settings(), flows)
    loads = {s["id"]: s for s in base["sections"]}
    for section in base["sections"]:
        assert section["flow_t"] <= section["capacity_t"] * (1 + 1e-9)
    for flow in base["flows"]:
        assert math.isclose(sum(p["tonnes"] for p in flow["paths"]) + flow["unserved_t"], flow["tonnes_per_year"],
                            rel_tol=1e-6)  # fmt: skip
    bigger = assign_flows(Settings(), flows, scenario="trans-caspian-10mt")
    after = {s["id"]: s for s in bigger["sections"]}
    assert after["CASPIAN_FERRIES"]["capacity_t"] == 10_000_000
    assert after["CASPIAN_FERRIES"]["flow_t"] >= loads["CASPIAN_FERRIES"]["flow_t"]


def test_pareto_and_alternatives() -> None:
    front = _json(_run("Almaty", "Baku", "--pareto", "--json"))["routes"]
    totals = [(r["hours"], r["usd_per_t"], r["kg_co2e_per_t"]) for r in front]
    assert totals
    for t in totals:
        assert not any(all(a <= b for a, b in zip(o, t, strict=True)) and o != t for o in totals)
    alternatives = _json(_run("Almaty", "Tashkent", "--alternatives", "2", "--json"))["routes"]
    assert len(alternatives) == 2
    assert alternatives[0]["hours"] <= alternatives[1]["hours"]
    assert [leg["to"] for leg in alternatives[0]["legs"]] != [leg["to"] for leg in alternatives[1]["legs"]]


def test_compare_before_and_after_a_new_line() -> None:
    body = _json(
        _run("Tacheng", "Ayagoz", "--modes", "rail", "--scenario", "bakhty-ayagoz-open", "--compare", "--json")
    )
    assert body["after"]["days"] < body["before"]["days"]
    assert math.isclose(body["delta"]["days"], body["after"]["days"] - body["before"]["days"], abs_tol=0.011)
    assert _run("Tacheng", "Ayagoz", "--compare").exit_code != 0  # --compare without --scenario


def test_rail_across_lake_van_takes_the_train_ferry() -> None:
    # the line Tatvan–Van is split by Lake Van; OSM's straight 110 km join across the water is dropped
    # (params rail_gap_max_km TR) and the curated train ferry carries the wagons instead
    body = _json(_run("38.50,42.29", "38.52,43.32", "--modes", "rail,ferry", "--json"))
    links = {leg["link"] for leg in body["legs"]}
    assert "LAKE_VAN_FERRY" in links
    assert all(leg["kind"] != "osm_gap" or leg["km"] < 60 for leg in body["legs"])


def test_kaliningrad_oblast_is_reached_through_lithuania_not_a_straight_join() -> None:
    # Sebezh (Pskov Oblast) to Gusev (Kaliningrad Oblast): the extract's 492 km straight RU join is dropped
    body = _json(_run("56.29,28.49", "54.59,22.20", "--modes", "rail", "--json"))
    countries = {leg["country"] for leg in body["legs"]}
    assert countries & {"LT", "LV", "BY"}, countries
    assert all(leg["kind"] != "osm_gap" or leg["km"] < 300 for leg in body["legs"])


@pytest.mark.parametrize(
    ("written", "latin"),
    [("Ташкент", "Tashkent"), ("Тошкент", "Tashkent"), ("Toshkent", "Tashkent"), ("Алматы", "Almaty"),
     ("Баку", "Baku"), ("Ақтау порт", "Aktau port"), ("Алтынкөл", "Altynkol")],
)  # fmt: skip
def test_places_in_any_script_route_as_their_latin_names(written: str, latin: str) -> None:
    """A Kazakh, Russian or Uzbek spelling of a terminal or city names the same place as its English name."""
    as_written = _json(_run(written, "Poti", "--json"))
    as_latin = _json(_run(latin, "Poti", "--json"))
    assert as_written["legs"] == as_latin["legs"]
    assert as_written["from"] == as_latin["from"]  # the place's own label, whatever the spelling asked


def test_a_near_name_is_taken_only_when_one_place_is_that_close() -> None:
    assert _json(_run("Almaty", "Tashkint", "--json"))["legs"][-1]["to"].startswith("Tashkent")
    unknown = _run("Almaty", "Astra", "--json")  # five letters: too short for a near match, so not guessed
    assert unknown.exit_code == 1 and json.loads(unknown.stdout)["code"] == "unknown_place"


def test_portal_route_planner(client: TestClient) -> None:
    """The planner page: a route asked in Cyrillic shows the API's totals and legs, and its line on the map."""
    empty = client.get("/route")
    assert empty.status_code == 200 and 'name="from"' in empty.text and "route-legs" not in empty.text
    page = client.get("/route", params={"from": "Ташкент", "to": "Баку", "optimize": "cost"})
    assert page.status_code == 200, page.text[:300]
    api = client.get("/api/v1/route", params={"from": "Tashkent", "to": "Baku", "optimize": "cost"}).json()
    assert f"<dd>{round(api['days'], 1)}</dd>" in page.text
    assert page.text.count("<tr><td>") == len(api["legs"])
    assert 'class="corridor route"' in page.text  # the route's own line, beside the corridors
    data = json.loads(page.text.split('<script type="application/json" class="map-data">')[1].split("</script>")[0])
    line = next(c for c in data["corridors"] if c["mode"] == "route")
    assert len(line["points"]) >= 3 and line["points"][0] == pytest.approx([41.3, 69.24], abs=0.5)
    unknown = client.get("/route", params={"from": "Atlantis", "to": "Baku"})
    assert unknown.status_code == 404 and "no place called" in unknown.text and 'role="alert"' in unknown.text
