"""``cagateway search`` and ``cagateway search reindex`` through the real CLI entry point and a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from cagateway.cli import main
from cagateway.db import Database
from tests.unit.search.conftest import make_producer


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_demo_load_then_reindex_then_search(fresh_db: Database) -> None:
    runner = CliRunner()
    loaded = runner.invoke(main, ["--db", _url(fresh_db), "demo", "load", "--size", "300", "--seed", "7", "--json"])
    assert loaded.exit_code == 0, loaded.output
    reindexed = runner.invoke(main, ["--db", _url(fresh_db), "search", "reindex", "--json"])
    assert reindexed.exit_code == 0, reindexed.output
    assert json.loads(reindexed.output)["indexed"] == 300
    with fresh_db.session() as session:
        name = session.execute(text("SELECT value FROM entity_names LIMIT 1")).scalar_one()
    found = runner.invoke(main, ["--db", _url(fresh_db), "search", name, "--limit", "5", "--json"])
    assert found.exit_code == 0, found.output
    body = json.loads(found.output)
    assert name in body["hits"][0]["names"]
    assert body["hits"][0]["why"]["exact_name"] == 1.0


def test_search_with_filters_in_text_and_json(app_db: Database) -> None:
    with app_db.writer() as session:
        pid = make_producer(session, "«Оңтүстік Цемент» ЖШС").public_id
    runner = CliRunner()
    as_json = runner.invoke(
        main, ["--db", _url(app_db), "search", "Ontustik", "cement", "--country", "KZ", "--hs", "2523", "--json"]
    )
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)["hits"][0]["id"] == pid
    as_text = runner.invoke(main, ["--db", _url(app_db), "search", "цемент Шымкент"])
    assert as_text.exit_code == 0
    assert pid in as_text.output


@pytest.mark.parametrize("query", ['"', "* OR *", "'; DROP TABLE legal_entities; --", "!!!", ""])
def test_hostile_queries_answer_cleanly(app_db: Database, query: str) -> None:
    result = CliRunner().invoke(main, ["--db", _url(app_db), "search", query, "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert isinstance(body["hits"], list)
    if query and not any(ch.isalnum() for ch in query):
        assert "no letters or digits" in body["notes"][0]


@pytest.mark.parametrize("query", ["NEAR(", "x" * 10_000])
def test_hostile_queries_in_a_real_process_never_print_a_traceback(app_db: Database, query: str) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "cagateway"), "--db", _url(app_db), "search", query, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr
    body = json.loads(done.stdout)
    if len(query) > 1000:
        assert done.returncode == 1
        assert body["errors"][0]["field"] == "q"
    else:
        assert done.returncode == 0, done.stderr
        assert isinstance(body["hits"], list)


def test_bad_filter_exits_non_zero_with_the_message(app_db: Database) -> None:
    result = CliRunner().invoke(main, ["--db", _url(app_db), "search", "cement", "--country", "Kazakhstan"])
    assert result.exit_code == 1
    assert "'country' must be an ISO 3166 alpha-2 code" in result.output
