"""Account pages: sign up, verify e-mail, log in (+ TOTP step), log out, password reset, the account page (TOTP
enrolment, API tokens, password), the administrators' audit log and the development mail outbox.

Every form carries the CSRF token (``{{ csrf_field() }}``; checked for every route by :mod:`cagateway.web.security`).
Each handler parses the form and calls one service; a refused input comes back on the same page with the
service's message. Writes run in ``db.writer()`` blocks, so a refused input rolls back everything it started.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

import segno
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from cagateway.accounts import audit, mail, services
from cagateway.accounts.crypto import digest
from cagateway.accounts.errors import TooManyRequests
from cagateway.accounts.models import ROLES, User
from cagateway.errors import GatewayError, InvalidInput, NotFound
from cagateway.web.deps import SettingsDep, database_of
from cagateway.web.portal.render import render, render_page
from cagateway.web.security import (
    SESSION_COOKIE,
    RequireUser,
    clear_session_cookie,
    client_ip,
    require_role,
    set_session_cookie,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
RequireAdmin = Annotated[User, Depends(require_role("admin"))]
HOUR = 3600


def _safe_next(target: str | None, default: str = "/account") -> str:
    """Only a path on this site (no scheme, no //host, no backslash): the log-in form must not redirect away.
    Whitespace and control characters are refused too: browsers drop tabs and newlines from a URL, so
    ``/\t/evil.example`` would become ``//evil.example``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in target):
        return default
    return target


def _message(exc: GatewayError) -> str:
    return exc.errors[0].message if exc.errors else exc.message


def _ua(request: Request) -> str | None:
    return request.headers.get("user-agent")


# --- log in / out ------------------------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Annotated[str, Query(max_length=500)] = "") -> HTMLResponse:
    return render_page(request, "account_login.html", {"next": _safe_next(next), "error": None, "email": ""})


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    target = _safe_next(next)
    outcome = services.log_in(
        database_of(request),
        settings,
        email,
        password,
        ip=client_ip(request),
        user_agent=_ua(request),
        old_session_id=request.cookies.get(SESSION_COOKIE),
    )
    if not outcome.ok:
        page = render_page(
            request, "account_login.html", {"next": target, "error": outcome.error, "email": email}, outcome.status
        )
        if outcome.retry_after:
            page.headers["Retry-After"] = str(outcome.retry_after)
        return page
    assert outcome.session_id is not None  # noqa: S101
    location = f"/login/totp?next={quote(target, safe='')}" if outcome.pending else target
    response = RedirectResponse(location, status_code=303)
    set_session_cookie(response, settings, outcome.session_id)
    return response


@router.get("/login/totp", response_class=HTMLResponse)
def totp_form(request: Request, next: Annotated[str, Query(max_length=500)] = "") -> Response:
    with database_of(request).session() as session:
        pending = services.session_for(session, request.cookies.get(SESSION_COOKIE, ""), pending=True)
    if pending is None:
        return RedirectResponse("/login", status_code=303)
    return render_page(request, "account_totp.html", {"next": _safe_next(next), "error": None})


@router.post("/login/totp", response_class=HTMLResponse)
def totp_submit(
    request: Request,
    settings: SettingsDep,
    code: Annotated[str, Form(max_length=20)],
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    target = _safe_next(next)
    outcome = services.verify_second_factor(
        database_of(request),
        settings,
        request.cookies.get(SESSION_COOKIE, ""),
        code,
        ip=client_ip(request),
        user_agent=_ua(request),
    )
    if not outcome.ok:
        page = render_page(request, "account_totp.html", {"next": target, "error": outcome.error}, outcome.status)
        if outcome.retry_after:
            page.headers["Retry-After"] = str(outcome.retry_after)
        return page
    assert outcome.session_id is not None  # noqa: S101
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, settings, outcome.session_id)
    return response


@router.post("/logout")
def logout(request: Request, settings: SettingsDep) -> Response:
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id:
        with database_of(request).writer() as session:
            services.end_session(session, session_id, ip=client_ip(request))
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(response, settings)
    return response


# --- sign up, verify, reset ----------------------------------------------------------------------------------------


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request) -> HTMLResponse:
    return render_page(request, "account_signup.html", {"error": None, "form": {}})


@router.post("/signup", response_class=HTMLResponse)
def signup_submit(
    request: Request,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1000)],
    display_name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=20)] = "buyer",
) -> Response:
    db = database_of(request)
    form = {"email": email, "display_name": display_name, "role": role}
    try:
        services.check_rate(
            db, settings, "signup-ip", client_ip(request) or "unknown", limit=settings.signup_limit_ip, window=HOUR
        )
        with db.writer() as session:
            services.sign_up(
                session, settings, email, password, role=role, display_name=display_name, ip=client_ip(request)
            )
    except TooManyRequests:
        raise
    except GatewayError as exc:
        return render_page(request, "account_signup.html", {"error": _message(exc), "form": form}, exc.status)
    mail.deliver_pending(db, settings)
    return render_page(request, "account_notice.html", {"notice": "signup", "email": email})


