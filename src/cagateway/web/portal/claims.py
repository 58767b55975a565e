"""Producer self-service pages: claim a producer, edit the producer one represents, report a mistake or a
duplicate, register a new producer, and "my submissions" with every decision and its reason.

Every form carries the CSRF token (checked for every route by :mod:`cagateway.web.security`). Each handler parses
the form and calls one moderation service; a refused input comes back on the same page with the service's message.
The edit form names its producer twice, in the URL and in a hidden field: both must agree, and the service checks
that the user represents it, so neither a guessed URL nor a tampered field reaches another producer.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from cagateway.accounts.models import User
from cagateway.classify import ModelNotTrained, suggest_hs
from cagateway.errors import GatewayError, InvalidInput, NotFound
from cagateway.moderation import services
from cagateway.moderation.edits import EDITABLE
from cagateway.moderation.errors import NotRepresentative
from cagateway.registry import services as registry
from cagateway.registry.schemas import ProducerIn
from cagateway.web.deps import SettingsDep, database_of
from cagateway.web.portal.render import form_errors, render, render_page
from cagateway.web.security import RequireUser

__all__ = ["FIELDS", "router", "rows_of"]

router = APIRouter(include_in_schema=False)

# The inputs of each row of each section of the edit page; hidden ones carry what the form does not show, so a
# saved section keeps it (a section is saved whole: the registry replaces the list).
FIELDS: dict[str, tuple[str, ...]] = {
    "names": ("value", "lang", "kind"),
    "sites": ("kind", "city", "region", "address", "lat", "lon", "locode", "country"),
    "product_lines": (
        "hs_code",
        "description",
        "capacity",
        "capacity_unit",
        "site_index",
        "national_code",
        "description_lang",
        "moq",
        "moq_unit",
        "lead_time_days",
        "incoterms",
    ),
    "certificates": ("kind", "number", "issuer", "valid_from", "valid_to"),
    "contacts": ("kind", "value", "label"),
}
# A row is empty (and dropped) when all of these are blank.
_KEY_FIELDS = {
    "names": ("value",),
    "sites": ("city", "region", "address", "lat", "lon"),
    "product_lines": ("hs_code", "description"),
    "certificates": ("kind", "number"),
    "contacts": ("value",),
}
BLANK_ROWS = 2


def _validation_messages(exc: ValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]


def rows_of(form: FormData, section: str) -> list[dict[str, Any]]:
    """The non-empty rows of ``section`` in a submitted edit form, as input for the registry's schemas."""
    fields = FIELDS[section]
    columns = [form.getlist(f"{section}.{field}") for field in fields]
    rows = []
    for values in zip_longest(*columns, fillvalue=""):  # a field the form lacks counts as blank
        row = {f: (v.strip() if isinstance(v, str) else "") for f, v in zip(fields, values, strict=True)}
        if not any(row[k] for k in _KEY_FIELDS[section]):
            continue
        clean: dict[str, Any] = {k: v for k, v in row.items() if v}
        if "incoterms" in clean:
            clean["incoterms"] = [t for t in clean["incoterms"].replace(",", "|").split("|") if t.strip()]
        rows.append(clean)
    return rows


# --- claim -----------------------------------------------------------------------------------------------------


def _producer_or_404(request: Request, public_id: str) -> dict[str, Any] | HTMLResponse:
    with database_of(request).session() as session:
        try:
            return registry.describe_producer(session, public_id)
        except NotFound:
            return render(request, session, "not_found.html", {"what": public_id}, status=404)


@router.get("/producers/{public_id}/claim", response_class=HTMLResponse)
def claim_form(request: Request, public_id: str, user: RequireUser) -> HTMLResponse:
    """Claim a producer: by an e-mail address at its website's domain, or by a document for a moderator."""
    producer = _producer_or_404(request, public_id)
    if isinstance(producer, HTMLResponse):
        return producer
    return render_page(request, "claim_form.html", {"p": producer, "user": user, "errors": []})


