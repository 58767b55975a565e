"""REST API of producer self-service and moderation: uploads, claims, reports, registrations, "my submissions",
and the moderators' queues and decisions (scope ``moderate``). Thin: each endpoint calls one moderation service.

Also the upload size guard: an ASGI middleware that refuses a multipart body past ``upload_max_bytes`` while it is
still arriving (by its Content-Length when given, by counting otherwise), before the form parser spools it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Path, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cagateway.accounts.errors import Forbidden, SecondFactorRequired, Unauthorized
from cagateway.accounts.models import User
from cagateway.accounts.services import MFA_ROLES
from cagateway.ingest.resolution import list_review
from cagateway.moderation import services
from cagateway.moderation.edits import EDITABLE, RepresentativeEdit
from cagateway.moderation.errors import UploadForbidden, UploadTooLarge
from cagateway.moderation.models import Upload
from cagateway.moderation.verification import CHECKS
from cagateway.registry.schemas import ProducerIn, ProducerUpdate
from cagateway.web.deps import ReadSession, SettingsDep, WriteSession
from cagateway.web.security import CurrentPrincipal, Principal, require_scope

__all__ = [
    "MODERATION_PREFIX",
    "UploadSizeLimit",
    "attached",
    "edit_as_representative",
    "editor_principal",
    "install_upload_limit",
    "router",
    "upload_allowed",
]

router = APIRouter(tags=["moderation"])

Moderator = Annotated[Principal, Depends(require_scope("moderate"))]
# Claims, uploads and registrations are a representative's work (scope producer:edit: sign up as a representative);
# reports, "my submissions" and downloads need only scope read.
SelfService = Annotated[Principal, Depends(require_scope("producer:edit"))]
Reader = Annotated[Principal, Depends(require_scope("read"))]
MODERATION_PREFIX = "/api/v1/moderation"
RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Id as listed by the queue")]


# --- response models -------------------------------------------------------------------------------------------


class ProducerRefOut(BaseModel):
    id: str
    name: str


class UploadRefOut(BaseModel):
    token: str
    name: str
    content_type: str


class SubmissionOut(BaseModel):
    id: int
    kind: str
    status: str
    producer: ProducerRefOut | None
    payload: dict[str, Any]
    upload: UploadRefOut | None
    auto: bool
    reason: str | None
    created_at: str
    decided_at: str | None
    submitter: str | None = None
    submitter_email: str | None = None
    decided_by: str | None = None


class SubmissionOneOut(BaseModel):
    ok: bool
    submission: SubmissionOut


class SubmissionListOut(BaseModel):
    ok: bool
    items: list[SubmissionOut]


class UploadOut(BaseModel):
    ok: bool
    token: str
    name: str
    content_type: str
    size: int
    url: str


class ReviewSideOut(BaseModel):
    id: str
    name: str
    country: str
    city: str | None


class ReviewItemOut(BaseModel):
    id: int
    match_probability: float | None
    status: str
    left: ReviewSideOut
    right: ReviewSideOut


class ReviewListOut(BaseModel):
    ok: bool
    items: list[ReviewItemOut]


class ReviewDecisionOut(BaseModel):
    ok: bool
    id: int
    status: str
    golden: str | None


class VerificationOut(BaseModel):
    ok: bool
    producer: str
    tier_from: str
    tier_to: str
    checks: list[str]
    note: str


# --- request bodies ------------------------------------------------------------------------------------------------


class ClaimIn(BaseModel):
    """Proof by ``email`` (your verified address is at the producer's website domain) or ``document`` (an upload)."""

    method: Literal["email", "document"]
    upload: str | None = Field(default=None, max_length=40, description="Token of your upload (document claims)")
    message: str = Field(default="", max_length=2000, description="Anything the moderator should know")


class DecisionIn(BaseModel):
    approve: bool
    reason: str = Field(min_length=1, max_length=2000, description="Shown to the submitter")


class VerificationIn(BaseModel):
    tier: Literal["unverified", "registry_matched", "documents_checked", "site_visited"]
    checks: list[str] = Field(default_factory=list, description=f"Any of: {', '.join(CHECKS)}")
    note: str = Field(min_length=1, max_length=2000, description="What was checked and where")


# --- helpers ------------------------------------------------------------------------------------------------------


def _me(session: Session, user: User) -> User:
    """The user as a row of this request's session (the principal was read in another one)."""
    return session.get_one(User, user.id)


def _one(session: Session, submission_id: int) -> dict[str, Any]:
    return {"ok": True, "submission": services.get_submission(session, submission_id)}


def _mine(session: Session, user: User, submission_id: int) -> dict[str, Any]:
    item = next(s for s in services.submissions_of(session, user.id) if s["id"] == submission_id)
    return {"ok": True, "submission": item}


def upload_allowed(session: Session, user: User, upload: Upload) -> bool:
    """Whether ``user`` may download ``upload``: its owner, the producer's representatives, moderators."""
    if upload.owner_id == user.id or user.role in ("moderator", "admin"):
        return True
    return upload.entity_id is not None and services.is_representative(session, user.id, upload.entity_id)


def attached(path: Any, upload: Upload) -> FileResponse:
    """The file as a download: never rendered inline by the browser, never type-sniffed."""
    return FileResponse(
        path,
        media_type=upload.content_type,
        filename=upload.original_name,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )


# --- representatives' edits through PATCH /api/v1/producers/{id} (web/api/v1.py) --------------------------------


def editor_principal(principal: CurrentPrincipal) -> Principal:
    """Who may write a producer: a principal with scope ``admin`` or ``producer:edit``; 401 without one."""
    if principal is None:
        raise Unauthorized(
            "Changing a producer needs an API token: send 'Authorization: Bearer <token>' with scope producer:edit "
            "(representatives; create one on your account page, /account) or admin."
        )
    if not {"admin", "producer:edit"} & principal.scopes:
        raise Forbidden(
            "Only a producer's representatives (scope producer:edit) and administrators can change it; "
            "claim the producer first, or report a mistake on its page."
        )
    user = principal.user
    if "admin" in principal.scopes and user.role in MFA_ROLES and not (user.totp_enabled and principal.mfa):
        raise SecondFactorRequired("Administrators need two-factor log-in: turn TOTP on at /account, log in again.")
    return principal


def edit_as_representative(
    session: Session, user: User, public_id: str, data: ProducerUpdate, version: int
) -> dict[str, Any] | None:
    """Apply a representative's PATCH; returns what went to moderation (None when everything applied)."""
    extra = sorted(data.model_fields_set - set(EDITABLE))
    if extra:
        raise Forbidden(
            f"A representative cannot change {', '.join(extra)}; only {', '.join(EDITABLE)}. "
            "Ask a moderator (report a mistake) for anything else."
        )
    edit = RepresentativeEdit.model_validate(data.model_dump(include=data.model_fields_set))
    result = services.edit_producer(session, _me(session, user), public_id, edit, expected_version=version)
    if result.pending is None:
        return None
    held = sorted(result.pending.payload["changes"])
    return {
        "submission": result.pending.id,
        "fields": held,
        "message": f"{', '.join(held)} came from an official register: the change waits for a moderator.",
    }


# --- uploads ------------------------------------------------------------------------------------------------------


@router.post("/api/v1/uploads", status_code=201, response_model=UploadOut)
def upload_file(
    principal: SelfService,
    session: WriteSession,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="PDF, PNG or JPEG")],
    purpose: Annotated[Literal["claim", "certificate"], Form()] = "claim",
) -> dict[str, Any]:
    """Upload a document (proof of a claim, a certificate). Checked by content (PDF, PNG, JPEG), size and name."""
    stored = services.store_upload(
        file.file, file.filename or "", upload_dir=settings.upload_dir, max_bytes=settings.upload_max_bytes
    )
    upload = services.record_upload(session, stored, owner_id=principal.user.id, purpose=purpose)
    return {
        "ok": True,
        "token": upload.token,
        "name": upload.original_name,
        "content_type": upload.content_type,
        "size": upload.size,
        "url": f"/api/v1/uploads/{upload.token}",
    }


