"""Mails about requests, through the accounts outbox: one per representative per request, and the acceptance.

The buyer stays anonymous in every mail except the one to the accepted producer's representatives.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.accounts.mail import queue_mail
from cagateway.accounts.models import User
from cagateway.moderation.representatives import representatives_of
from cagateway.rfq.models import BuyerRequest, Quote, RequestNotification

__all__ = ["notify_acceptance", "notify_representatives"]


def _what(request: BuyerRequest) -> str:
    amount = f"{request.quantity:g} {request.unit}"
    return f"{request.description} — {amount}, {request.incoterm} {request.destination_label}"


def _new_request_mail(request: BuyerRequest, names: Sequence[str]) -> tuple[str, str]:
    subject = f"Buyer request {request.public_id}: {request.description[:80]}"
    body = "\n".join(
        [
            "A buyer is looking for a product your company makes.",
            "",
            f"Request: {_what(request)}",
            f"HS code: {request.hs_code}",
            f"Quotes wanted until: {request.deadline.isoformat()}",
            f"Certificates required: {', '.join(request.certificates) or 'none'}",
            f"Matched producers you represent: {', '.join(names)}",
            "",
            f"Answer with a quote: /rfq/{request.public_id}",
            "The buyer's name is shown to you once the buyer accepts your quote.",
        ]
    )
    return subject, body


def notify_representatives(session: Session, request: BuyerRequest, names: dict[int, str]) -> dict[int, list[int]]:
    """Mail each representative of the matched producers once; returns user id → the producer ids mailed about.

    Matches whose producer has a representative are marked ``notified``; the others are listed to the buyer as
    not notified.
    """
    matches = {m.entity_id: m for m in request.matches}
    by_user: dict[int, list[int]] = {}
    for entity_id, user_ids in representatives_of(session, list(matches)).items():
        for user_id in user_ids:
            by_user.setdefault(user_id, []).append(entity_id)
    already = set(
        session.scalars(select(RequestNotification.user_id).where(RequestNotification.request_id == request.id))
    )
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(list(by_user))))}
    for user_id, entity_ids in sorted(by_user.items()):
        user = users.get(user_id)
        if user is None or user.disabled or user_id in already:
            continue
        subject, body = _new_request_mail(request, [names.get(e, str(e)) for e in entity_ids])
        mail = queue_mail(session, user.email, subject, body)
        session.add(
            RequestNotification(request_id=request.id, user_id=user_id, entity_ids=sorted(entity_ids), mail_id=mail.id)
        )
        for entity_id in entity_ids:
            matches[entity_id].notified = True
    session.flush()
    return by_user


def notify_acceptance(session: Session, request: BuyerRequest, accepted: Quote, declined: Sequence[Quote]) -> None:
    """Tell the accepted producer's representatives who the buyer is; tell the others their quote was declined."""
    buyer = request.buyer
    reps = representatives_of(session, [accepted.entity_id])[accepted.entity_id]
    for user in session.scalars(select(User).where(User.id.in_(reps))):
        body = "\n".join(
            [
                f"The buyer accepted your quote {accepted.public_id} on request {request.public_id}.",
                "",
                f"Request: {_what(request)}",
                f"Your offer: {accepted.price:g} {accepted.currency}/{accepted.price_unit}, "
                f"{accepted.quantity:g} {request.unit}, {accepted.incoterm} {accepted.delivery_place}",
                "",
                f"Buyer: {buyer.display_name or buyer.email}",
                f"E-mail: {buyer.email}",
            ]
        )
        queue_mail(session, user.email, f"Quote accepted: request {request.public_id}", body)
    declined_ids = {q.author_id for q in declined}
    for user in session.scalars(select(User).where(User.id.in_(declined_ids))):
        body = f"The buyer of request {request.public_id} ({_what(request)}) accepted another offer. Thank you."
        queue_mail(session, user.email, f"Request {request.public_id} closed", body)