@router.post("/producers/{public_id}/claim", response_class=HTMLResponse)
def claim_submit(
    request: Request,
    public_id: str,
    user: RequireUser,
    settings: SettingsDep,
    method: Annotated[str, Form(max_length=20)],
    message: Annotated[str, Form(max_length=2000)] = "",
    document: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    producer = _producer_or_404(request, public_id)
    if isinstance(producer, HTMLResponse):
        return producer
    try:
        with database_of(request).writer() as session:
            me = session.get_one(User, user.id)
            upload = None
            if method == "document":
                if document is None or not document.filename:
                    raise InvalidInput.single("document", "choose the document to upload (PDF, PNG or JPEG)")
                stored = services.store_upload(
                    document.file,
                    document.filename,
                    upload_dir=settings.upload_dir,
                    max_bytes=settings.upload_max_bytes,
                )
                upload = services.record_upload(session, stored, owner_id=me.id, purpose="claim")
            claim = services.submit_claim(session, me, public_id, method=method, message=message, upload=upload)
            status, reason = claim.status, claim.reason
    except GatewayError as exc:
        context = {"p": producer, "user": user, "errors": form_errors(exc)}
        return render_page(request, "claim_form.html", context, exc.status)
    return render_page(request, "claim_done.html", {"p": producer, "status": status, "reason": reason})


# --- representative's edit page ------------------------------------------------------------------------------------


def _suggestions(settings: Any, texts: list[str]) -> dict[str, Any]:
    """HS suggestions for product descriptions; without a trained model the page says so and works on."""
    out: dict[str, Any] = {"available": True, "items": {}}
    for text in texts:
        try:
            result = suggest_hs(settings.hs_model_path, text, 3)
        except ModelNotTrained:
            return {"available": False, "items": {}}
        except GatewayError:
            continue
        out["items"][text] = result.as_dict()["suggestions"]
    return out


def _edit_page(
    request: Request,
    user: User,
    public_id: str,
    extra: dict[str, Any],
    status: int = 200,
) -> HTMLResponse:
    with database_of(request).session() as session:
        context = {
            **services.edit_view(session, user, public_id),
            "fields": FIELDS,
            "blank_rows": BLANK_ROWS,
            "errors": [],
            "done": None,
            "suggestions": {"available": True, "items": {}},
            **extra,
        }
        return render(request, session, "claim_edit.html", context, status)


@router.get("/producers/{public_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, public_id: str, user: RequireUser) -> HTMLResponse:
    """The representative's edit page of ``public_id`` (403 for anyone else)."""
    done = request.query_params.get("done")
    return _edit_page(request, user, public_id, {"done": done if done in {"saved", "pending", "uploaded"} else None})


@router.post("/producers/{public_id}/edit", response_class=HTMLResponse)
async def edit_submit(request: Request, public_id: str, user: RequireUser, settings: SettingsDep) -> Response:
    form = await request.form()
    section, target = str(form.get("section", "")), str(form.get("producer", ""))
    if target != public_id or section not in EDITABLE:
        raise InvalidInput.single("producer", "this form belongs to another producer or section; reload the page")
    rows = rows_of(form, section)
    if form.get("action") == "suggest" and section == "product_lines":
        texts = [r["description"] for r in rows if r.get("description")]
        return _edit_page(request, user, public_id, {"suggestions": _suggestions(settings, texts)})
    try:
        edit = services.RepresentativeEdit.model_validate({section: rows})
        version = int(str(form.get("version", "0")) or 0)
        with database_of(request).writer() as session:
            me = session.get_one(User, user.id)
            result = services.edit_producer(session, me, target, edit, expected_version=version)
            notice = "pending" if result.pending is not None else "saved"
    except ValidationError as exc:
        return _edit_page(request, user, public_id, {"errors": _validation_messages(exc)}, 422)
    except (InvalidInput, GatewayError) as exc:
        if isinstance(exc, NotRepresentative):
            raise
        return _edit_page(request, user, public_id, {"errors": form_errors(exc)}, exc.status)
    return RedirectResponse(f"/producers/{public_id}/edit?done={notice}", status_code=303)


@router.post("/producers/{public_id}/certificates/upload", response_class=HTMLResponse)
def certificate_upload(
    request: Request,
    public_id: str,
    user: RequireUser,
    settings: SettingsDep,
    document: Annotated[UploadFile, File()],
    label: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """A representative attaches a certificate's scan to the producer (shown to its representatives and moderators)."""
    try:
        with database_of(request).writer() as session:
            me = session.get_one(User, user.id)
            services.attach_certificate_scan(
                session,
                me,
                public_id,
                document.file,
                document.filename or "",
                upload_dir=settings.upload_dir,
                max_bytes=settings.upload_max_bytes,
                label=label,
            )
    except NotRepresentative:
        raise
    except GatewayError as exc:
        return _edit_page(request, user, public_id, {"errors": form_errors(exc)}, exc.status)
    return RedirectResponse(f"/producers/{public_id}/edit?done=uploaded", status_code=303)


# --- reports, registrations, my submissions --------------------------------------------------------------------------


@router.post("/producers/{public_id}/report", response_class=HTMLResponse)
def report_submit(
    request: Request,
    public_id: str,
    user: RequireUser,
    kind: Annotated[str, Form(max_length=20)],
    text: Annotated[str, Form(max_length=2000)] = "",
    duplicate_of: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Report a mistake, or that this profile duplicates another (by its registry id)."""
    try:
        report = services.ReportIn.model_validate({"kind": kind, "text": text, "duplicate_of": duplicate_of or None})
        with database_of(request).writer() as session:
            services.submit_report(session, session.get_one(User, user.id), public_id, report)
    except ValidationError as exc:
        return render_page(request, "report_done.html", {"errors": _validation_messages(exc), "id": public_id}, 422)
    except GatewayError as exc:
        return render_page(request, "report_done.html", {"errors": form_errors(exc), "id": public_id}, exc.status)
    return render_page(request, "report_done.html", {"errors": [], "id": public_id})


def _registration(form: FormData) -> dict[str, Any]:
    def get(name: str) -> str:
        return str(form.get(name, "")).strip()

    data: dict[str, Any] = {
        "country": get("country"),
        "names": [{"value": get("name"), "lang": get("lang") or None}],
        "website": get("website") or None,
    }
    if get("id_scheme") or get("id_value"):
        data["identifiers"] = [{"scheme": get("id_scheme"), "value": get("id_value")}]
    if get("city") or get("region"):
        data["sites"] = [{"city": get("city") or None, "region": get("region") or None}]
    if get("hs_code"):
        data["product_lines"] = [{"hs_code": get("hs_code"), "description": get("product") or None}]
    contacts = [{"kind": k, "value": get(k)} for k in ("phone", "email") if get(k)]
    if contacts:
        data["contacts"] = contacts
    return data


@router.get("/producers/register", response_class=HTMLResponse)
def register_form(request: Request, user: RequireUser) -> HTMLResponse:
    """Register a producer that is not in the registry yet; it appears once a moderator approves it."""
    return render_page(request, "claim_register.html", {"errors": [], "values": {}, "done": False})


@router.post("/producers/register", response_class=HTMLResponse)
async def register_submit(request: Request, user: RequireUser) -> HTMLResponse:
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    try:
        data = ProducerIn.model_validate(_registration(form))
        with database_of(request).writer() as session:
            services.submit_registration(session, session.get_one(User, user.id), data)
    except ValidationError as exc:
        return render_page(request, "claim_register.html", {"errors": _validation_messages(exc), "values": values}, 422)
    except GatewayError as exc:
        return render_page(request, "claim_register.html", {"errors": form_errors(exc), "values": values}, exc.status)
    return render_page(request, "claim_register.html", {"errors": [], "values": {}, "done": True})


@router.get("/account/submissions", response_class=HTMLResponse)
def my_submissions(request: Request, user: RequireUser) -> HTMLResponse:
    """What I submitted, with each decision and the reason the moderator gave."""
    with database_of(request).session() as session:
        context = {
            "items": services.submissions_of(session, user.id),
            "producers": services.represented_producers(session, user.id),
        }
        return render(request, session, "claim_submissions.html", context)
