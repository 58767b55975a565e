"""Posting, notifying, quoting, accepting and expiring buyer requests, with who may do what."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.accounts.errors import Forbidden
from cagateway.accounts.models import AuditEvent, OutboxMail
from cagateway.config import Settings
from cagateway.errors import InvalidInput
from cagateway.registry.models import LegalEntity
from cagateway.rfq import services
from cagateway.rfq.errors import (
    HsCodeRequired,
    NotRepresentative,
    RequestClosed,
    RequestLimitReached,
    RequestNotFound,
)
from cagateway.rfq.schemas import QuoteIn
from cagateway.rfq.serialise import request_view
from tests.unit.rfq.conftest import TODAY, flour_request, make_mill, make_user, representative


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(hs_model_path=tmp_path / "no-model", rfq_max_open_requests=3, rfq_max_requests_per_day=3)


def _quote(producer: LegalEntity, price: float = 310.0) -> QuoteIn:
    return QuoteIn(
        producer=producer.public_id, price=price, currency="usd", price_unit="t", quantity=500, incoterm="dap",
        delivery_place="Tashkent", lead_time_days=14, valid_until=TODAY + dt.timedelta(days=10), note="Bags 50 kg",
    )  # fmt: skip


def _mails(session: Session, to: str) -> list[OutboxMail]:
    return list(session.scalars(select(OutboxMail).where(OutboxMail.to_address == to).order_by(OutboxMail.id)))


def test_request_is_normalised_and_destination_resolved_in_any_script(session: Session, settings: Settings) -> None:
    buyer = make_user(session)
    request = services.create_request(session, settings, buyer, flour_request(quantity=2500, unit="кг"))
    assert (request.quantity, request.unit, request.base_quantity, request.base_unit) == (2500, "kg", 2.5, "t")
    assert request.destination_country == "UZ"
    assert request.destination_label == "Tashkent"
    assert request.status == "open"


def test_every_problem_is_reported_with_a_fix(session: Session, settings: Settings) -> None:
    buyer = make_user(session)
    bad = flour_request(
        hs_code="1234", unit="barrels", destination="Atlantis", incoterm="FOO", deadline=TODAY,
        certificates=["ISO 99999"], countries=["XX"],
    )  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        services.create_request(session, settings, buyer, bad)
    fields = {e.field for e in caught.value.errors}
    assert fields == {"hs_code", "unit", "destination", "incoterm", "deadline", "certificates", "countries"}
    messages = " ".join(e.message for e in caught.value.errors)
    assert "EXW" in messages and "ISO 9001" in messages and "Tashkent" in messages


def test_text_without_code_needs_a_code_when_no_model_is_trained(session: Session, settings: Settings) -> None:
    buyer = make_user(session)
    with pytest.raises(HsCodeRequired, match="hs train"):
        services.create_request(session, settings, buyer, flour_request(hs_code=None))


def test_only_buyers_post(session: Session, settings: Settings) -> None:
    mill = make_mill(session, "Mill")
    with pytest.raises(Forbidden):
        services.create_request(session, settings, representative(session, mill), flour_request())


def test_matched_representatives_get_one_mail_each_and_buyer_stays_anonymous(
    session: Session, settings: Settings
) -> None:
    first, second = make_mill(session, "First Mill"), make_mill(session, "Second Mill")
    lonely = make_mill(session, "Lonely Mill")
    rep = representative(session, first)
    from cagateway.moderation.representatives import link_representative  # noqa: PLC0415

    link_representative(session, rep.id, second.id, None)  # one person represents two matched mills
    buyer = make_user(session, email="buyer@example.org", name="Dilnoza Buyer")
    request = services.create_request(session, settings, buyer, flour_request())
    mails = _mails(session, rep.email)
    assert len(mails) == 1
    assert "First Mill" in mails[0].body and "Second Mill" in mails[0].body
    assert "buyer@example.org" not in mails[0].body and "Dilnoza" not in mails[0].body
    notified = {m.entity_id: m.notified for m in request.matches}
    assert notified == {first.id: True, second.id: True, lonely.id: False}
    view = request_view(session, request, services.viewer_of(session, buyer), TODAY)
    assert view["unnotified"] == 1


def test_quote_permissions(session: Session, settings: Settings) -> None:
    mill = make_mill(session, "Matched Mill")
    other = make_mill(session, "Cement", hs="252329", description="Портландцемент")
    rep, stranger = representative(session, mill), representative(session, other)
    buyer, other_buyer = make_user(session), make_user(session)
    request = services.create_request(session, settings, buyer, flour_request())
    with pytest.raises(RequestNotFound):  # a representative of an unmatched producer cannot even see it
        services.submit_quote(session, stranger, request.public_id, _quote(other))
    with pytest.raises(RequestNotFound):
        services.submit_quote(session, other_buyer, request.public_id, _quote(mill))
    with pytest.raises(NotRepresentative):  # the buyer sees the request but represents no producer
        services.submit_quote(session, buyer, request.public_id, _quote(mill))
    with pytest.raises(NotRepresentative):  # the right representative, quoting for someone else's producer
        services.submit_quote(session, rep, request.public_id, _quote(other))
    quote = services.submit_quote(session, rep, request.public_id, _quote(mill))
    revised = services.submit_quote(session, rep, request.public_id, _quote(mill, price=295))
    assert revised.id == quote.id and revised.revision == 2 and revised.price == 295
    assert (quote.currency, quote.incoterm) == ("USD", "DAP")


def test_accepting_declines_the_others_closes_and_reveals_the_buyer_to_the_winner_only(
    session: Session, settings: Settings
) -> None:
    winner_mill, loser_mill = make_mill(session, "Winner Mill"), make_mill(session, "Loser Mill")
    winner, loser = representative(session, winner_mill), representative(session, loser_mill)
    buyer = make_user(session, email="zarina@example.org", name="Zarina Buyer")
    request = services.create_request(session, settings, buyer, flour_request())
    chosen = services.submit_quote(session, winner, request.public_id, _quote(winner_mill))
    services.submit_quote(session, loser, request.public_id, _quote(loser_mill, price=280))
    before = request_view(session, request, services.viewer_of(session, winner), TODAY)
    assert before["buyer"] is None
    assert [m["producer"] for m in before["matches"]] == [winner_mill.public_id]  # not the competitor
    assert [q["producer"] for q in before["quotes"]] == [winner_mill.public_id]
    with pytest.raises(RequestNotFound):  # only the buyer accepts
        services.accept_quote(session, winner, request.public_id, chosen.public_id)
    services.accept_quote(session, buyer, request.public_id, chosen.public_id)
    assert request.status == "closed"
    assert {q.public_id: q.status for q in request.quotes}[chosen.public_id] == "accepted"
    assert sorted(q.status for q in request.quotes) == ["accepted", "declined"]
    after = request_view(session, request, services.viewer_of(session, winner), TODAY)
    assert after["buyer"] == {"name": "Zarina Buyer", "email": "zarina@example.org"}
    assert request_view(session, request, services.viewer_of(session, loser), TODAY)["buyer"] is None
    assert "zarina@example.org" in _mails(session, winner.email)[-1].body
    assert all("zarina" not in m.body for m in _mails(session, loser.email))
    with pytest.raises(RequestClosed):
        services.submit_quote(session, loser, request.public_id, _quote(loser_mill, price=250))


def test_requests_expire_after_their_deadline(session: Session, settings: Settings) -> None:
    mill = make_mill(session, "Mill")
    rep, buyer = representative(session, mill), make_user(session)
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)  # not TODAY: a run may cross midnight (UTC)
    request = services.create_request(session, settings, buyer, flour_request(deadline=tomorrow))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    assert services.effective_status(request, later.date()) == "expired"  # reads see it at once
    with pytest.raises(RequestClosed, match="expired"):
        services.submit_quote(session, rep, request.public_id, _quote(mill), now=later)
    other = services.create_request(session, settings, buyer, flour_request(deadline=tomorrow))
    assert services.expire_requests(session, now=later) == [other.public_id]
    session.refresh(other)
    assert other.status == "expired"


def test_anti_spam_limits_are_enforced_and_audited(session: Session, settings: Settings) -> None:
    make_mill(session, "Mill")
    buyer = make_user(session)
    for _ in range(3):
        services.create_request(session, settings, buyer, flour_request())
    with pytest.raises(RequestLimitReached, match="open requests"):
        services.create_request(session, settings, buyer, flour_request())
    events = session.scalars(select(AuditEvent.event).where(AuditEvent.actor_id == buyer.id)).all()
    assert events.count("rfq.created") == 3 and "rfq.limit_reached" in events


def test_daily_limit_counts_closed_requests_too(session: Session, settings: Settings) -> None:
    make_mill(session, "Mill")
    buyer = make_user(session)
    for _ in range(3):
        request = services.create_request(session, settings, buyer, flour_request())
        request.status = "closed"
    with pytest.raises(RequestLimitReached, match="24 hours"):
        services.create_request(session, settings, buyer, flour_request())
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1, minutes=1)
    assert services.create_request(session, settings, buyer, flour_request(), now=tomorrow).status == "open"
