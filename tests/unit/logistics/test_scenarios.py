"""Scenario overlays on the curated layer, and the curated files' sources."""

from __future__ import annotations

import csv

import pytest

from cagateway.logistics import ScenarioInvalid, UnknownScenario, list_scenarios
from cagateway.logistics.curated import default_data_dir, load_curated
from cagateway.logistics.scenarios import apply_scenario, load_scenario

DATA = default_data_dir()


def test_every_scenario_applies_and_changes_something() -> None:
    base = load_curated(DATA)
    names = [s["name"] for s in list_scenarios(DATA)]
    assert {"dostyk-moyynty-second-track", "bakhty-ayagoz-open", "darbaza-maktaaral-open", "caspian-low-water",
            "trans-caspian-10mt"} <= set(names)  # fmt: skip
    for name in names:
        layer = apply_scenario(base, name, load_scenario(DATA, name))
        assert layer.scenario.startswith(name)
        assert (layer.sections, layer.links) != (base.sections, base.links)


def test_low_water_derates_the_caspian_by_15_percent() -> None:
    base = load_curated(DATA)
    layer = apply_scenario(base, "caspian-low-water", load_scenario(DATA, "caspian-low-water"))
    before = base.sections["CASPIAN_FERRIES"].capacity_t_year
    assert before is not None
    assert layer.sections["CASPIAN_FERRIES"].capacity_t_year == pytest.approx(before * 0.85)


def test_a_scenario_naming_missing_edges_is_refused() -> None:
    doc = {"sections": [{"id": "NO_SUCH_SECTION", "capacity_t_year": 1}],
           "links": [{"id": "NO-SUCH-LINK", "hours": 1}],
           "new_links": [{"id": "X", "from": "ATLANTIS", "to": "AKTAU", "kind": "rail", "mode": "rail"}]}  # fmt: skip
    with pytest.raises(ScenarioInvalid) as info:
        apply_scenario(load_curated(DATA), "broken", doc)
    assert {e.value for e in info.value.errors} == {"NO_SUCH_SECTION", "NO-SUCH-LINK", "ATLANTIS"}


def test_unknown_scenario_lists_the_known_ones() -> None:
    with pytest.raises(UnknownScenario, match="trans-caspian-10mt"):
        load_scenario(DATA, "no-such-scenario")


@pytest.mark.parametrize("name", ["../params", "scenarios/../../params", "trans-caspian-10mt\x00", ""])
def test_a_scenario_name_is_never_a_path(name: str) -> None:
    with pytest.raises(UnknownScenario):
        load_scenario(DATA, name)


@pytest.mark.parametrize("name", ["nodes.csv", "links.csv", "sections.csv"])
def test_every_curated_row_has_a_source(name: str) -> None:
    with (DATA / name).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert row["source"].strip(), f"{name}: {row['id']} has no source"
