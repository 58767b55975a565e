"""Buyer requests over HTTP: the API with scoped tokens and the portal's forms (CSRF, log-in, who sees what)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cagateway.db import Database
from cagateway.moderation.representatives import link_representative
from cagateway.registry.models import LegalEntity
from tests.accounts_support import TestUser, auth_header, login, make_api_token, make_user, post_form
from tests.unit.rfq.conftest import make_mill

DEADLINE = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=10)).isoformat()
VALID = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=5)).isoformat()


def _mill(db: Database, name: str, **kw: Any) -> str:
    with db.writer() as session:
        return make_mill(session, name, **kw).public_id


def _represent(db: Database, user: TestUser, public_id: str) -> None:
    with db.writer() as session:
        entity = session.query(LegalEntity).filter_by(public_id=public_id).one()
        link_representative(session, user.id, entity.id, None)


@pytest.fixture(scope="module")
def world(app_db: Database) -> dict[str, Any]:
    """Two flour mills with a representative each, a cement works with its own, and two buyers."""
    mills = [_mill(app_db, "Kostanay Flour Mill"), _mill(app_db, "Tashkent Un Zavodi", country="UZ", city="Tashkent")]
    cement = _mill(app_db, "Cement Works", hs="252329", description="Портландцемент")
    reps = [make_user(app_db, "representative") for _ in range(3)]
    for rep, producer in zip(reps, [*mills, cement], strict=True):
        _represent(app_db, rep, producer)
    buyer = make_user(app_db, "buyer", email="aigerim.buyer@example.org", display_name="Aigerim Buyer")
    return {"mills": mills, "cement": cement, "reps": reps, "buyer": buyer, "other_buyer": make_user(app_db)}


def _token(db: Database, user: TestUser, scopes: tuple[str, ...] = ("rfq",)) -> dict[str, str]:
    return auth_header(make_api_token(db, user, list(scopes)))


def _body(**overrides: Any) -> dict[str, Any]:
    return {
        "hs_code": "1101", "text": "пшеничная мука", "quantity": 500, "unit": "т", "destination": "Ташкент",
        "incoterm": "DAP", "deadline": DEADLINE,
    } | overrides  # fmt: skip


def _quote(producer: str, price: float = 300) -> dict[str, Any]:
    return {
        "producer": producer, "price": price, "currency": "USD", "price_unit": "t", "quantity": 500,
        "incoterm": "DAP", "delivery_place": "Tashkent", "lead_time_days": 12, "valid_until": VALID,
    }  # fmt: skip


def test_api_flow_with_scoped_tokens(client: TestClient, app_db: Database, world: dict[str, Any]) -> None:
    buyer = _token(app_db, world["buyer"])
    assert client.post("/api/v1/rfqs", json=_body()).status_code == 401
    read_only = _token(app_db, world["buyer"], ("read",))
    assert client.post("/api/v1/rfqs", json=_body(), headers=read_only).status_code == 403
    created = client.post("/api/v1/rfqs", json=_body(), headers=buyer)
    assert created.status_code == 201, created.text
    rfq = created.json()
    assert {m["producer"] for m in rfq["matches"]} == set(world["mills"])
    assert rfq["destination"]["country"] == "UZ" and rfq["base_quantity"] == 500
    first, second, cement = (_token(app_db, r) for r in world["reps"])
    url = f"/api/v1/rfqs/{rfq['id']}"
    assert client.get(url, headers=cement).status_code == 404  # not matched: the request does not exist for it
    assert client.get(url, headers=_token(app_db, world["other_buyer"])).status_code == 404
    assert client.post(f"{url}/quotes", json=_quote(world["mills"][0]), headers=second).status_code == 403
    assert client.post(f"{url}/quotes", json=_quote(world["mills"][0]), headers=buyer).status_code == 403
    assert client.post(f"{url}/quotes", json=_quote(world["mills"][0])).status_code == 401
    quoted = client.post(f"{url}/quotes", json=_quote(world["mills"][0]), headers=first)
    assert quoted.status_code == 201, quoted.text
    client.post(f"{url}/quotes", json=_quote(world["mills"][1], 290), headers=second)
    seen = client.get(url, headers=first).json()
    assert seen["buyer"] is None and [q["producer"] for q in seen["quotes"]] == [world["mills"][0]]
    qid = quoted.json()["quote"]["id"]
    assert client.post(f"{url}/quotes/{qid}/accept", headers=first).status_code == 404  # only the buyer accepts
    accepted = client.post(f"{url}/quotes/{qid}/accept", headers=buyer)
    assert accepted.status_code == 200 and accepted.json()["status"] == "closed"
    assert client.get(url, headers=first).json()["buyer"] == {"name": "Aigerim Buyer", "email": world["buyer"].email}
    assert client.get(url, headers=second).json()["buyer"] is None
    late = client.post(f"{url}/quotes", json=_quote(world["mills"][1], 250), headers=second)
    assert late.status_code == 409 and late.json()["code"] == "rfq_closed"
    listing = client.get("/api/v1/rfqs", headers=first).json()
    assert [r["id"] for r in listing["inbox"]] == [rfq["id"]] and listing["mine"] == []


def test_api_reports_every_invalid_field(client: TestClient, app_db: Database, world: dict[str, Any]) -> None:
    response = client.post(
        "/api/v1/rfqs", json=_body(unit="bushel", destination="Nowhere-on-Earth", incoterm="XYZ"),
        headers=_token(app_db, world["buyer"]),
    )  # fmt: skip
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"unit", "destination", "incoterm"}


@pytest.fixture
def browser_client(client: TestClient) -> Iterator[TestClient]:
    with TestClient(client.app) as fresh:
        yield fresh


def test_portal_flow_with_csrf(client: TestClient, app_db: Database, world: dict[str, Any]) -> None:
    buyer = TestClient(client.app)
    login(buyer, world["buyer"])
    page = buyer.get("/rfq/new")
    assert page.status_code == 200 and 'name="csrf_token"' in page.text
    form = _body(text="пшеничная мука", hs_code="110100", unit="t", destination="Tashkent")
    assert buyer.post("/rfq/new", data=form).status_code == 403  # no CSRF token
    posted = post_form(buyer, "/rfq/new", form, follow_redirects=False)
    assert posted.status_code == 303, posted.text[:500]
    path = posted.headers["location"]
    detail = buyer.get(path).text
    assert "Kostanay Flour Mill" in detail and "Cement Works" not in detail
    rep = TestClient(client.app)
    login(rep, world["reps"][1])
    inbox = rep.get("/rfq").text
    assert path in inbox
    rep_page = rep.get(path).text
    assert "aigerim.buyer@example.org" not in rep_page and "Kostanay" not in rep_page  # no competitor, no buyer
    sent = post_form(rep, f"{path}/quote", _quote(world["mills"][1], 280), follow_redirects=False)
    assert sent.status_code == 303, sent.text[:500]
    accept = re.search(r'action="(/rfq/\w+/quotes/\w+/accept)"', buyer.get(path).text)
    assert accept is not None
    assert post_form(buyer, accept.group(1), follow_redirects=False).status_code == 303
    assert "aigerim.buyer@example.org" in rep.get(path).text
    stranger = TestClient(client.app)
    login(stranger, world["other_buyer"])
    assert stranger.get(path).status_code == 404
    anonymous = TestClient(client.app).get(path, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")


def test_portal_offers_hs_suggestions_or_says_there_are_none(browser_client: TestClient, world: dict[str, Any]) -> None:
    login(browser_client, world["other_buyer"])
    response = post_form(browser_client, "/rfq/new", _body(hs_code="", action="suggest"))
    assert response.status_code == 422  # no HS model in this app: the buyer is told to give the code
    assert "hs train" in response.text and 'value="пшеничная мука"' in response.text


def test_user_text_is_escaped_on_the_pages(client: TestClient, app_db: Database, world: dict[str, Any]) -> None:
    attack = '<script>alert("rfq")</script>'
    created = client.post(
        "/api/v1/rfqs", json=_body(description=attack, text=attack), headers=_token(app_db, world["other_buyer"])
    )
    assert created.status_code == 201, created.text
    buyer = TestClient(client.app)
    login(buyer, world["other_buyer"])
    page = buyer.get(f"/rfq/{created.json()['id']}").text
    assert attack not in page and "&lt;script&gt;alert(" in page


def test_delivered_figures_for_the_top_matches_on_demand(
    client: TestClient, app_db: Database, world: dict[str, Any]
) -> None:
    created = client.post("/api/v1/rfqs", json=_body(), headers=_token(app_db, world["other_buyer"]))
    buyer = TestClient(client.app)
    login(buyer, world["other_buyer"])
    path = f"/rfq/{created.json()['id']}"
    plain = buyer.get(path).text
    assert "rfq-delivered" not in plain and "?delivered=true" in plain  # not computed unless asked
    cells = re.findall(r'<td class="rfq-delivered">([^<]*)</td>', buyer.get(path + "?delivered=true").text)
    assert len(cells) == 2 and all(re.search(r"days · \$\d+/t · \d+ kg CO2e/t", c) for c in cells), cells


@pytest.mark.parametrize(("lang", "title"), [("ru", "Новый запрос покупателя"), ("kk", "Сатып алушының жаңа сұранысы"),
                                             ("uz", "Xaridorning yangi soʻrovi")])  # fmt: skip
def test_pages_speak_the_portal_languages(
    client: TestClient, app_db: Database, world: dict[str, Any], lang: str, title: str
) -> None:
    reader = make_user(app_db, "buyer")  # each test's own buyer: the per-day limit counts per account
    created = client.post("/api/v1/rfqs", json=_body(), headers=_token(app_db, reader))
    buyer = TestClient(client.app)
    login(buyer, reader)
    assert title in buyer.get(f"/rfq/new?lang={lang}").text
    detail = buyer.get(f"/rfq/{created.json()['id']}?lang={lang}&delivered=true")
    assert detail.status_code == 200 and f'<html lang="{lang}">' in detail.text
