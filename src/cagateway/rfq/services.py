"""Buyer requests: post, match, notify, quote, accept, expire; who may see and do what.

* Posting needs the buyer (or administrator) role and stays within the per-account limits
  (``CAGATEWAY_RFQ_MAX_OPEN_REQUESTS``, ``CAGATEWAY_RFQ_MAX_REQUESTS_PER_DAY``); a refusal is audited.
* A request is visible to its buyer, to moderators and administrators, and to the representatives of its
  matched producers; to anyone else it does not exist (404, so ids cannot be probed).
* Only a representative of a matched producer quotes for that producer, one quote per producer, revisable
  while the request is open. The buyer accepts one: the others are declined, the request closes, and only
  then the accepted producer's representatives learn who the buyer is.
* A request past its deadline is expired: reads report it at once, writes store it, and
  ``cagateway rfq expire`` stores it for all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cagateway.accounts.audit import record
from cagateway.accounts.errors import Forbidden
from cagateway.accounts.models import User
from cagateway.classify import ModelNotTrained, SuggestionResult, suggest_hs
from cagateway.config import Settings
from cagateway.db.base import utcnow
from cagateway.errors import FieldError
from cagateway.moderation.representatives import producers_of
from cagateway.registry.models import LegalEntity
from cagateway.registry.public_ids import new_public_id
from cagateway.rfq.errors import (
    HsCodeRequired,
    NotRepresentative,
    QuoteNotFound,
    RequestClosed,
    RequestLimitReached,
    RequestNotFound,
)
from cagateway.rfq.matching import MatchQuery, find_matches
from cagateway.rfq.models import BuyerRequest, Quote, RequestMatch
from cagateway.rfq.notify import notify_acceptance, notify_representatives
from cagateway.rfq.schemas import QuoteIn, RequestIn
from cagateway.rfq.validation import check_quote, check_request

__all__ = [
    "POSTING_ROLES",
    "Viewer",
    "accept_quote",
    "create_request",
    "effective_status",
    "expire_requests",
    "get_request",
    "inbox",
    "list_requests",
    "my_requests",
    "quotable_producers",
    "represented",
    "submit_quote",
    "suggest_codes",
    "viewer_of",
]

POSTING_ROLES = ("buyer", "admin")
STAFF_ROLES = ("moderator", "admin")
DAY = dt.timedelta(days=1)


def _today(now: dt.datetime | None) -> dt.date:
    return (now or utcnow()).astimezone(dt.UTC).date()


# --- choosing an HS code -------------------------------------------------------------------------------------


def suggest_codes(settings: Settings, text: str, top: int = 5) -> SuggestionResult:
    """HS suggestions for the buyer's text; :class:`HsCodeRequired` when no model is trained here."""
    try:
        return suggest_hs(settings.hs_model_path, text, top)
    except ModelNotTrained as exc:
        raise HsCodeRequired.single(
            "hs_code",
            "HS suggestions are not available here (no HS model trained: `cagateway hs train`); "
            "give the HS code, 4 or 6 digits, e.g. 1101",
            text,
        ) from exc


def _chosen_code(settings: Settings, data: RequestIn) -> str:
    if data.hs_code:
        return data.hs_code
    if not data.text:
        raise HsCodeRequired.single("hs_code", "give an HS code (e.g. 1101) or a text to get HS suggestions for")
    result = suggest_codes(settings, data.text)
    codes = [s.code for s in result.suggestions]
    listed = "; ".join(f"{s.code} {s.description}" for s in result.suggestions) or "none found"
    raise HsCodeRequired(
        f"hs_code: pick the HS code of the product — suggestions for {data.text!r}: {listed}",
        [FieldError("hs_code", "pick one of the suggested codes (or give your own)", codes)],
    )


# --- posting -------------------------------------------------------------------------------------------------


def _refuse(session: Session, buyer: User, message: str, details: dict[str, object]) -> RequestLimitReached:
    """Audit the refusal and commit it (nothing else is written yet in this transaction), so that the error the
    caller raises next does not roll the audit row back."""
    record(session, "rfq.limit_reached", buyer, details)
    session.commit()
    return RequestLimitReached(message, retry_after=3600)


def _check_limits(session: Session, settings: Settings, buyer: User, now: dt.datetime) -> None:
    mine = select(func.count()).select_from(BuyerRequest).where(BuyerRequest.buyer_id == buyer.id)
    open_count = session.scalar(mine.where(BuyerRequest.status == "open", BuyerRequest.deadline >= _today(now))) or 0
    if open_count >= settings.rfq_max_open_requests:
        raise _refuse(
            session, buyer,
            f"You have {open_count} open requests, the most one account may have open "
            f"({settings.rfq_max_open_requests}). Accept a quote on one, or wait until one expires.",
            {"limit": "open", "count": open_count},
        )  # fmt: skip
    today_count = session.scalar(mine.where(BuyerRequest.created_at > now - DAY)) or 0
    if today_count >= settings.rfq_max_requests_per_day:
        raise _refuse(
            session, buyer,
            f"You posted {today_count} requests in the last 24 hours, the most one account may post "
            f"({settings.rfq_max_requests_per_day}). Try again tomorrow.",
            {"limit": "per_day", "count": today_count},
        )  # fmt: skip


