"""HS tree and country/region counts, and conditional GETs (ETag, If-None-Match → 304), both backends."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cagateway.web.api import browse as api_browse
from tests.factories import ProducerFactory, ProductLineFactory

pytestmark = pytest.mark.usefixtures("as_admin")  # producer writes need an admin API token


@pytest.fixture(autouse=True)
def _counts_read_in_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts re-read in the request after a write, however long the last read took: on a busy machine a read
    over SYNC_SECONDS made the next requests keep the previous counts (the background refresh, which
    test_slow_counts_are_refreshed_in_the_background_after_a_write checks on its own), and count checks failed."""
    monkeypatch.setattr(api_browse, "SYNC_SECONDS", float("inf"))


def _create(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/producers", json=ProducerFactory(**overrides).model_dump(mode="json"))
    assert response.status_code == 201, response.text
    return dict(response.json())


def _count(children: list[dict[str, Any]], code: str) -> int:
    return int(next(c["producers"] for c in children if c["code"] == code))


def _tree(client: TestClient, path: str = "") -> dict[str, Any]:
    response = client.get(f"/api/v1/hs-tree{path}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_hs_tree_counts_each_producer_once_per_node(client: TestClient) -> None:
    before = {p: _tree(client, p) for p in ("", "/V", "/25", "/2523")}
    lines = [ProductLineFactory(hs_code="252329"), ProductLineFactory(hs_code="252310", national_code=None)]
    _create(client, product_lines=lines)
    root, section, chapter, heading = (_tree(client, p) for p in ("", "/V", "/25", "/2523"))
    assert [c["code"] for c in root["children"]][:3] == ["I", "II", "III"] and len(root["children"]) == 21
    assert _count(root["children"], "V") == _count(before[""]["children"], "V") + 1
    assert section["node"]["producers"] == before["/V"]["node"]["producers"] + 1
    assert _count(section["children"], "25") == _count(before["/V"]["children"], "25") + 1
    assert _count(chapter["children"], "2523") == _count(before["/25"]["children"], "2523") + 1
    assert heading["node"]["level"] == "heading" and heading["node"]["producers"] >= 1
    for code in ("252329", "252310"):  # one producer, two subheadings: counted under each
        assert _count(heading["children"], code) == _count(before["/2523"]["children"], code) + 1


def test_subheadings_are_leaves_and_unknown_nodes_404(client: TestClient) -> None:
    leaf = _tree(client, "/2523.29")
    assert leaf["node"]["code"] == "252329" and leaf["node"]["level"] == "subheading" and leaf["children"] == []
    for code in ("XXX", "99", "1"):
        response = client.get(f"/api/v1/hs-tree/{code}")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_countries_and_regions_with_counts(client: TestClient) -> None:
    before = client.get("/api/v1/countries/KZ").json()
    _create(client)  # the factory's site is in KZ-79 (Shymkent)
    countries = {c["code"]: c for c in client.get("/api/v1/countries").json()["items"]}
    assert countries["KZ"]["name"] == "Kazakhstan" and countries["KZ"]["producers"] >= 1
    after = client.get("/api/v1/countries/kz").json()
    assert after["country"]["producers"] == before["country"]["producers"] + 1
    assert _count(after["regions"], "KZ-79") == _count(before["regions"], "KZ-79") + 1
    assert client.get("/api/v1/countries/ZZ").status_code == 404


def test_if_none_match_gives_304_until_something_changes(client: TestClient) -> None:
    for path in ("/api/v1/hs-tree/25", "/api/v1/countries", "/api/v1/producers?limit=5", "/api/v1/hs/2523"):
        first = client.get(path)
        etag = first.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
        assert client.get(path, headers={"If-None-Match": '"other", ' + etag}).status_code == 304
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    tree = client.get("/api/v1/hs-tree/25")
    _create(client)
    changed = client.get("/api/v1/hs-tree/25", headers={"If-None-Match": tree.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != tree.headers["ETag"]


def test_producer_detail_etag_is_its_version(client: TestClient) -> None:
    pid = _create(client)["id"]
    assert client.get(f"/api/v1/producers/{pid}", headers={"If-None-Match": 'W/"1"'}).status_code == 304
    client.patch(f"/api/v1/producers/{pid}", json={"website": "https://b.example"}, headers={"If-Match": '"1"'})
    fresh = client.get(f"/api/v1/producers/{pid}", headers={"If-None-Match": '"1"'})
    assert (
        fresh.status_code == 200 and fresh.headers["ETag"] == '"2"' and fresh.json()["website"] == "https://b.example"
    )


def test_slow_counts_are_refreshed_in_the_background_after_a_write(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every read counts as slow here, as a full pass does at 1M producers: a write must not make the next
    # visitor wait for the pass; the previous counts are served until the background read has the new ones.
    before = client.get("/api/v1/countries/KZ").json()["country"]["producers"]  # fresh: read at once
    monkeypatch.setattr(api_browse, "SYNC_SECONDS", -1.0)
    _create(client)
    assert client.get("/api/v1/countries/KZ").json()["country"]["producers"] == before  # stale, at once
    deadline = time.monotonic() + 30
    while (now := client.get("/api/v1/countries/KZ").json()["country"]["producers"]) == before:
        assert time.monotonic() < deadline, "the background refresh never arrived"
        time.sleep(0.05)
    assert now == before + 1
    row = f'<a href="/countries/KZ">Kazakhstan</a></td><td class="num">{before + 1}</td>'
    assert row in client.get("/countries").text  # the portal pages read the same counts


def test_warm_up_reads_the_counts_before_the_first_visitor(client: TestClient) -> None:
    """`cagateway serve` starts the app with warm=True: the counts are read in a background thread at start-up,
    so the first page finds them cached (at 1M producers the first visitor waited ~8 s)."""
    _create(client)
    app = client.app
    app.state.__dict__.pop("browse_counts", None)  # as a freshly started server
    api_browse.warm_counts(app).join(timeout=60)  # type: ignore[arg-type]
    cache = app.state.browse_counts  # type: ignore[attr-defined]
    assert not cache.refreshing
    assert cache.value.countries["KZ"] >= 1
    assert client.get("/api/v1/countries/KZ").json()["country"]["producers"] == cache.value.countries["KZ"]
