"""Reading submissions: the moderation queues (by kind and status) and a user's own submissions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from cagateway.accounts.models import User
from cagateway.errors import InvalidInput
from cagateway.moderation.edits import edit_diff
from cagateway.moderation.errors import SubmissionNotFound
from cagateway.moderation.models import KINDS, STATUSES, Submission, Upload
from cagateway.registry.models import LegalEntity

__all__ = ["get_submission", "list_submissions", "submissions_of"]


def _query() -> Any:  # Select of the submission and eight columns of what it refers to
    submitter = aliased(User)
    decider = aliased(User)
    return (
        select(
            Submission,
            LegalEntity.public_id,
            LegalEntity.display_name,
            submitter.public_id.label("submitter"),
            submitter.email.label("submitter_email"),
            decider.public_id.label("decider"),
            Upload.token,
            Upload.original_name,
            Upload.content_type,
        )
        .outerjoin(LegalEntity, LegalEntity.id == Submission.entity_id)
        .join(submitter, submitter.id == Submission.submitter_id)
        .outerjoin(decider, decider.id == Submission.decided_by_id)
        .outerjoin(Upload, Upload.id == Submission.upload_id)
    )


def _as_dict(row: Any, *, for_moderator: bool) -> dict[str, Any]:
    s: Submission = row[0]
    out: dict[str, Any] = {
        "id": s.id,
        "kind": s.kind,
        "status": s.status,
        "producer": {"id": row.public_id, "name": row.display_name} if row.public_id else None,
        "payload": s.payload,
        "upload": (
            {"token": row.token, "name": row.original_name, "content_type": row.content_type} if row.token else None
        ),
        "auto": s.auto,
        "reason": s.reason,
        "created_at": s.created_at.isoformat(),
        "decided_at": s.decided_at.isoformat() if s.decided_at else None,
    }
    if s.kind == "edit":
        out["diff"] = edit_diff(s.payload)
    if for_moderator:
        out |= {"submitter": row.submitter, "submitter_email": row.submitter_email, "decided_by": row.decider}
    return out


def _check(kind: str | None, status: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise InvalidInput.single("kind", f"the kind is one of {', '.join(KINDS)}", kind)
    if status is not None and status not in STATUSES:
        raise InvalidInput.single("status", f"the status is one of {', '.join(STATUSES)}", status)


def list_submissions(
    session: Session, *, kind: str | None = None, status: str | None = "pending", limit: int = 100
) -> list[dict[str, Any]]:
    """A moderation queue: submissions of ``kind`` (every kind when None) in ``status``, oldest first."""
    _check(kind, status)
    stmt = _query().order_by(Submission.id).limit(limit)
    if kind:
        stmt = stmt.where(Submission.kind == kind)
    if status:
        stmt = stmt.where(Submission.status == status)
    return [_as_dict(row, for_moderator=True) for row in session.execute(stmt)]


def submissions_of(session: Session, user_id: int, *, limit: int = 200) -> list[dict[str, Any]]:
    """What ``user_id`` submitted, newest first, each with its decision and reason."""
    stmt = _query().where(Submission.submitter_id == user_id).order_by(Submission.id.desc()).limit(limit)
    return [_as_dict(row, for_moderator=False) for row in session.execute(stmt)]


def get_submission(session: Session, submission_id: int) -> dict[str, Any]:
    """One submission as a moderator sees it."""
    row = session.execute(_query().where(Submission.id == submission_id)).first()
    if row is None:
        raise SubmissionNotFound(submission_id)
    return _as_dict(row, for_moderator=True)


def profile_extras(session: Session, public_id: str, user_id: int | None) -> dict[str, Any]:
    """What a producer's profile shows of moderation: the verification records, and whether the reader
    (``user_id``, None when anonymous) represents it."""
    from cagateway.moderation.representatives import is_representative  # noqa: PLC0415 -- avoid a cycle
    from cagateway.moderation.verification import verification_records  # noqa: PLC0415

    entity_id = session.scalar(select(LegalEntity.id).where(LegalEntity.public_id == public_id))
    if entity_id is None:
        return {"verification": [], "represented": False}
    return {
        "verification": verification_records(session, entity_id),
        "represented": user_id is not None and is_representative(session, user_id, entity_id),
    }


def represented_producers(session: Session, user_id: int) -> list[dict[str, str]]:
    """The live producers ``user_id`` represents, as ``{"id", "name"}`` (for "my submissions")."""
    from cagateway.moderation.representatives import producers_of  # noqa: PLC0415 -- avoid a cycle

    ids = producers_of(session, user_id)
    rows = session.execute(
        select(LegalEntity.public_id, LegalEntity.display_name).where(LegalEntity.id.in_(ids)).order_by(LegalEntity.id)
    )
    return [{"id": public_id, "name": name} for public_id, name in rows]