def _store_matches(session: Session, request: BuyerRequest, query: MatchQuery) -> dict[int, str]:
    found, _excluded = find_matches(session, query)
    for rank, match in enumerate(found, start=1):
        request.matches.append(
            RequestMatch(
                entity_id=match.entity_id, rank=rank, score=round(match.score, 2), hs_match=match.hs_match,
                capacity=match.capacity, reasons=match.reasons,
            )
        )  # fmt: skip
    session.flush()
    return {m.entity_id: m.name for m in found}


def create_request(
    session: Session, settings: Settings, buyer: User, data: RequestIn, now: dt.datetime | None = None
) -> BuyerRequest:
    """Post ``data`` for ``buyer``: check it, match producers, notify their representatives, audit it."""
    if buyer.role not in POSTING_ROLES:
        raise Forbidden("Only buyer accounts post requests. Sign up as a buyer to post one.")
    now = now or utcnow()
    _check_limits(session, settings, buyer, now)
    checked = check_request(session, data, _chosen_code(settings, data), _today(now), settings.logistics_data_dir)
    place, quantity = checked.destination, checked.quantity
    request = BuyerRequest(
        public_id=new_public_id(), buyer_id=buyer.id, hs_code=checked.hs_code, query_text=checked.text,
        description=checked.description, quantity=quantity.amount, unit=quantity.unit,
        base_quantity=quantity.base_amount, base_unit=quantity.base_unit, destination_text=place.text,
        destination_label=place.label, destination_country=place.country, destination_locode=place.locode,
        destination_lat=place.lat, destination_lon=place.lon, incoterm=checked.incoterm, deadline=checked.deadline,
        certificates=checked.certificates, countries=checked.countries, status="open", created_at=now,
    )  # fmt: skip
    session.add(request)
    session.flush()
    query = MatchQuery(
        checked.hs_code, checked.text or checked.description, quantity.base_amount, quantity.base_unit,
        checked.deadline, checked.certificates, checked.countries,
    )  # fmt: skip
    names = _store_matches(session, request, query)
    notified = notify_representatives(session, request, names)
    record(
        session, "rfq.created", buyer,
        {"request": request.public_id, "hs_code": request.hs_code, "matches": len(names), "notified": len(notified)},
    )  # fmt: skip
    return request


# --- reading -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the user (None: an operator at the command line) and the producers they represent."""

    user: User | None
    producers: frozenset[int] = frozenset()

    @property
    def is_operator(self) -> bool:
        return self.user is None or self.user.role in STAFF_ROLES

    def owns(self, request: BuyerRequest) -> bool:
        return self.user is not None and request.buyer_id == self.user.id


def viewer_of(session: Session, user: User | None) -> Viewer:
    """The viewer for ``user``, with the live producers they represent."""
    if user is None:
        return Viewer(None)
    return Viewer(user, frozenset(producers_of(session, user.id)))


def effective_status(request: BuyerRequest, today: dt.date) -> str:
    """``open`` turns ``expired`` the day after the deadline, whether or not that was stored yet."""
    if request.status == "open" and request.deadline < today:
        return "expired"
    return request.status


def _expire_if_due(request: BuyerRequest, now: dt.datetime) -> None:
    if effective_status(request, _today(now)) != request.status:
        request.status, request.closed_at = "expired", now


def can_see(viewer: Viewer, request: BuyerRequest) -> bool:
    if viewer.is_operator or viewer.owns(request):
        return True
    return any(m.entity_id in viewer.producers for m in request.matches)


def get_request(session: Session, public_id: str, viewer: Viewer) -> BuyerRequest:
    """The request ``public_id`` if ``viewer`` may see it, else :class:`RequestNotFound`."""
    request = session.scalar(select(BuyerRequest).where(BuyerRequest.public_id == public_id.strip().lower()))
    if request is None or not can_see(viewer, request):
        raise RequestNotFound(public_id)
    return request


def my_requests(session: Session, buyer: User, limit: int = 100) -> list[BuyerRequest]:
    """The buyer's own requests, newest first."""
    stmt = select(BuyerRequest).where(BuyerRequest.buyer_id == buyer.id)
    return list(session.scalars(stmt.order_by(BuyerRequest.id.desc()).limit(limit)))


