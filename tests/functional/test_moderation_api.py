"""Self-service and moderation over the API, on SQLite and PostgreSQL: who may change which producer, who may
reach the moderation endpoints (every one of them, read from the app's routes), uploads, reasons that reach the
submitter."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cagateway.accounts.models import OutboxMail
from cagateway.config import Settings
from cagateway.db import Database
from cagateway.moderation import services
from cagateway.registry import services as registry
from cagateway.registry.schemas import ProvenanceIn
from cagateway.web import create_app
from cagateway.web.api.moderation import MODERATION_PREFIX
from tests.accounts_support import TestUser, auth_header, make_api_token, make_user
from tests.factories import ProducerFactory

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MAX_UPLOAD = 100_000


@pytest.fixture(scope="module")
def upload_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def client(app_db: Database, upload_dir: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=app_db.engine.url.render_as_string(hide_password=False),
        upload_dir=upload_dir,
        upload_max_bytes=MAX_UPLOAD,
    )
    with TestClient(create_app(settings, database=app_db)) as test_client:
        yield test_client


def _producer(db: Database, kind: str = "claimed") -> str:
    with db.writer() as session:
        data = ProducerFactory(website="https://shymkentcement.kz", provenance=ProvenanceIn(source="t", kind=kind))
        return registry.create_producer(session, data, actor="test").public_id


def _represent(db: Database, user: TestUser, public_id: str) -> None:
    with db.writer() as session:
        entity = registry.get_producer(session, public_id)
        services.link_representative(session, user.id, entity.id, None)


def _version(client: TestClient, public_id: str) -> dict[str, str]:
    return {"If-Match": client.get(f"/api/v1/producers/{public_id}").headers["ETag"]}


def _name(client: TestClient, public_id: str) -> str:
    return str(client.get(f"/api/v1/producers/{public_id}").json()["name"])


@pytest.fixture(scope="module")
def people(app_db: Database) -> dict[str, Any]:
    """A representative of one producer (with a producer:edit token), a buyer and a moderator with tokens."""
    rep = make_user(app_db, "representative")
    buyer = make_user(app_db, "buyer")
    moderator = make_user(app_db, "moderator")
    return {
        "rep": rep,
        "buyer": buyer,
        "moderator": moderator,
        "rep_token": auth_header(make_api_token(app_db, rep, ["read", "producer:edit"])),
        "buyer_token": auth_header(make_api_token(app_db, buyer, ["read", "rfq"])),
        "mod_token": auth_header(make_api_token(app_db, moderator, ["read", "moderate"])),
    }


NEW_NAMES = {"names": [{"value": "ТОО «Шымкент Цемент Плюс»", "lang": "ru"}]}


def test_representative_edits_own_producer_only_through_the_api(
    client: TestClient, app_db: Database, people: dict[str, Any]
) -> None:
    mine, theirs = _producer(app_db), _producer(app_db)
    _represent(app_db, people["rep"], mine)
    token = people["rep_token"]

    ok = client.patch(f"/api/v1/producers/{mine}", json=NEW_NAMES, headers=token | _version(client, mine))
    assert ok.status_code == 200, ok.text
    assert ok.json()["name"] == "ТОО «Шымкент Цемент Плюс»" and ok.json()["pending_edit"] is None
    history = client.get(f"/api/v1/producers/{mine}/history").json()["items"]
    assert history[-1]["actor"] == f"user:{people['rep'].public_id}"

    guessed = client.patch(f"/api/v1/producers/{theirs}", json=NEW_NAMES, headers=token | _version(client, theirs))
    assert guessed.status_code == 403 and guessed.json()["code"] == "not_representative"
    assert _name(client, theirs) == "ТОО «Шымкентцемент»"

    for field in ({"verification_tier": "site_visited"}, {"identifiers": []}, {"website": "https://evil.example"}):
        refused = client.patch(f"/api/v1/producers/{mine}", json=field, headers=token | _version(client, mine))
        assert refused.status_code == 403, field
    anonymous = client.patch(f"/api/v1/producers/{theirs}", json=NEW_NAMES, headers=_version(client, theirs))
    assert anonymous.status_code == 401 and "Bearer" in anonymous.json()["error"]
    buyer = client.patch(
        f"/api/v1/producers/{theirs}", json=NEW_NAMES, headers=people["buyer_token"] | _version(client, theirs)
    )
    assert buyer.status_code == 403
    for method in ("post", "delete"):
        assert client.request(method.upper(), "/api/v1/producers", headers=token).status_code in {403, 405}
    assert client.delete(f"/api/v1/producers/{mine}", headers=token | {"If-Match": "9"}).status_code == 403
    assert _name(client, theirs) == "ТОО «Шымкентцемент»"


def test_edit_of_an_official_part_is_queued_and_says_so(
    client: TestClient, app_db: Database, people: dict[str, Any]
) -> None:
    official = _producer(app_db, kind="official")
    _represent(app_db, people["rep"], official)
    response = client.patch(
        f"/api/v1/producers/{official}", json=NEW_NAMES, headers=people["rep_token"] | _version(client, official)
    )
    assert response.status_code == 200, response.text
    pending = response.json()["pending_edit"]
    assert pending["fields"] == ["names"] and "moderator" in pending["message"]
    assert _name(client, official) == "ТОО «Шымкентцемент»"
    queue = client.get(f"{MODERATION_PREFIX}/submissions", params={"kind": "edit"}, headers=people["mod_token"])
    assert pending["submission"] in [item["id"] for item in queue.json()["items"]]
    decision = client.post(
        f"{MODERATION_PREFIX}/submissions/{pending['submission']}/decision",
        json={"approve": True, "reason": "Confirmed with the national register."},
        headers=people["mod_token"],
    )
    assert decision.status_code == 200 and decision.json()["submission"]["status"] == "approved"
    assert _name(client, official) == "ТОО «Шымкент Цемент Плюс»"


def _routes(app: Any) -> Iterator[Any]:
    for route in app.routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner)
        elif hasattr(route, "methods"):
            yield route


def _moderation_endpoints(client: TestClient) -> list[tuple[str, str]]:
    found = [
        (method, re.sub(r"\{[^}]+\}", "1", route.path))
        for route in _routes(client.app)
        if route.path.startswith(MODERATION_PREFIX)
        for method in sorted(route.methods - {"HEAD", "OPTIONS"})
    ]
    assert len(found) >= 6, found  # the queue, one item, decisions, resolution queue + decisions, verification
    return found


def test_buyer_and_anonymous_reach_no_moderation_endpoint(client: TestClient, people: dict[str, Any]) -> None:
    body = {"approve": True, "reason": "x", "tier": "unverified", "checks": [], "note": "x"}
    for method, path in _moderation_endpoints(client):
        anonymous = client.request(method, path, json=body)
        assert anonymous.status_code == 401, (method, path)
        as_buyer = client.request(method, path, json=body, headers=people["buyer_token"])
        assert as_buyer.status_code == 403, (method, path, as_buyer.text)
        as_rep = client.request(method, path, json=body, headers=people["rep_token"])
        assert as_rep.status_code == 403, (method, path)
        as_moderator = client.request(method, path, json=body, headers=people["mod_token"])
        assert as_moderator.status_code not in {401, 403}, (method, path, as_moderator.text)


def _upload(client: TestClient, headers: dict[str, str], content: bytes, name: str) -> Any:
    files = {"file": (name, io.BytesIO(content), "application/pdf")}
    return client.post("/api/v1/uploads", files=files, data={"purpose": "claim"}, headers=headers)


def test_uploads_are_checked_and_served_only_to_those_allowed(
    client: TestClient, people: dict[str, Any], upload_dir: Path
) -> None:
    token = people["rep_token"]
    assert _upload(client, people["buyer_token"], PDF, "extract.pdf").status_code == 403  # no producer:edit scope
    before = sorted(upload_dir.iterdir())
    wrong = _upload(client, token, b"<script>alert(1)</script>", "certificate.pdf")
    assert wrong.status_code == 422 and wrong.json()["code"] == "upload_rejected"
    huge = _upload(client, token, b"%PDF-" + b"0" * (MAX_UPLOAD * 3), "big.pdf")
    assert huge.status_code == 413 and huge.json()["code"] == "upload_too_large"
    for name in ("../../etc/passwd.pdf", "..\\boot.ini", "/etc/x.pdf"):
        path = _upload(client, token, PDF, name)
        assert path.status_code == 422 and "folder path" in path.json()["error"], name
    assert sorted(upload_dir.iterdir()) == before  # nothing refused was kept

    ok = _upload(client, token, PDF, "extract.pdf")
    assert ok.status_code == 201, ok.text
    url = ok.json()["url"]
    mine = client.get(url, headers=token)
    assert mine.status_code == 200 and mine.content == PDF
    assert mine.headers["content-disposition"].startswith("attachment")
    assert mine.headers["x-content-type-options"] == "nosniff"
    assert client.get(url, headers=people["buyer_token"]).status_code == 403  # not the owner
    assert client.get(url).status_code == 401
    assert client.get(url, headers=people["mod_token"]).status_code == 200
    assert client.get("/api/v1/uploads/..%2F..%2Fetc%2Fpasswd", headers=token).status_code == 404


def test_rejected_claim_reason_reaches_the_submitter(
    client: TestClient, app_db: Database, people: dict[str, Any]
) -> None:
    producer = _producer(app_db)
    claimant = make_user(app_db, "representative", email="owner@gmail.com")
    token = auth_header(make_api_token(app_db, claimant, ["read", "producer:edit"]))
    read_only = auth_header(make_api_token(app_db, claimant, ["read"]))
    refused = client.post(f"/api/v1/producers/{producer}/claims", json={"method": "email"}, headers=read_only)
    assert refused.status_code == 403  # a read-only token cannot claim
    by_email = client.post(f"/api/v1/producers/{producer}/claims", json={"method": "email"}, headers=token)
    assert by_email.status_code == 422 and "shymkentcement.kz" in by_email.json()["error"]
    upload = _upload(client, token, PDF, "extract.pdf").json()["token"]
    claim = client.post(
        f"/api/v1/producers/{producer}/claims", json={"method": "document", "upload": upload}, headers=token
    )
    assert claim.status_code == 201 and claim.json()["submission"]["status"] == "pending"
    claim_id = claim.json()["submission"]["id"]
    reason = "The document is a utility bill, not a register extract."
    empty = client.post(
        f"{MODERATION_PREFIX}/submissions/{claim_id}/decision",
        json={"approve": False, "reason": ""},
        headers=people["mod_token"],
    )
    assert empty.status_code == 422
    decided = client.post(
        f"{MODERATION_PREFIX}/submissions/{claim_id}/decision",
        json={"approve": False, "reason": reason},
        headers=people["mod_token"],
    )
    assert decided.status_code == 200
    mine = client.get("/api/v1/submissions", headers=token).json()["items"]
    assert (mine[0]["id"], mine[0]["status"], mine[0]["reason"]) == (claim_id, "rejected", reason)
    with app_db.session() as session:
        bodies = session.scalars(select(OutboxMail.body).where(OutboxMail.to_address == claimant.email))
        assert any(reason in body for body in bodies)


def test_email_claim_at_the_domain_is_approved_at_once(client: TestClient, app_db: Database) -> None:
    producer = _producer(app_db)
    claimant = make_user(app_db, "representative", email="director@shymkentcement.kz")
    token = auth_header(make_api_token(app_db, claimant, ["read", "producer:edit"]))
    claim = client.post(f"/api/v1/producers/{producer}/claims", json={"method": "email"}, headers=token)
    assert claim.status_code == 201, claim.text
    assert claim.json()["submission"]["status"] == "approved" and claim.json()["submission"]["auto"] is True
    with app_db.session() as session:
        entity = registry.get_producer(session, producer)
        assert services.representatives_of(session, [entity.id])[entity.id] == [claimant.id]


def test_reports_need_only_a_read_token_and_name_an_existing_duplicate(
    client: TestClient, app_db: Database, people: dict[str, Any]
) -> None:
    first, second = _producer(app_db), _producer(app_db)
    url = f"/api/v1/producers/{first}/reports"
    assert client.post(url, json={"kind": "mistake", "text": "Closed"}).status_code == 401
    unknown = client.post(url, json={"kind": "duplicate", "duplicate_of": "0000000000"}, headers=people["buyer_token"])
    assert unknown.status_code == 404
    sent = client.post(url, json={"kind": "duplicate", "duplicate_of": second}, headers=people["buyer_token"])
    assert sent.status_code == 201, sent.text
    assert sent.json()["submission"]["payload"]["duplicate_of"] == second


def test_a_huge_upload_without_content_length_is_cut_off_while_arriving(
    client: TestClient, people: dict[str, Any], upload_dir: Path
) -> None:
    def body() -> Iterator[bytes]:  # chunked: no Content-Length to judge by, the bytes are counted
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n%PDF-'
        for _ in range(100):
            yield b"0" * (64 * 1024)
        yield b"\r\n--b--\r\n"

    before = sorted(upload_dir.iterdir())
    headers = people["rep_token"] | {"Content-Type": "multipart/form-data; boundary=b"}
    response = client.post("/api/v1/uploads", content=body(), headers=headers)
    assert response.status_code == 413 and response.json()["code"] == "upload_too_large"
    assert sorted(upload_dir.iterdir()) == before