@router.get(
    "/api/v1/uploads/{token}",
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}},
)
def download_upload(token: str, principal: Reader, session: ReadSession, settings: SettingsDep) -> FileResponse:
    """An uploaded file, as an attachment, for its owner, the producer's representatives and moderators only."""
    upload = services.find_upload(session, token)
    if not upload_allowed(session, principal.user, upload):
        raise UploadForbidden()
    return attached(services.stored_path(settings.upload_dir, upload), upload)


# --- what users submit --------------------------------------------------------------------------------------------


@router.post("/api/v1/producers/{public_id}/claims", status_code=201, response_model=SubmissionOneOut)
def claim_producer(public_id: str, data: ClaimIn, principal: SelfService, session: WriteSession) -> dict[str, Any]:
    """Claim a producer: by e-mail domain (approved at once when it matches) or by an uploaded document."""
    me = _me(session, principal.user)
    upload = services.find_upload(session, data.upload) if data.upload else None
    claim = services.submit_claim(session, me, public_id, method=data.method, message=data.message, upload=upload)
    return _mine(session, me, claim.id)


@router.post("/api/v1/producers/{public_id}/reports", status_code=201, response_model=SubmissionOneOut)
def report_producer(
    public_id: str, data: services.ReportIn, principal: Reader, session: WriteSession
) -> dict[str, Any]:
    """Report a mistake on a producer's profile, or that it duplicates another record (``duplicate_of``)."""
    me = _me(session, principal.user)
    return _mine(session, me, services.submit_report(session, me, public_id, data).id)


