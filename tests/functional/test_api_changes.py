"""The change feed /api/v1/changes for mirrors: every write in order, cursors that resume, merges, both backends."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cagateway.db import Database
from cagateway.ingest.resolution.golden import merge_records, unmerge_producer
from cagateway.registry.models import LegalEntity
from tests.factories import ProducerFactory

pytestmark = pytest.mark.usefixtures("as_admin")  # producer writes need an admin API token


def _create(client: TestClient) -> str:
    response = client.post("/api/v1/producers", json=ProducerFactory().model_dump(mode="json"))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _drain(client: TestClient, since: str | None, limit: int = 2) -> tuple[list[dict[str, Any]], str]:
    """Follow next_cursor page by page until a page comes back empty, like a mirror does."""
    items: list[dict[str, Any]] = []
    while True:
        params = {"limit": limit} | ({"since": since} if since else {})
        page = client.get("/api/v1/changes", params=params).json()
        assert page["ok"] is True
        if not page["items"]:
            return items, page["next_cursor"]
        items += page["items"]
        since = page["next_cursor"]


def test_a_mirror_sees_create_update_delete_in_order_and_resumes(client: TestClient) -> None:
    _, cursor = _drain(client, None, limit=1000)
    pid = _create(client)
    assert client.patch(f"/api/v1/producers/{pid}", json={"website": "https://a.example"}, headers={"If-Match": "1"})
    assert client.delete(f"/api/v1/producers/{pid}", headers={"If-Match": "2"}).status_code == 200
    items, cursor = _drain(client, cursor)
    mine = [(i["action"], i["version"]) for i in items if i["id"] == pid]
    assert mine == [("created", 1), ("updated", 2), ("deleted", 3)]
    assert [i["seq"] for i in items] == sorted(i["seq"] for i in items)
    again, _ = _drain(client, cursor)
    assert again == []  # nothing new: the cursor stays where it was


def test_since_a_timestamp(client: TestClient) -> None:
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    pid = _create(client)
    items = client.get("/api/v1/changes", params={"since": before.isoformat(), "limit": 1000}).json()["items"]
    assert pid in [i["id"] for i in items]
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    assert client.get("/api/v1/changes", params={"since": future}).json()["items"] == []


def test_bad_cursor_is_a_422_naming_it(client: TestClient) -> None:
    response = client.get("/api/v1/changes", params={"since": "not-a-cursor"})
    assert response.status_code == 422 and response.json()["code"] == "invalid_cursor"


def test_merge_and_unmerge_name_the_producers_that_left_and_came_back(client: TestClient, app_db: Database) -> None:
    _, cursor = _drain(client, None, limit=1000)
    left, right = _create(client), _create(client)
    with app_db.writer() as session:
        ids = list(session.scalars(select(LegalEntity.id).where(LegalEntity.public_id.in_([left, right]))))
        golden = merge_records(session, ids, method="review", actor="test").public_id
    with app_db.writer() as session:
        unmerge_producer(session, golden, actor="test")
    items, _ = _drain(client, cursor, limit=50)
    merged = next(i for i in items if i["action"] == "merged")
    assert merged["id"] == golden and sorted(merged["merged_ids"]) == sorted([left, right])
    unmerged = next(i for i in items if i["action"] == "unmerged")
    assert unmerged["id"] == golden and unmerged["restored_ids"] == sorted([left, right])
