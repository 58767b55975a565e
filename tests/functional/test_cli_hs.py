"""`cagateway hs ...` through the real CLI: train once on the real HS tree, then suggest and confirm."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cagateway.cli import main
from cagateway.db import Database
from tests.conftest import DatabaseFactory


def _run(db: Database, model: Path, *args: str) -> Result:
    url = db.engine.url.render_as_string(hide_password=False)
    return CliRunner().invoke(main, ["--db", url, "hs", *args], env={"CAGATEWAY_HS_MODEL_PATH": str(model)})


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def trained(db_factory: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path]]:
    database = db_factory.migrated("sqlite")
    model = tmp_path_factory.mktemp("hs") / "model"
    report = _json(_run(database, model, "train", "--json"))
    assert report["examples"]["hs_en"] > 5000 and report["examples"]["terms"] > 500
    yield database, model
    database.dispose()


def test_suggest_gives_the_code_with_heading_confidence_and_matches(trained: tuple[Database, Path]) -> None:
    result = _json(_run(*trained, "suggest", "бидай ұны", "--top", "3", "--json"))
    assert result["confident"] and len(result["suggestions"]) == 3
    best = result["suggestions"][0]
    assert best["code"] == "110100" and best["heading"] == "1101"
    assert any(m["text"] == "бидай ұны" for m in best["matched"])


def test_suggest_for_a_file_gives_one_json_line_per_input_line(trained: tuple[Database, Path], tmp_path: Path) -> None:
    products = tmp_path / "products.txt"
    products.write_text("портландцемент М500\npaxta kalava\n\nasdf\n", encoding="utf-8")
    lines = [
        json.loads(line) for line in _run(*trained, "suggest", "--file", str(products), "--json").stdout.splitlines()
    ]
    assert [line["text"] for line in lines] == ["портландцемент М500", "paxta kalava", "", "asdf"]
    assert lines[0]["suggestions"][0]["code"] == "252329"
    assert lines[1]["suggestions"][0]["heading"] == "5205"
    assert lines[2]["message"] == lines[3]["message"] == "no confident suggestion"


def test_suggest_prints_a_table_for_people(trained: tuple[Database, Path]) -> None:
    result = _run(*trained, "suggest", "медь катодная")
    assert result.exit_code == 0 and "740311" in result.stdout


def test_suggest_needs_a_text_or_a_file(trained: tuple[Database, Path]) -> None:
    result = _run(*trained, "suggest")
    assert result.exit_code == 1 and "give either a TEXT or --file" in result.output


def test_suggest_without_a_model_says_how_to_build_it(trained: tuple[Database, Path], tmp_path: Path) -> None:
    body = json.loads(_run(trained[0], tmp_path / "none", "suggest", "цемент", "--json").stdout)
    assert body["ok"] is False and body["code"] == "hs_model_missing" and "hs train" in body["error"]


def test_a_confirmed_code_is_learnt_by_the_next_training(trained: tuple[Database, Path], tmp_path: Path) -> None:
    database, _model = trained
    model = tmp_path / "model"
    _json(_run(database, model, "confirm", "Шымкентская зелёная халва", "170490", "--json"))
    assert _json(_run(database, model, "train", "--json"))["examples"]["feedback"] == 1
    best = _json(_run(database, model, "suggest", "шымкентская халва", "--json"))["suggestions"][0]
    assert best["code"] == "170490"
