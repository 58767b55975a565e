"""Moderators' pages under ``/moderation``: the queues of claims, edits of official parts, user reports and new
producers' registrations, the entity-resolution review queue, and the verification-tier form.

Every page needs the moderator or administrator role with two-factor log-in (``require_role``); every decision
needs a reason, which the submitter sees. Each handler calls one moderation service.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from cagateway.accounts.models import User
from cagateway.errors import GatewayError
from cagateway.ingest.resolution import list_review
from cagateway.moderation import services
from cagateway.moderation.models import KINDS, Submission
from cagateway.moderation.verification import CHECKS, REQUIRED
from cagateway.registry import services as registry
from cagateway.registry.schemas import TIERS
from cagateway.web.deps import database_of
from cagateway.web.portal.render import form_errors, render
from cagateway.web.security import require_role

__all__ = ["PREFIX", "router"]

PREFIX = "/moderation"
router = APIRouter(prefix=PREFIX, include_in_schema=False)
RequireModerator = Annotated[User, Depends(require_role("moderator"))]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
# URL word of each queue -> submission kind
QUEUES = {"claims": "claim", "edits": "edit", "reports": "report", "registrations": "registration"}


def _pending_counts(session: Any) -> dict[str, int]:
    rows = session.execute(
        select(Submission.kind, func.count()).where(Submission.status == "pending").group_by(Submission.kind)
    )
    counts: dict[str, int] = dict.fromkeys(KINDS, 0) | {str(kind): int(n) for kind, n in rows}
    return {word: counts[kind] for word, kind in QUEUES.items()}


@router.get("", response_class=HTMLResponse)
def overview(request: Request, _user: RequireModerator) -> HTMLResponse:
    """The queues with their pending counts."""
    with database_of(request).session() as session:
        context = {"counts": _pending_counts(session), "review": len(list_review(session, limit=1000))}
        return render(request, session, "moderation_index.html", context)


def _queue_page(request: Request, word: str, status: str, errors: list[str], code: int = 200) -> HTMLResponse:
    with database_of(request).session() as session:
        items = services.list_submissions(session, kind=QUEUES[word], status=status)
        context = {
            "word": word,
            "status": status,
            "items": items,
            "errors": errors,
            "statuses": ("pending", "approved", "rejected"),
        }
        return render(request, session, "moderation_queue.html", context, code)


@router.get("/resolution", response_class=HTMLResponse)
def resolution(request: Request, _user: RequireModerator) -> HTMLResponse:
    """Pairs of records that may be one producer: approve merges them, reject keeps them apart."""
    with database_of(request).session() as session:
        return render(request, session, "moderation_resolution.html", {"items": list_review(session), "errors": []})


@router.post("/resolution/{item_id}", response_class=HTMLResponse)
def resolution_decide(
    request: Request,
    item_id: RowId,
    user: RequireModerator,
    decision: Annotated[str, Form(max_length=10)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        with database_of(request).writer() as session:
            me = session.get_one(User, user.id)
            services.decide_resolution_pair(session, me, item_id, approve=decision == "approve", reason=reason)
    except GatewayError as exc:
        with database_of(request).session() as session:
            context = {"items": list_review(session), "errors": form_errors(exc)}
            return render(request, session, "moderation_resolution.html", context, exc.status)
    return RedirectResponse(f"{PREFIX}/resolution", status_code=303)


@router.get("/producers/{public_id}/verification", response_class=HTMLResponse)
def verification_form(request: Request, public_id: str, _user: RequireModerator) -> HTMLResponse:
    """Change a producer's verification tier, ticking what was checked."""
    return _verification_page(request, public_id, [])


def _verification_page(request: Request, public_id: str, errors: list[str], code: int = 200) -> HTMLResponse:
    with database_of(request).session() as session:
        entity = registry.get_producer(session, public_id)
        context = {
            "p": registry.describe_producer(session, public_id),
            "records": services.verification_records(session, entity.id),
            "tiers": TIERS,
            "checks": CHECKS,
            "required": {tier: sorted(needs) for tier, needs in REQUIRED.items()},
            "errors": errors,
        }
        return render(request, session, "moderation_verification.html", context, code)


@router.post("/producers/{public_id}/verification", response_class=HTMLResponse)
async def verification_submit(request: Request, public_id: str, user: RequireModerator) -> Response:
    form = await request.form()
    checks = [str(c) for c in form.getlist("checks")]
    try:
        with database_of(request).writer() as session:
            me = session.get_one(User, user.id)
            services.set_verification_tier(
                session, me, public_id, tier=str(form.get("tier", "")), checks=checks, note=str(form.get("note", ""))
            )
    except GatewayError as exc:
        return _verification_page(request, public_id, form_errors(exc), exc.status)
    return RedirectResponse(f"/producers/{public_id}", status_code=303)


@router.get("/{word}", response_class=HTMLResponse)
def queue(request: Request, word: str, _user: RequireModerator, status: str = "pending") -> HTMLResponse:
    """One queue: pending submissions with approve/reject forms; decided ones with their reasons."""
    if word not in QUEUES or status not in ("pending", "approved", "rejected"):
        with database_of(request).session() as session:
            return render(request, session, "not_found.html", {"what": word}, status=404)
    return _queue_page(request, word, status, [])


@router.post("/{word}/{submission_id}", response_class=HTMLResponse)
def decide(
    request: Request,
    word: str,
    submission_id: RowId,
    user: RequireModerator,
    decision: Annotated[str, Form(max_length=10)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Approve or reject one submission with the reason its submitter will read."""
    if word not in QUEUES:
        with database_of(request).session() as session:
            return render(request, session, "not_found.html", {"what": word}, status=404)
    try:
        with database_of(request).writer() as session:
            me = session.get_one(User, user.id)
            services.decide_submission(session, me, submission_id, approve=decision == "approve", reason=reason)
    except GatewayError as exc:
        return _queue_page(request, word, "pending", form_errors(exc), exc.status)
    return RedirectResponse(f"{PREFIX}/{word}", status_code=303)
