"""`cagateway resolve`, `review`, `unmerge` and `producers show` of a golden record, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cagateway.cli import main
from cagateway.db import Database
from cagateway.ingest.resolution.features import features_of
from cagateway.ingest.resolution.model import train_model
from cagateway.ingest.resolution.synthetic import generate_registers
from tests.unit.resolution.helpers import ontustik_scenario


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-resolution") / "model.json"
    train_model([features_of(r) for r in generate_registers(3000, seed=11)], path)
    return path


def _run(db: Database, model: Path, *args: str, **env: str) -> tuple[int, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    environment = {"CAGATEWAY_RESOLUTION_MODEL_PATH": str(model), **env}
    result = CliRunner().invoke(main, ["--db", url, *args], env=environment)
    return result.exit_code, result.output


def test_resolve_show_and_unmerge(fresh_db: Database, model: Path) -> None:
    with fresh_db.writer() as session:
        rows = {label: entity.public_id for label, entity in ontustik_scenario(session).items()}
    code, out = _run(fresh_db, model, "resolve", "--json")
    assert code == 0, out
    report = json.loads(out)
    assert (report["records"], report["auto_merged"], report["clusters"]) == (4, 3, 1)
    assert report["pairs_scored"] >= 3 and not report["trained"]
    code, out = _run(fresh_db, model, "producers", "list", "--json")
    live = [p["id"] for p in json.loads(out)["items"]]
    assert rows["distractor"] in live and len(live) == 2
    golden = next(pid for pid in live if pid != rows["distractor"])
    code, out = _run(fresh_db, model, "producers", "show", golden, "--json")
    sources = {(s["source"], s["source_record_id"]) for s in json.loads(out)["sources"]}
    assert sources == {("kz-register", "row-1"), ("chamber", "row-2"), ("fair", "row-3")}
    code, out = _run(fresh_db, model, "unmerge", golden, "--json")
    assert code == 0, out
    assert set(json.loads(out)["restored"]) == {rows["official"], rows["chamber"], rows["fair"]}
    code, out = _run(fresh_db, model, "producers", "list", "--json")
    assert len(json.loads(out)["items"]) == 4
    code, out = _run(fresh_db, model, "unmerge", golden, "--json")
    assert code == 1 and json.loads(out)["code"] == "not_merged"


def test_review_queue_accept_and_reject(fresh_db: Database, model: Path) -> None:
    with fresh_db.writer() as session:
        ontustik_scenario(session)
    strict = {"CAGATEWAY_RESOLUTION_MERGE_THRESHOLD": "1.0", "CAGATEWAY_RESOLUTION_REVIEW_THRESHOLD": "0.01"}
    code, out = _run(fresh_db, model, "resolve", "--json", **strict)
    assert code == 0 and json.loads(out)["queued_for_review"] >= 3, out
    code, out = _run(fresh_db, model, "review", "--json")
    items = json.loads(out)
    code, out = _run(fresh_db, model, "review", "accept", str(items[0]["id"]), "--json")
    assert code == 0 and json.loads(out)["golden"], out
    code, out = _run(fresh_db, model, "review", "reject", str(items[-1]["id"]))
    assert code == 0 and "rejected" in out
    code, out = _run(fresh_db, model, "review", "reject", str(items[-1]["id"]), "--json")
    assert code == 1 and json.loads(out)["code"] == "review_item_decided"
    code, out = _run(fresh_db, model, "review")
    assert code == 0 and str(items[0]["id"]) not in out.split()[:3]


def test_resolve_help_has_an_example() -> None:
    for command in (["resolve"], ["review"], ["review", "accept"], ["unmerge"]):
        result = CliRunner().invoke(main, [*command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output
