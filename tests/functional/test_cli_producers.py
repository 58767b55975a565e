"""`cagateway producers list/show` and `db upgrade` through the real CLI entry point."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cagateway.cli import main
from cagateway.db import Database
from cagateway.registry import services
from tests.factories import ProducerFactory


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_db_upgrade_is_repeatable(fresh_db: Database) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["--db", _url(fresh_db), "db", "upgrade", "--json"])
    again = runner.invoke(main, ["--db", _url(fresh_db), "db", "upgrade", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(again.output)["reference_rows_added"] == {
        "countries": 0,
        "subdivisions": 0,
        "hs_sections": 0,
        "hs_codes": 0,
    }


def test_producers_list_and_show_json(fresh_db: Database) -> None:
    with fresh_db.writer() as session:
        entity = services.create_producer(session, ProducerFactory(), actor="t")
        pid, bin_ = entity.public_id, entity.identifiers[0].value
    runner = CliRunner()
    listed = runner.invoke(
        main, ["--db", _url(fresh_db), "producers", "list", "--country", "KZ", "--hs", "2523", "--json"]
    )
    assert listed.exit_code == 0, listed.output
    assert [p["id"] for p in json.loads(listed.output)["items"]] == [pid]
    shown = runner.invoke(main, ["--db", _url(fresh_db), "producers", "show", pid, "--json"])
    detail = json.loads(shown.output)
    assert detail["sources"] == [{"source": "test", "source_record_id": detail["sources"][0]["source_record_id"]}]
    text = runner.invoke(main, ["--db", _url(fresh_db), "producers", "show", pid])
    assert "Шымкентцемент" in text.output and f"KZ-BIN {bin_}" in text.output


def test_unknown_producer_exits_non_zero_with_the_api_message(fresh_db: Database) -> None:
    result = CliRunner().invoke(main, ["--db", _url(fresh_db), "producers", "show", "nosuchid00", "--json"])
    assert result.exit_code == 1
    body = json.loads(result.output)
    assert body["code"] == "producer_not_found" and "cagateway producers list" in body["error"]