@router.get("/verify-email", response_class=HTMLResponse)
def verify_email(request: Request, token: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    try:
        with database_of(request).writer() as session:
            services.verify_email(session, token, ip=client_ip(request))
    except InvalidInput as exc:
        return render_page(request, "account_notice.html", {"notice": "error", "message": _message(exc)}, 400)
    return render_page(request, "account_notice.html", {"notice": "verified"})


@router.post("/account/verify-email")
def resend_verification(request: Request, settings: SettingsDep, user: RequireUser) -> Response:
    db = database_of(request)
    services.check_rate(db, settings, "verify-mail", user.public_id, limit=5, window=HOUR)
    with db.writer() as session:
        fresh = session.merge(user)
        if fresh.email_verified_at is None:
            services.send_verification(session, settings, fresh)
    mail.deliver_pending(db, settings)
    return RedirectResponse("/account?sent=1", status_code=303)


@router.get("/reset-password", response_class=HTMLResponse)
def reset_form(request: Request, token: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    template = "account_reset_set.html" if token else "account_reset.html"
    return render_page(request, template, {"token": token, "error": None})


@router.post("/reset-password", response_class=HTMLResponse)
def reset_request(request: Request, settings: SettingsDep, email: Annotated[str, Form(max_length=320)]) -> HTMLResponse:
    db = database_of(request)
    services.check_rate(
        db, settings, "reset-ip", client_ip(request) or "unknown", limit=settings.reset_limit_ip, window=HOUR
    )
    with db.writer() as session:
        services.request_password_reset(session, settings, email, ip=client_ip(request))
    mail.deliver_pending(db, settings)
    return render_page(request, "account_notice.html", {"notice": "reset_sent", "email": email})


@router.post("/reset-password/set", response_class=HTMLResponse)
def reset_set(
    request: Request,
    token: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
) -> HTMLResponse:
    try:
        with database_of(request).writer() as session:
            services.reset_password(session, token, password, ip=client_ip(request))
    except InvalidInput as exc:
        return render_page(request, "account_reset_set.html", {"token": token, "error": _message(exc)}, 400)
    return render_page(request, "account_notice.html", {"notice": "reset_done"})


# --- the account page -----------------------------------------------------------------------------------------------


def _qr_svg(uri: str) -> Markup:
    return Markup(segno.make(uri, error="m").svg_inline(scale=4, title="TOTP"))  # noqa: S704  (our own SVG)


def _account_page(request: Request, user_id: int, extra: dict[str, Any], status: int = 200) -> HTMLResponse:
    with database_of(request).session() as session:
        user = session.get(User, user_id)
        assert user is not None  # noqa: S101
        enrolling = user.totp_secret is not None and not user.totp_enabled
        uri = services.totp_uri(user) if enrolling else None
        context = {
            "user": user,
            "tokens": services.list_api_tokens(session, user),
            "sessions": services.list_sessions(session, user),
            "this_session": digest(request.cookies.get(SESSION_COOKIE, "")),
            "scopes": services.ROLE_SCOPES[user.role],
            "totp_uri": uri,
            "totp_qr": _qr_svg(uri) if uri else None,
            "totp_required": user.role in services.MFA_ROLES and not user.totp_enabled,
            "new_token": None,
            "error": None,
            "sent": request.query_params.get("sent") == "1",
            **extra,
        }
        return render(request, session, "account.html", context, status)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, user: RequireUser) -> HTMLResponse:
    return _account_page(request, user.id, {})


@router.post("/account/totp/start", response_class=HTMLResponse)
def totp_start(request: Request, user: RequireUser) -> HTMLResponse:
    try:
        with database_of(request).writer() as session:
            services.start_totp_enrolment(session, session.merge(user))
    except GatewayError as exc:
        return _account_page(request, user.id, {"error": _message(exc)}, exc.status)
    return _account_page(request, user.id, {})


@router.post("/account/totp/confirm", response_class=HTMLResponse)
def totp_confirm(request: Request, user: RequireUser, code: Annotated[str, Form(max_length=20)]) -> Response:
    try:
        with database_of(request).writer() as session:
            services.confirm_totp(session, session.merge(user), code, ip=client_ip(request))
            # The code just given is a second factor: this session counts as a two-factor one from now on.
            services.mark_session_mfa(session, request.cookies.get(SESSION_COOKIE, ""))
    except GatewayError as exc:
        return _account_page(request, user.id, {"error": _message(exc)}, exc.status)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/totp/disable", response_class=HTMLResponse)
def totp_disable(request: Request, user: RequireUser, code: Annotated[str, Form(max_length=20)]) -> Response:
    try:
        with database_of(request).writer() as session:
            services.disable_totp(session, session.merge(user), code, ip=client_ip(request))
    except GatewayError as exc:
        return _account_page(request, user.id, {"error": _message(exc)}, exc.status)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/tokens", response_class=HTMLResponse)
def token_create(
    request: Request,
    user: RequireUser,
    name: Annotated[str, Form(max_length=100)],
    scopes: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    try:
        with database_of(request).writer() as session:
            token, secret = services.create_api_token(
                session, session.merge(user), name, scopes or [], ip=client_ip(request)
            )
    except GatewayError as exc:
        return _account_page(request, user.id, {"error": _message(exc)}, exc.status)
    return _account_page(request, user.id, {"new_token": {"name": token.name, "secret": secret}})


@router.post("/account/tokens/{token_id}/revoke")
def token_revoke(request: Request, user: RequireUser, token_id: int) -> Response:
    with database_of(request).writer() as session:
        services.revoke_api_token(session, session.merge(user), token_id, ip=client_ip(request))
    return RedirectResponse("/account", status_code=303)


@router.post("/account/sessions/end-others")
def sessions_end_others(request: Request, user: RequireUser) -> Response:
    with database_of(request).writer() as session:
        fresh = session.merge(user)
        services.end_other_sessions(session, fresh, request.cookies.get(SESSION_COOKIE, ""), ip=client_ip(request))
    return RedirectResponse("/account", status_code=303)


@router.post("/account/password", response_class=HTMLResponse)
def password_change(
    request: Request,
    user: RequireUser,
    current_password: Annotated[str, Form(max_length=1000)],
    new_password: Annotated[str, Form(max_length=1000)],
) -> Response:
    try:
        with database_of(request).writer() as session:
            fresh = session.merge(user)
            services.change_password(session, fresh, current_password, new_password, ip=client_ip(request))
    except GatewayError as exc:
        return _account_page(request, user.id, {"error": _message(exc)}, exc.status)
    return RedirectResponse("/account?changed=1", status_code=303)


# --- administrators and development -------------------------------------------------------------------------------


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    _admin: RequireAdmin,
    event: Annotated[str, Query(max_length=60)] = "",
    actor: Annotated[str, Query(max_length=320)] = "",
    since: Annotated[dt.date | None, Query()] = None,
    before: Annotated[int | None, Query(ge=1)] = None,
) -> HTMLResponse:
    """The audit log, newest first, filtered by event (a name or a prefix like ``login.``), actor and date."""
    start = dt.datetime.combine(since, dt.time(), dt.UTC) if since else None
    filters = audit.AuditFilter(event=event or None, actor=actor or None, since=start, before_id=before, limit=100)
    with database_of(request).session() as session:
        events = audit.list_events(session, filters)
        context = {"events": events, "event": event, "actor": actor, "since": since or ""}
        return render(request, session, "account_audit.html", context)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(
    request: Request, _admin: RequireAdmin, role: Annotated[str, Query(max_length=20)] = "", error: str = ""
) -> HTMLResponse:
    """Accounts with their role and state; an administrator changes a role or shuts an account here (audited)."""
    with database_of(request).session() as session:
        users = services.list_users(session, role or None)
        context = {"users": users, "roles": ROLES, "role": role, "error": error[:300]}
        return render(request, session, "account_users.html", context)


@router.post("/admin/users/{public_id}")
def users_change(
    request: Request,
    public_id: str,
    admin: RequireAdmin,
    role: Annotated[str, Form(max_length=20)] = "",
    disabled: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Set the role of account ``public_id`` and open or shut it; an administrator cannot demote or shut
    themselves (another administrator must)."""
    try:
        with database_of(request).writer() as session:
            me = session.merge(admin)
            user = services.get_user(session, public_id)
            if user.id == me.id and (role != me.role or disabled == "true"):
                raise InvalidInput.single("role", "you cannot change your own role or shut your own account")
            if role:
                services.set_role(session, user, role, by=me, ip=client_ip(request))
            services.set_disabled(session, user, disabled == "true", by=me, ip=client_ip(request))
    except GatewayError as exc:
        return RedirectResponse(f"/admin/users?error={quote(_message(exc))}", status_code=303)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/dev/outbox", response_class=HTMLResponse)
def dev_outbox(request: Request, settings: SettingsDep, to: Annotated[str, Query(max_length=320)] = "") -> Response:
    """The mail outbox, for development (CAGATEWAY_DEV_OUTBOX; default on for SQLite): mails that SMTP did not send."""
    if not mail.dev_outbox_enabled(settings):
        raise NotFound("The development outbox is off (CAGATEWAY_DEV_OUTBOX).")
    with database_of(request).session() as session:
        mails = mail.list_outbox(session, to or None)
        return render(request, session, "account_outbox.html", {"mails": mails, "to": to})
