"""Moderators' decisions: approve or reject a submission, always with a reason the submitter is shown (on their
"my submissions" page and by mail), always written to the audit log.

A decision is taken once: the status moves from pending with ``UPDATE … WHERE status = 'pending'``, so two
moderators deciding at the same moment cannot both act. Approval does what the submission asked for: a claim
links the user to the producer (and makes them a representative), an edit of official parts is applied, a
registration creates the producer (provenance "claimed"; the registrant becomes its representative), a duplicate
report merges the two records as entity resolution would.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cagateway.accounts.models import User
from cagateway.db.base import utcnow
from cagateway.ingest.resolution import decide_review, merge_records
from cagateway.moderation.edits import apply_edit
from cagateway.moderation.errors import AlreadyDecided, EditOutdated, ReasonRequired, SubmissionNotFound
from cagateway.moderation.models import Submission
from cagateway.moderation.notify import audit, mail, make_representative
from cagateway.moderation.reports import registration_data
from cagateway.moderation.representatives import link_representative
from cagateway.registry import services as registry
from cagateway.registry.models import LegalEntity
from cagateway.registry.schemas import ProducerIn
from cagateway.registry.serialise import collection_snapshot

__all__ = ["decide_resolution_pair", "decide_submission"]

_WHAT = {"claim": "claim", "edit": "edit", "report": "report", "registration": "registration"}


def _actor(moderator: User | None) -> str:
    return f"user:{moderator.public_id}" if moderator else "cli"


def _take(session: Session, submission_id: int, status: str, reason: str, moderator: User | None) -> Submission:
    """Move a pending submission to ``status`` atomically; :class:`AlreadyDecided` if someone was first."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise SubmissionNotFound(submission_id)
    result = session.execute(
        update(Submission)
        .where(Submission.id == submission_id, Submission.status == "pending")
        .values(
            status=status,
            reason=reason,
            decided_at=utcnow(),
            decided_by_id=moderator.id if moderator else None,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(submission)
        raise AlreadyDecided(submission_id, submission.status)
    session.refresh(submission)
    return submission


def _plain(value: Any) -> Any:
    """``value`` as it reads back from a JSON column (dates as text), so a stored snapshot compares equal."""
    return json.loads(json.dumps(value, default=str))


def _ensure_current(session: Session, submission_id: int) -> None:
    """An edit of official parts is approved only over the data the representative saw: if those sections
    changed since (an import, another edit), approving would overwrite that change unseen."""
    submission = session.get(Submission, submission_id)
    if submission is None or submission.kind != "edit" or submission.entity_id is None:
        return
    before = submission.payload.get("before")
    if submission.status != "pending" or before is None:
        return
    now = collection_snapshot(session.get_one(LegalEntity, submission.entity_id), sorted(before))
    changed = [name for name in sorted(before) if _plain(now[name]) != _plain(before[name])]
    if changed:
        raise EditOutdated(submission.id, changed)


def _carry_out(session: Session, submission: Submission, moderator: User | None) -> None:
    submitter = session.get_one(User, submission.submitter_id)
    actor = _actor(moderator)
    if submission.kind == "claim" and submission.entity_id is not None:
        link_representative(session, submitter.id, submission.entity_id, submission.id)
        make_representative(session, submitter, moderator)
    elif submission.kind == "edit" and submission.entity_id is not None:
        entity = session.get_one(LegalEntity, submission.entity_id)
        apply_edit(
            session,
            entity.public_id,
            submission.payload["changes"],
            expected_version=entity.version,
            actor=f"user:{submitter.public_id} approved by {actor}",
        )
    elif submission.kind == "registration":
        data = registration_data(ProducerIn.model_validate(submission.payload["producer"]))
        entity = registry.create_producer(session, data, actor=f"user:{submitter.public_id} approved by {actor}")
        submission.entity_id = entity.id
        link_representative(session, submitter.id, entity.id, submission.id)
        make_representative(session, submitter, moderator)
    elif submission.kind == "report" and submission.payload.get("kind") == "duplicate":
        other = registry.get_producer(session, submission.payload["duplicate_of"])
        merge_records(session, [submission.entity_id or 0, other.id], method="review", actor=actor)


def _subject(submission: Submission, session: Session) -> str:
    name = ""
    if submission.entity_id is not None:
        name = session.scalar(select(LegalEntity.display_name).where(LegalEntity.id == submission.entity_id)) or ""
    return f"{_WHAT[submission.kind].capitalize()} {submission.id}" + (f" ({name})" if name else "")


def decide_submission(
    session: Session, moderator: User | None, submission_id: int, *, approve: bool, reason: str
) -> Submission:
    """Approve or reject submission ``submission_id`` with ``reason`` (required; the submitter sees it)."""
    reason = reason.strip()
    if not reason:
        raise ReasonRequired()
    status = "approved" if approve else "rejected"
    if approve:
        _ensure_current(session, submission_id)
    submission = _take(session, submission_id, status, reason, moderator)
    if approve:
        _carry_out(session, submission, moderator)
    submitter = session.get_one(User, submission.submitter_id)
    subject = f"{_subject(submission, session)}: {status}"
    body = f"Your {submission.kind} was {status}.\n\nReason: {reason}\n\nSee /account/submissions."
    mail(session, submitter, subject, body)
    audit(
        session,
        moderator,
        f"{submission.kind}.{status}",
        {"submission": submission.id, "reason": reason, "entity_id": submission.entity_id},
    )
    return submission


def decide_resolution_pair(
    session: Session, moderator: User | None, item_id: int, *, approve: bool, reason: str
) -> dict[str, Any]:
    """Decide an entity-resolution review pair: approve merges the two records, reject keeps them apart."""
    reason = reason.strip()
    if not reason:
        raise ReasonRequired()
    result = decide_review(session, item_id, accept=approve, actor=_actor(moderator))
    audit(session, moderator, "resolution.accepted" if approve else "resolution.rejected", result | {"reason": reason})
    return result