def inbox(session: Session, viewer: Viewer, limit: int = 100) -> list[BuyerRequest]:
    """Requests matched to a producer the viewer represents, newest first."""
    if not viewer.producers:
        return []
    matched = select(RequestMatch.request_id).where(RequestMatch.entity_id.in_(sorted(viewer.producers)))
    stmt = select(BuyerRequest).where(BuyerRequest.id.in_(matched)).order_by(BuyerRequest.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def list_requests(session: Session, status: str | None = None, limit: int = 100) -> list[BuyerRequest]:
    """Every request (operators), newest first; ``status`` as stored (run ``expire`` first for fresh states)."""
    stmt = select(BuyerRequest).order_by(BuyerRequest.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(BuyerRequest.status == status)
    return list(session.scalars(stmt))


# --- quotes --------------------------------------------------------------------------------------------------


def _require_open(request: BuyerRequest, now: dt.datetime, action: str) -> None:
    _expire_if_due(request, now)
    if request.status != "open":
        raise RequestClosed(
            f"Request {request.public_id} is {request.status}: it takes no more {action}. "
            "Only open requests (before their deadline, no quote accepted) do."
        )


def _producer_for_quote(session: Session, request: BuyerRequest, viewer: Viewer, public_id: str) -> LegalEntity:
    entity = session.scalar(select(LegalEntity).where(LegalEntity.public_id == public_id.strip().lower()))
    if entity is None or entity.id not in viewer.producers:
        raise NotRepresentative(
            f"You do not represent producer {public_id!r}. Quote for a producer you represent (claim it first)."
        )
    if entity.id not in {m.entity_id for m in request.matches}:
        raise NotRepresentative(f"Producer {public_id!r} is not matched to request {request.public_id}.")
    return entity


def submit_quote(session: Session, user: User, request_id: str, data: QuoteIn, now: dt.datetime | None = None) -> Quote:
    """Quote (or revise the open quote) for a matched producer that ``user`` represents."""
    now = now or utcnow()
    viewer = viewer_of(session, user)
    request = get_request(session, request_id, viewer)
    entity = _producer_for_quote(session, request, viewer, data.producer)
    _require_open(request, now, "quotes")
    clean = check_quote(data, _today(now))
    fields = clean.model_dump(exclude={"producer"})
    quote = session.scalar(select(Quote).where(Quote.request_id == request.id, Quote.entity_id == entity.id))
    if quote is None:
        quote = Quote(public_id=new_public_id(), request_id=request.id, entity_id=entity.id, author_id=user.id,
                      created_at=now, updated_at=now, status="open", revision=1, **fields)  # fmt: skip
        session.add(quote)
    else:
        for key, value in fields.items():
            setattr(quote, key, value)
        quote.author_id, quote.updated_at, quote.revision = user.id, now, quote.revision + 1
    session.flush()
    record(session, "rfq.quoted", user, {"request": request.public_id, "quote": quote.public_id,
                                         "producer": entity.public_id, "revision": quote.revision})  # fmt: skip
    return quote


def accept_quote(
    session: Session, buyer: User, request_id: str, quote_id: str, now: dt.datetime | None = None
) -> BuyerRequest:
    """The buyer accepts one quote: it is accepted, the others declined, the request closed, the producer told."""
    now = now or utcnow()
    request = get_request(session, request_id, Viewer(buyer))
    if not Viewer(buyer).owns(request):
        raise RequestNotFound(request_id)  # staff see requests, but only the buyer accepts
    quote = next((q for q in request.quotes if q.public_id == quote_id.strip().lower()), None)
    if quote is None:
        raise QuoteNotFound(quote_id)
    _require_open(request, now, "acceptance")
    if quote.valid_until < _today(now):
        raise RequestClosed(f"Quote {quote.public_id} was valid until {quote.valid_until}; accept a valid one.")
    declined = [q for q in request.quotes if q.id != quote.id]
    quote.status = "accepted"
    for other in declined:
        other.status = "declined"
    request.status, request.closed_at, request.accepted_quote_id = "closed", now, quote.id
    session.flush()
    notify_acceptance(session, request, quote, declined)
    record(session, "rfq.accepted", buyer, {"request": request.public_id, "quote": quote.public_id})
    return request


# --- expiry --------------------------------------------------------------------------------------------------


def expire_requests(session: Session, now: dt.datetime | None = None) -> list[str]:
    """Store ``expired`` on every open request past its deadline; returns their public ids."""
    now = now or utcnow()
    due = select(BuyerRequest.public_id).where(BuyerRequest.status == "open", BuyerRequest.deadline < _today(now))
    ids = list(session.scalars(due.order_by(BuyerRequest.id)))
    if ids:
        session.execute(
            update(BuyerRequest)
            .where(BuyerRequest.public_id.in_(ids))
            .values(status="expired", closed_at=now)
            .execution_options(synchronize_session="fetch")
        )
    return ids


def represented(viewer: Viewer, request: BuyerRequest) -> Sequence[RequestMatch]:
    """The matches of ``request`` for producers ``viewer`` represents."""
    return [m for m in request.matches if m.entity_id in viewer.producers]


def quotable_producers(session: Session, viewer: Viewer, request: BuyerRequest) -> set[str]:
    """Public ids of the matched producers ``viewer`` may quote for (those they represent)."""
    ids = [m.entity_id for m in represented(viewer, request)]
    if not ids:
        return set()
    return set(session.scalars(select(LegalEntity.public_id).where(LegalEntity.id.in_(ids))))
