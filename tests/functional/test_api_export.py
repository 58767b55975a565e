"""Bulk export of the public registry: /api/v1/export.{csv,jsonl,parquet} and `cagateway export`, both backends."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select

from cagateway.cli import main
from cagateway.db import Database
from cagateway.ingest.resolution.golden import merge_records
from cagateway.registry.models import LegalEntity
from cagateway.registry.schemas import ContactIn, NameIn
from tests.factories import ProducerFactory

pytestmark = pytest.mark.usefixtures("as_admin")  # producer writes need an admin API token


def _create(client: TestClient, **overrides: Any) -> str:
    response = client.post("/api/v1/producers", json=ProducerFactory(**overrides).model_dump(mode="json"))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.fixture(scope="module")
def producers(client: TestClient) -> dict[str, str]:
    private = ContactIn(kind="person", value="Айгуль Сапарова, +77011234567")
    public = ContactIn(kind="email", value="sales@export-test.example")
    kept = _create(client, names=[NameIn(value="ТОО «Экспорт Тест»", lang="ru")], contacts=[public, private])
    gone = _create(client, names=[NameIn(value="ТОО «Удалённый»", lang="ru")])
    assert client.delete(f"/api/v1/producers/{gone}", headers={"If-Match": '"1"'}).status_code == 200
    return {"kept": kept, "gone": gone}


def _by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in rows}


def test_csv_has_live_producers_public_fields_only(client: TestClient, producers: dict[str, str]) -> None:
    response = client.get("/api/v1/export.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _by_id(list(csv.DictReader(io.StringIO(response.text))))
    assert producers["gone"] not in rows
    kept = rows[producers["kept"]]
    assert kept["name"] == "ТОО «Экспорт Тест»" and kept["country"] == "KZ" and kept["hs_codes"] == "252329"
    assert kept["emails"] == "sales@export-test.example"
    assert "Айгуль" not in response.text  # a named person is personal data: never in bulk exports
    assert kept["identifiers"].startswith("KZ-BIN:")


def test_jsonl_and_parquet_carry_the_same_records_as_lists(client: TestClient, producers: dict[str, str]) -> None:
    jsonl = _by_id([json.loads(line) for line in client.get("/api/v1/export.jsonl").text.splitlines()])
    parquet = client.get("/api/v1/export.parquet")
    assert parquet.headers["content-type"] == "application/vnd.apache.parquet"
    table = _by_id(pq.read_table(io.BytesIO(parquet.content)).to_pylist())
    assert jsonl.keys() == table.keys()
    kept = producers["kept"]
    assert jsonl[kept]["hs_codes"] == ["252329"] and table[kept]["hs_codes"] == ["252329"]
    assert jsonl[kept] == table[kept]


def test_country_filter(client: TestClient, producers: dict[str, str]) -> None:
    _create(client, country="UZ", names=[NameIn(value='"Eksport Test" MChJ', lang="uz")], sites=[], product_lines=[])
    rows = [json.loads(line) for line in client.get("/api/v1/export.jsonl", params={"country": "uz"}).text.splitlines()]
    assert rows and {r["country"] for r in rows} == {"UZ"}


def test_cli_export_writes_each_format_with_a_json_summary(app_db: Database, tmp_path: Path) -> None:
    url = app_db.engine.url.render_as_string(hide_password=False)
    for fmt in ("csv", "jsonl", "parquet"):
        path = tmp_path / f"out.{fmt}"
        result = CliRunner().invoke(main, ["--db", url, "export", "--format", fmt, str(path), "--json"])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.output)
        assert summary["ok"] is True and summary["format"] == fmt and summary["bytes"] == path.stat().st_size
        assert summary["producers"] >= 1
    assert pq.read_table(tmp_path / "out.parquet").num_rows == summary["producers"]
    bad = CliRunner().invoke(main, ["--db", url, "export", str(tmp_path / "out.xls")])
    assert bad.exit_code != 0 and "--format" in bad.output


def test_a_golden_record_is_exported_once_with_its_members_identifiers(client: TestClient, app_db: Database) -> None:
    left, right = _create(client), _create(client)
    with app_db.writer() as session:
        ids = list(session.scalars(select(LegalEntity.id).where(LegalEntity.public_id.in_([left, right]))))
        golden = merge_records(session, ids, method="review", actor="test").public_id
    rows = _by_id([json.loads(line) for line in client.get("/api/v1/export.jsonl").text.splitlines()])
    assert left not in rows and right not in rows  # merged members leave the export, as they leave lists
    members = [client.get(f"/api/v1/producers/{pid}").json() for pid in (left, right)]
    assert len(rows[golden]["identifiers"]) == 2
    assert {f"{i['scheme']}:{i['value']}" for m in members for i in m["identifiers"]} == set(
        rows[golden]["identifiers"]
    )
    assert len(rows[golden]["sources"]) == 2
