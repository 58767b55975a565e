"""Users' reports on a producer profile: "there is a mistake" and "this is a duplicate of ID"; and new producers
registered by users, which exist only once a moderator approves them.

Reports need an account: the decision's reason is shown to the submitter (on their account page and by mail),
which an anonymous reporter could not receive, and a per-account limit stops a flood from one person.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cagateway.accounts.models import User
from cagateway.db.base import utcnow
from cagateway.errors import FieldError, GatewayError, InvalidInput
from cagateway.moderation.models import Submission
from cagateway.moderation.notify import audit
from cagateway.registry.identifiers import check_identifier
from cagateway.registry.models import Identifier, LegalEntity
from cagateway.registry.schemas import ProducerIn, ProvenanceIn
from cagateway.registry.services import get_producer
from cagateway.registry.validation import ReferenceSet, ensure_valid, validate_producer

__all__ = [
    "MAX_PER_DAY",
    "ReportIn",
    "TooManySubmissions",
    "registration_data",
    "submit_registration",
    "submit_report",
]

MAX_PER_DAY = 20  # reports and registrations per account per 24 hours


class ReportIn(BaseModel):
    """A report on a producer's profile."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["mistake", "duplicate"]
    text: Annotated[str, StringConstraints(max_length=2000)] = ""
    duplicate_of: str | None = Field(default=None, max_length=12, description="Registry id of the other record")


class TooManySubmissions(GatewayError):
    code = "too_many_submissions"
    status = 429

    def __init__(self) -> None:
        super().__init__(
            f"You sent {MAX_PER_DAY} reports or registrations in the last 24 hours; "
            "wait for moderators to decide them and try again tomorrow."
        )


def _ensure_under_limit(session: Session, user: User) -> None:
    since = utcnow() - dt.timedelta(days=1)
    count = session.scalar(
        select(func.count())
        .select_from(Submission)
        .where(
            Submission.submitter_id == user.id,
            Submission.kind.in_(("report", "registration")),
            Submission.created_at >= since,
        )
    )
    if (count or 0) >= MAX_PER_DAY:
        raise TooManySubmissions()


def submit_report(session: Session, user: User, public_id: str, report: ReportIn) -> Submission:
    """File ``report`` on producer ``public_id``; a duplicate report names an existing other producer."""
    entity = get_producer(session, public_id)
    _ensure_under_limit(session, user)
    payload: dict[str, str | None] = {"kind": report.kind, "text": report.text}
    if report.kind == "duplicate":
        other_id = (report.duplicate_of or "").strip().lower()
        if not other_id or other_id == entity.public_id:
            raise InvalidInput.single("duplicate_of", "give the registry id of the other record, e.g. 7kq2m9x4hc")
        other = get_producer(session, other_id)
        payload["duplicate_of"] = other.public_id
    elif not report.text:
        raise InvalidInput.single("text", "say what is wrong, e.g. 'the phone number is out of date'")
    submission = Submission(kind="report", entity_id=entity.id, submitter_id=user.id, payload=payload)
    session.add(submission)
    session.flush()
    audit(session, user, "report.submitted", {"submission": submission.id, "producer": public_id})
    return submission


def _identifiers_taken(session: Session, data: ProducerIn) -> list[FieldError]:
    errors = []
    for i, ident in enumerate(data.identifiers):
        check = check_identifier(ident.scheme, ident.value)
        owner = session.scalar(
            select(LegalEntity.public_id)
            .join(Identifier, Identifier.entity_id == LegalEntity.id)
            .where(Identifier.scheme == check.scheme, Identifier.value == check.normalised)
        )
        if owner:
            message = f"{check.scheme} {check.normalised} is producer {owner}: claim that record instead"
            errors.append(FieldError(f"identifiers[{i}].value", message, ident.value))
    return errors


def registration_data(data: ProducerIn) -> ProducerIn:
    """A user's registration as the registry will store it: claimed, unverified, no source records."""
    return data.model_copy(
        update={
            "verification_tier": "unverified",
            "source_records": [],
            "provenance": ProvenanceIn(source="registration", kind="claimed"),
        }
    )


def submit_registration(session: Session, user: User, data: ProducerIn) -> Submission:
    """Queue a new producer for moderation, after the registry's own checks (every problem reported at once)."""
    _ensure_under_limit(session, user)
    data = registration_data(data)
    ensure_valid(validate_producer(data, ReferenceSet.load(session)))
    ensure_valid(_identifiers_taken(session, data))  # only valid identifiers are looked up
    submission = Submission(
        kind="registration", submitter_id=user.id, payload={"producer": data.model_dump(mode="json")}
    )
    session.add(submission)
    session.flush()
    audit(session, user, "registration.submitted", {"submission": submission.id})
    return submission
