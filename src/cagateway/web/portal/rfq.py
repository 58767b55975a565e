"""Buyer-request pages: post a request (with HS suggestions, no script needed), my requests with their matches
and quotes (accept one), and the representatives' inbox with the quote form.

Each handler parses the form and calls one service of :mod:`cagateway.rfq.services`; a refused input comes back
on the same page with the service's messages (422, or 429 for the anti-spam limits). Every form carries the CSRF
field (checked for every route by :mod:`cagateway.web.security`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from cagateway.accounts.models import User
from cagateway.db.base import utcnow
from cagateway.errors import GatewayError, NotFound
from cagateway.registry.schemas import INCOTERMS
from cagateway.rfq import services
from cagateway.rfq.delivery import TOP, delivered_for
from cagateway.rfq.errors import HsCodeRequired
from cagateway.rfq.schemas import QuoteIn, RequestIn
from cagateway.rfq.serialise import request_summary, request_view
from cagateway.rfq.units import unit_choices
from cagateway.rfq.validation import certificate_kinds
from cagateway.web.deps import SettingsDep, database_of
from cagateway.web.portal.render import render
from cagateway.web.security import RequireUser, require_role

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
RequireBuyer = Annotated[User, Depends(require_role("buyer"))]
_LIST_FIELDS = ("certificates", "countries")


def _today() -> dt.date:
    return utcnow().date()


def _errors(exc: GatewayError) -> dict[str, str]:
    """Field → message, for showing each problem beside its field (``_`` holds a message without a field)."""
    found: dict[str, str] = {}
    for error in exc.errors:
        found[error.field] = f"{found[error.field]} {error.message}" if error.field in found else error.message
    return found or {"_": exc.message}


def _pydantic_errors(exc: ValidationError) -> dict[str, str]:
    return {".".join(str(p) for p in e["loc"]) or "_": e["msg"] for e in exc.errors()}


def _blank(value: Any) -> Any:
    """An empty form field is a missing value."""
    return None if value == "" else value


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form()
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str) and k not in _LIST_FIELDS}
    values["certificates"] = [v for v in form.getlist("certificates") if isinstance(v, str) and v]
    countries = form.get("countries")
    values["countries"] = [c.strip() for c in (countries if isinstance(countries, str) else "").split(",") if c.strip()]
    return values


# --- landing, new request ------------------------------------------------------------------------------------


@router.get("/rfq", response_class=HTMLResponse)
def rfq_home(request: Request, user: RequireUser) -> HTMLResponse:
    """Buyer requests: the buyer's own and, for representatives, those matched to their producers."""
    today = _today()
    with database_of(request).session() as session:
        viewer = services.viewer_of(session, user)
        mine = [request_summary(r, today) for r in services.my_requests(session, user)]
        inbox = [request_summary(r, today) for r in services.inbox(session, viewer)]
        context = {"mine": mine, "inbox": inbox, "can_post": user.role in services.POSTING_ROLES}
        return render(request, session, "rfq_list.html", context)


@router.get("/rfq/inbox", response_class=HTMLResponse)
def rfq_inbox(request: Request, user: RequireUser) -> HTMLResponse:
    return rfq_home(request, user)


@router.get("/rfq/mine", response_class=HTMLResponse)
def rfq_mine(request: Request, user: RequireUser) -> HTMLResponse:
    return rfq_home(request, user)


def _new_page(
    request: Request, values: dict[str, Any], errors: dict[str, str], suggestions: list[Any], status: int = 200
) -> HTMLResponse:
    with database_of(request).session() as session:
        context = {
            "values": values, "errors": errors, "suggestions": suggestions, "units": unit_choices(),
            "incoterms": INCOTERMS, "certificate_kinds": sorted(set(certificate_kinds(session).values())),
            "min_deadline": (_today() + dt.timedelta(days=1)).isoformat(),
        }  # fmt: skip
        return render(request, session, "rfq_new.html", context, status)


@router.get("/rfq/new", response_class=HTMLResponse)
def rfq_new(request: Request, _user: RequireBuyer) -> HTMLResponse:
    default = {"unit": "t", "incoterm": "DAP", "deadline": (_today() + dt.timedelta(days=14)).isoformat()}
    return _new_page(request, default, {}, [])


def _suggestions(settings: Any, text: str) -> tuple[list[Any], dict[str, str]]:
    if not text.strip():
        return [], {"text": "Type what you need to get HS suggestions, or give the HS code."}
    try:
        return list(services.suggest_codes(settings, text).suggestions), {}
    except GatewayError as exc:
        return [], _errors(exc)