@router.post("/api/v1/registrations", status_code=201, response_model=SubmissionOneOut)
def register_producer(data: ProducerIn, principal: SelfService, session: WriteSession) -> dict[str, Any]:
    """Register a new producer: checked now, created (provenance "claimed") when a moderator approves."""
    me = _me(session, principal.user)
    return _mine(session, me, services.submit_registration(session, me, data).id)


@router.get("/api/v1/submissions", response_model=SubmissionListOut)
def my_submissions(principal: Reader, session: ReadSession) -> dict[str, Any]:
    """Your claims, edits, reports and registrations, newest first, with each decision and its reason."""
    return {"ok": True, "items": services.submissions_of(session, principal.user.id)}


# --- moderation ---------------------------------------------------------------------------------------------------


@router.get(f"{MODERATION_PREFIX}/submissions", response_model=SubmissionListOut)
def moderation_queue(
    _moderator: Moderator,
    session: ReadSession,
    kind: Literal["claim", "edit", "report", "registration"] | None = None,
    status: Literal["pending", "approved", "rejected"] = "pending",
) -> dict[str, Any]:
    """A moderation queue: submissions of one kind (or all) in one status, oldest first."""
    return {"ok": True, "items": services.list_submissions(session, kind=kind, status=status)}


@router.get(f"{MODERATION_PREFIX}/submissions/{{submission_id}}", response_model=SubmissionOneOut)
def moderation_item(submission_id: RowId, _moderator: Moderator, session: ReadSession) -> dict[str, Any]:
    """One submission with its submitter."""
    return _one(session, submission_id)


@router.post(f"{MODERATION_PREFIX}/submissions/{{submission_id}}/decision", response_model=SubmissionOneOut)
def moderation_decide(
    submission_id: RowId, data: DecisionIn, moderator: Moderator, session: WriteSession
) -> dict[str, Any]:
    """Approve or reject with a reason the submitter sees (on their page and by mail); audited."""
    me = _me(session, moderator.user)
    services.decide_submission(session, me, submission_id, approve=data.approve, reason=data.reason)
    return _one(session, submission_id)


@router.get(f"{MODERATION_PREFIX}/resolution", response_model=ReviewListOut)
def resolution_queue(_moderator: Moderator, session: ReadSession) -> dict[str, Any]:
    """The entity-resolution review queue: pairs of records that may be one producer, likeliest first."""
    return {"ok": True, "items": list_review(session)}


@router.post(f"{MODERATION_PREFIX}/resolution/{{item_id}}/decision", response_model=ReviewDecisionOut)
def resolution_decide(item_id: RowId, data: DecisionIn, moderator: Moderator, session: WriteSession) -> dict[str, Any]:
    """Approve = merge the two records; reject = keep them apart (the resolver will not propose them again)."""
    me = _me(session, moderator.user)
    result = services.decide_resolution_pair(session, me, item_id, approve=data.approve, reason=data.reason)
    return {"ok": True} | result


@router.post(f"{MODERATION_PREFIX}/producers/{{public_id}}/verification", response_model=VerificationOut)
def set_tier(public_id: str, data: VerificationIn, moderator: Moderator, session: WriteSession) -> dict[str, Any]:
    """Change a producer's verification tier, recording what was checked (shown on its profile)."""
    me = _me(session, moderator.user)
    record = services.set_verification_tier(session, me, public_id, tier=data.tier, checks=data.checks, note=data.note)
    return {
        "ok": True,
        "producer": public_id,
        "tier_from": record.tier_from,
        "tier_to": record.tier_to,
        "checks": record.checks,
        "note": record.note,
    }


# --- upload size guard ----------------------------------------------------------------------------------------------


class UploadSizeLimit:
    """Refuse a multipart request body larger than ``max_bytes`` (plus room for the form's other fields) with 413,
    as soon as its Content-Length says so or its bytes pass the limit: the form parser never spools it whole."""

    OVERHEAD = 64 * 1024

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.limit = max_bytes + self.OVERHEAD
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        if not headers.get(b"content-type", b"").startswith(b"multipart/"):
            await self.app(scope, receive, send)
            return
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        state = {"seen": 0, "cut": False, "started": False}

        async def counted() -> Message:
            if state["cut"]:
                return {"type": "http.disconnect"}
            message = await receive()
            state["seen"] += len(message.get("body", b""))
            if state["seen"] > self.limit:
                state["cut"] = True  # stop reading: the app sees the client gone, its answer is replaced below
                return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            if state["cut"]:
                return
            state["started"] = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not state["cut"]:
                raise
        if state["cut"] and not state["started"]:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = UploadTooLarge(self.max_bytes)
        await JSONResponse(error.as_body(), status_code=413, headers={"Connection": "close"})(scope, receive, send)


def install_upload_limit(app: Any, max_bytes: int) -> None:
    """Add the upload size guard to ``app``."""
    app.add_middleware(UploadSizeLimit, max_bytes=max_bytes)
