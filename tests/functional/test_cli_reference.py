"""`cagateway reference ...` through the real CLI entry point, on a committed database per backend."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from cagateway.cli import main
from cagateway.db import Database


def _run(db: Database, *args: str) -> Result:
    url = db.engine.url.render_as_string(hide_password=False)
    return CliRunner().invoke(main, ["--db", url, "reference", *args])


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_load_hs_names_then_status_shows_them(fresh_db: Database, shared_data: Path) -> None:
    report = _json(_run(fresh_db, "load", "hs", str(shared_data / "hs"), "--json"))
    again = _json(_run(fresh_db, "load", "hs", str(shared_data / "hs"), "--json"))
    assert again == report and report["counts"]["headings"] > 900
    status = _json(_run(fresh_db, "status", "--json"))
    assert status["hs_codes"]["chapters"]["with_russian_name"] == report["counts"]["chapters"]
    assert status["hs_codes"]["headings"]["with_russian_name"] == report["counts"]["headings"]
    assert status["hs_sections"]["with_russian_name"] == report["counts"]["sections"]


def test_load_unlocode_reports_flagged_rows(fresh_db: Database, shared_data: Path) -> None:
    report = _json(_run(fresh_db, "load", "unlocode", str(shared_data / "unlocode"), "--json"))
    assert report["issues"]["geocoded"] > 0 and report["issues"]["malformed_source_row"] > 0
    locations = _json(_run(fresh_db, "status", "--json"))["locations"]
    assert locations == {
        "total": report["counts"]["locations"],
        "trusted": report["counts"]["trusted"],
        "flagged": report["counts"]["flagged"],
    }
    text = _run(fresh_db, "status")
    assert text.exit_code == 0 and "UN/LOCODE locations" in text.stdout


def test_a_file_with_a_missing_column_exits_non_zero_naming_it(fresh_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "unlocode_central_asia_partners.csv"
    path.write_text("country,location,name,lat\nKZ,ALA,Almaty,43.25\n", encoding="utf-8")
    result = _run(fresh_db, "load", "unlocode", str(path), "--json")
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["code"] == "reference_file_invalid" and "'lon'" in body["error"]
    plain = _run(fresh_db, "load", "hs", str(tmp_path / "nowhere"))
    assert plain.exit_code == 1 and "no such file or folder" in plain.stderr


def test_activity_lookup(fresh_db: Database) -> None:
    data = _json(_run(fresh_db, "activity", "2351", "--standard", "NACE2", "--json"))
    assert data["code"] == "23.51" and [a["code"] for a in data["isic4"]] == ["2394"]
    text = _run(fresh_db, "activity", "2394")
    assert "Manufacture of cement" in text.stdout
    missing = _run(fresh_db, "activity", "99.99", "--standard", "NACE2", "--json")
    assert missing.exit_code == 1 and json.loads(missing.stdout)["code"] == "activity_not_found"
