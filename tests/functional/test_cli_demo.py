"""`cagateway demo load` through the real CLI entry point, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner, Result
from sqlalchemy import func, select

from cagateway.cli import main
from cagateway.db import Database
from cagateway.registry.models import (
    Certificate,
    Contact,
    EntityName,
    Identifier,
    LegalEntity,
    ProductLine,
    Site,
    SourceRecord,
)

COUNTED = {
    "producers": LegalEntity,
    "names": EntityName,
    "identifiers": Identifier,
    "sites": Site,
    "product_lines": ProductLine,
    "certificates": Certificate,
    "contacts": Contact,
    "source_records": SourceRecord,
}


def _load(db: Database, *args: str) -> Result:
    url = db.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["--db", url, "demo", "load", *args])
    assert result.exit_code == 0, result.output
    return result


def _json(result: Result) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(result.stdout)
    return body


def _counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {key: session.scalar(select(func.count()).select_from(model)) or 0 for key, model in COUNTED.items()}


def test_load_stores_what_it_reports_then_skips_then_replaces(fresh_db: Database) -> None:
    first = _json(_load(fresh_db, "--size", "300", "--seed", "3", "--json"))
    assert first["status"] == "loaded"
    assert {k: first["counts"][k] for k in COUNTED} == _counts(fresh_db)
    assert first["counts"]["producers"] == 300

    again = _json(_load(fresh_db, "--size", "300", "--json"))
    assert (again["status"], again["existing"]) == ("skipped", 300)
    assert _counts(fresh_db)["producers"] == 300

    replaced = _json(_load(fresh_db, "--size", "300", "--seed", "4", "--replace", "--json"))
    assert (replaced["status"], replaced["deleted"]) == ("loaded", 300)
    assert {k: replaced["counts"][k] for k in COUNTED} == _counts(fresh_db)


def test_json_output_keys(fresh_db: Database) -> None:
    body = _json(_load(fresh_db, "--size", "20", "--json"))
    assert set(body) == {
        "status",
        "size",
        "seed",
        "batch_id",
        "counts",
        "rows",
        "existing",
        "deleted",
        "seconds",
        "rows_per_second",
        "producers_per_second",
        "message",
    }
    assert set(body["counts"]) == {*COUNTED, "changes", "provenance"}
    assert body["rows"] == sum(body["counts"].values())


def test_text_summary_names_the_data_generated_and_gives_the_rate(fresh_db: Database) -> None:
    text = _load(fresh_db, "--size", "25").stdout
    assert "Loaded 25 GENERATED demo producers" in text
    assert "product lines" in text and "rows/s" in text
    assert "nothing done" in _load(fresh_db, "--size", "25").stdout


def test_help_says_the_data_is_generated_and_shows_an_example() -> None:
    result = CliRunner().invoke(main, ["demo", "load", "--help"])
    assert result.exit_code == 0
    assert "GENERATED" in result.output and "not real companies" in result.output
    assert "cagateway demo load --size 1000000" in result.output
