"""`cagateway import` and `cagateway batches` through the real CLI entry point, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cagateway.cli import main
from cagateway.db import Database
from tests.conftest import BACKENDS, DatabaseFactory
from tests.ingest_files import broken_rows, valid_rows, write_csv


@pytest.fixture(params=BACKENDS)
def cli_db(request: pytest.FixtureRequest, db_factory: DatabaseFactory) -> Iterator[Database]:
    database = db_factory.migrated(request.param)
    yield database
    database.dispose()


def _run(db: Database, *args: str) -> Result:
    url = db.engine.url.render_as_string(hide_password=False)
    return CliRunner().invoke(main, ["--db", url, *args])


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_json_gives_the_counts_and_reimport_is_unchanged(cli_db: Database, tmp_path: Path) -> None:
    path = write_csv(valid_rows(25), tmp_path / "p.csv")
    first = _json(_run(cli_db, "import", str(path), "--source", "kz", "--kind", "official", "--json"))
    assert {k: first[k] for k in ("read", "accepted", "rejected", "new", "updated", "unchanged")} == {
        "read": 25, "accepted": 25, "rejected": 0, "new": 25, "updated": 0, "unchanged": 0,
    }  # fmt: skip
    assert first["batch_id"] and first["rejects_csv"] is None
    second = _json(_run(cli_db, "import", str(path), "--source", "kz", "--kind", "official", "--json"))
    assert (second["accepted"], second["unchanged"]) == (0, 25)
    batches = _json(_run(cli_db, "batches", "--json"))
    assert [b["status"] for b in batches] == ["done", "done"]
    assert batches[0]["counts"]["unchanged"] == 25


def test_import_of_a_broken_file_writes_the_rejects_report(cli_db: Database, tmp_path: Path) -> None:
    rows, _, expected = broken_rows(30)
    path = write_csv(rows, tmp_path / "broken.csv")
    out = tmp_path / "rejects"
    report = _json(_run(cli_db, "import", str(path), "--source", "kz", "--rejects", str(out), "--json"))
    assert report["rejected"] == len(expected) and report["accepted"] == len(rows) - len(expected)
    assert Path(report["rejects_csv"]).parent == out and Path(report["rejects_json"]).is_file()
    people = _run(cli_db, "import", str(path), "--source", "kz", "--rejects", str(out))
    assert people.exit_code == 0, people.output
    assert "rejected" in people.output and "Rejects report" in people.output
    listing = _run(cli_db, "batches")
    assert listing.exit_code == 0 and "done" in listing.output and str(len(expected)) in listing.output


def test_import_errors_are_clear_and_exit_non_zero(cli_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "p.dat"
    path.write_text("x", encoding="utf-8")
    result = _run(cli_db, "import", str(path), "--source", "kz", "--json")
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["code"] == "unreadable_file" and "--format" in body["error"]
    bad_mapping = tmp_path / "m.toml"
    bad_mapping.write_text("[rename\n", encoding="utf-8")
    csv_path = write_csv(valid_rows(1), tmp_path / "p.csv")
    result = _run(cli_db, "import", str(csv_path), "--source", "kz", "--mapping", str(bad_mapping))
    assert result.exit_code == 1 and "not valid TOML" in result.output