@router.post("/rfq/new", response_class=HTMLResponse)
async def rfq_create(request: Request, user: RequireBuyer, settings: SettingsDep) -> Response:
    """Post the request; without a code (or when asked) show HS suggestions to pick from instead."""
    values = await _form(request)
    if values.get("action") == "suggest" or not values.get("hs_code"):
        suggestions, errors = _suggestions(settings, values.get("text", ""))
        if values.get("action") != "suggest" and suggestions:
            errors.setdefault("hs_code", "Pick one of the suggested HS codes to post the request.")
        return _new_page(request, values, errors, suggestions, 422 if errors else 200)
    try:
        data = RequestIn.model_validate({k: _blank(v) for k, v in values.items() if k in RequestIn.model_fields})
    except ValidationError as exc:
        return _new_page(request, values, _pydantic_errors(exc), [], 422)
    try:
        with database_of(request).writer() as session:
            created = services.create_request(session, settings, user, data)
            public_id = created.public_id
    except HsCodeRequired as exc:
        return _new_page(request, values, _errors(exc), [], 422)
    except GatewayError as exc:
        return _new_page(request, values, _errors(exc), [], exc.status if exc.status in {422, 429} else 400)
    return RedirectResponse(f"/rfq/{public_id}", status_code=303)


# --- one request: view, quote, accept ------------------------------------------------------------------------


def _detail_page(
    request: Request, user: User, public_id: str, errors: dict[str, str] | None = None,
    form: dict[str, Any] | None = None, status: int = 200, delivered: bool = False,
) -> HTMLResponse:  # fmt: skip
    with database_of(request).session() as session:
        viewer = services.viewer_of(session, user)
        try:
            found = services.get_request(session, public_id, viewer)
        except NotFound:
            return render(request, session, "not_found.html", {"what": public_id}, status=404)
        view = request_view(session, found, viewer, _today())
        quoted = {q["producer"]: q for q in view["quotes"]}
        quotable = services.quotable_producers(session, viewer, found) if view["status"] == "open" else set()
        settings = request.app.state.settings
        producers = [m["producer"] for m in view["matches"]]
        context = {
            "delivered": delivered_for(settings, session, found, producers) if delivered else None,
            "rfq": view, "errors": errors or {}, "form": form or {}, "quoted": quoted, "units": unit_choices(),
            "incoterms": INCOTERMS, "quotable": [m for m in view["matches"] if m["producer"] in quotable],
            "valid_default": (_today() + dt.timedelta(days=14)).isoformat(), "top": TOP,
        }  # fmt: skip
        return render(request, session, "rfq_detail.html", context, status)


@router.get("/rfq/{public_id}", response_class=HTMLResponse)
def rfq_detail(request: Request, public_id: str, user: RequireUser, delivered: bool = False) -> HTMLResponse:
    """A request as the user may see it: matches and quotes for its buyer, the quote form for representatives;
    ``?delivered=true`` adds days, $/t and CO2 to the destination for the top matches."""
    return _detail_page(request, user, public_id, delivered=delivered)


@router.post("/rfq/{public_id}/quote", response_class=HTMLResponse)
async def rfq_quote(request: Request, public_id: str, user: RequireUser) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        data = QuoteIn.model_validate({k: _blank(v) for k, v in form.items() if k in QuoteIn.model_fields})
        with database_of(request).writer() as session:
            services.submit_quote(session, user, public_id, data)
    except ValidationError as exc:
        return _detail_page(request, user, public_id, _pydantic_errors(exc), form, 422)
    except NotFound:
        return _detail_page(request, user, public_id)
    except GatewayError as exc:
        return _detail_page(request, user, public_id, _errors(exc), form, exc.status)
    return RedirectResponse(f"/rfq/{public_id}#quotes", status_code=303)


@router.post("/rfq/{public_id}/quotes/{quote_id}/accept", response_class=HTMLResponse)
def rfq_accept(request: Request, public_id: str, quote_id: str, user: RequireUser) -> Response:
    try:
        with database_of(request).writer() as session:
            services.accept_quote(session, user, public_id, quote_id)
    except NotFound:
        return _detail_page(request, user, public_id, {"_": f"No quote {quote_id} to accept here."}, status=404)
    except GatewayError as exc:
        return _detail_page(request, user, public_id, _errors(exc), status=exc.status)
    return RedirectResponse(f"/rfq/{public_id}", status_code=303)
