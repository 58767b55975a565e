"""Web security: who is asking (session cookie or API bearer token), role and scope checks, CSRF, secure cookies
and the in-process rate limit of search and the API.

* ``CurrentUser`` (User | None), ``RequireUser``, ``RequireVerified``, ``require_role(*roles)`` and
  ``require_scope(scope)`` are FastAPI dependencies. Anonymous HTML requests are redirected to ``/login``; the API
  answers 401. Wrong role or scope: 403 (a page for HTML, the error body for the API). Moderators and admins must
  have TOTP on and have given a code at log-in (or come with an API token). ``admin`` passes every role check.
* CSRF: every unsafe request (POST, PUT, PATCH, DELETE) must carry the token of its session, in the form field
  ``csrf_token`` (templates: ``{{ csrf_field() }}``) or the ``X-CSRF-Token`` header, else 403. Exempt: requests
  with an ``Authorization: Bearer`` API token, and ``/api/`` requests that carry no session cookie (no ambient
  authority to abuse). The token is derived from the session cookie (or, before log-in, from a random
  ``cagw_csrf`` cookie), so it changes with the session id at log-in.
* Cookies are HttpOnly, SameSite=Lax, and Secure when ``CAGATEWAY_COOKIE_SECURE`` is on.
"""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cagateway.accounts import services
from cagateway.accounts.audit import record
from cagateway.accounts.crypto import digest, new_secret, same
from cagateway.accounts.errors import (
    CsrfFailed,
    Forbidden,
    LoginRequired,
    SecondFactorRequired,
    TooManyRequests,
    Unauthorized,
)
from cagateway.accounts.models import User
from cagateway.accounts.ratelimit import TokenBucketLimiter
from cagateway.config import Settings
from cagateway.db import Database
from cagateway.errors import GatewayError
from cagateway.web.deps import database_of
from cagateway.web.i18n import LANGUAGES
from cagateway.web.portal.render import environment, render

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "CurrentPrincipal",
    "CurrentUser",
    "Principal",
    "RequireUser",
    "RequireVerified",
    "audit_request",
    "clear_session_cookie",
    "client_ip",
    "csrf_field",
    "csrf_token",
    "install",
    "is_api_path",
    "require_role",
    "require_scope",
    "set_session_cookie",
]

SESSION_COOKIE = services.SESSION_COOKIE
CSRF_COOKIE = "cagw_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LIMITED_PREFIXES = ("/api/", "/search")


@dataclass
class Principal:
    """Who is asking: the user, how (``session`` cookie or API ``token``), the scopes that grants and whether the
    second factor was given (a token counts: it was created from a logged-in session)."""

    user: User
    via: str
    scopes: frozenset[str]
    mfa: bool
    token_id: int | None = None
    session_id: int | None = None


@dataclass
class _RequestAuth:
    """Per-request state shared by the middleware, the dependencies and the template globals."""

    scope: Scope
    _cookies: dict[str, str] | None = None
    new_csrf_cookie: str | None = None
    resolved: bool = False
    principal: Principal | None = None
    cookie_secure: bool = False

    @property
    def cookies(self) -> dict[str, str]:
        """The request's cookies, parsed on first use (most requests never need them)."""
        if self._cookies is None:
            self._cookies = _parse_cookies(self.scope["headers"])
        return self._cookies


_current: contextvars.ContextVar[_RequestAuth | None] = contextvars.ContextVar("cagateway_request_auth", default=None)


def _parse_cookies(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    jar: dict[str, str] = {}
    for name, value in headers:
        if name == b"cookie":
            parsed: SimpleCookie = SimpleCookie()
            try:
                parsed.load(value.decode("latin-1"))
            except Exception:  # noqa: S112  (a malformed Cookie header is the client's problem)
                continue
            jar.update({key: morsel.value for key, morsel in parsed.items()})
    return jar


def is_api_path(path: str) -> bool:
    return path.startswith("/api/")


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


# --- CSRF ------------------------------------------------------------------------------------------------------


def _binding(state: _RequestAuth) -> str | None:
    return state.cookies.get(SESSION_COOKIE) or state.new_csrf_cookie or state.cookies.get(CSRF_COOKIE)


def _token_for(binding: str) -> str:
    return digest("csrf:" + binding)


def csrf_token() -> str:
    """The CSRF token of the current request's session (before log-in: of its ``cagw_csrf`` cookie, set now if the
    browser has none). For templates and for scripts that send ``X-CSRF-Token``."""
    state = _current.get()
    if state is None:
        raise RuntimeError("csrf_token() outside a request; is security.install(app) called?")
    binding = _binding(state)
    if binding is None:
        state.new_csrf_cookie = new_secret()
        binding = state.new_csrf_cookie
    return _token_for(binding)


def csrf_field() -> Markup:
    """The hidden form field every form includes: ``{{ csrf_field() }}``."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, escape(csrf_token()))


async def csrf_protect(request: Request) -> None:
    """Refuse an unsafe request without its session's CSRF token (403). Installed on every route."""
    if request.method not in UNSAFE:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    if is_api_path(request.url.path) and SESSION_COOKIE not in request.cookies:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    binding = request.cookies.get(SESSION_COOKIE) or request.cookies.get(CSRF_COOKIE)
    if not sent or binding is None or not same(sent, _token_for(binding)):
        raise CsrfFailed(
            "This form has expired or did not come from this site (the CSRF token is missing or wrong). "
            "Reload the page and send it again; API clients authenticate with an API token instead of cookies."
        )


# --- cookies ----------------------------------------------------------------------------------------------------


def set_session_cookie(response: Response, settings: Settings, session_id: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=settings.session_days * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.cookie_secure)


# --- who is asking ------------------------------------------------------------------------------------------------


def _state(request: Request) -> _RequestAuth:
    state = _current.get()
    if state is None:
        state = _RequestAuth(scope=request.scope, _cookies=dict(request.cookies))
        _current.set(state)
    return state


def _resolve(db: Database, state: _RequestAuth, authorization: str | None, ip: str | None) -> Principal | None:
    if authorization and authorization.lower().startswith("bearer "):
        secret = authorization[7:].strip()
        with db.session() as session:
            user, token = services.authenticate_api_token(session, secret)
            stale = services.token_needs_touch(token)
        if stale:
            with db.writer() as session:
                services.touch_api_token(session, token.id, ip=ip)
        allowed = set(services.ROLE_SCOPES[user.role])
        return Principal(user, "token", frozenset(s for s in token.scopes if s in allowed), True, token_id=token.id)
    session_id = state.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    with db.session() as session:
        found = services.current_user_for_session(session, session_id)
        if found is None:
            return None
        user, row = found
        stale = services.session_needs_touch(row)
    if stale:
        with db.writer() as session:
            services.touch_session(session, row.id)
    scopes = frozenset(services.ROLE_SCOPES[user.role])
    return Principal(user, "session", scopes, row.mfa, session_id=row.id)


def _principal(request: Request) -> Principal | None:
    state = _state(request)
    if not state.resolved:
        state.principal = _resolve(
            database_of(request), state, request.headers.get("authorization"), client_ip(request)
        )
        state.resolved = True
    return state.principal


def _current_user(request: Request) -> User | None:
    principal = _principal(request)
    return principal.user if principal else None


def _require_principal(request: Request) -> Principal:
    principal = _principal(request)
    if principal is None:
        raise LoginRequired("Log in first: this page is for signed-in users.")
    return principal


def _require_user(request: Request) -> User:
    return _require_principal(request).user


def _require_verified(request: Request) -> User:
    user = _require_user(request)
    if not user.is_verified:
        raise Forbidden("Confirm your e-mail address first: open the link we mailed you (the account page resends it).")
    return user


def _check_mfa(principal: Principal) -> None:
    if principal.user.role in services.MFA_ROLES and not (principal.user.totp_enabled and principal.mfa):
        raise SecondFactorRequired(
            "Moderators and administrators need two-factor log-in: turn TOTP on at /account, then log in again."
        )


def require_role(*roles: str) -> Callable[[Request], User]:
    """A dependency that lets in only users of ``roles`` (admins always), with TOTP for moderators and admins."""

    def dependency(request: Request) -> User:
        principal = _require_principal(request)
        user = principal.user
        if user.role != "admin" and user.role not in roles:
            raise Forbidden(f"This page is for {' or '.join(roles)} accounts; yours is a {user.role} account.")
        _check_mfa(principal)
        return user

    return dependency


def require_scope(scope: str) -> Callable[[Request], Principal]:
    """A dependency for API endpoints: an API token with ``scope`` (or a logged-in session whose role allows it)."""

    def dependency(request: Request) -> Principal:
        principal = _require_principal(request)
        if scope not in principal.scopes:
            how = "This API token lacks" if principal.via == "token" else "Your role does not grant"
            raise Forbidden(f"{how} the scope {scope!r}; create a token with it on the account page.")
        if scope in ("moderate", "admin"):
            _check_mfa(principal)
        return principal

    return dependency


def audit_request(request: Request, event: str, details: dict[str, object] | None = None) -> None:
    """Append ``event`` to the audit log with whoever is asking (anonymous included) and their IP address."""
    try:
        principal = _principal(request)
    except GatewayError:  # a bad token: the event is still recorded, as anonymous
        principal = None
    details = dict(details or {})
    if principal is not None and principal.token_id is not None:
        details["token"] = principal.token_id
    with database_of(request).writer() as session:
        record(session, event, principal.user if principal else None, details, ip=client_ip(request))


CurrentUser = Annotated[User | None, Depends(_current_user)]
CurrentPrincipal = Annotated[Principal | None, Depends(_principal)]
RequireUser = Annotated[User, Depends(_require_user)]
RequireVerified = Annotated[User, Depends(_require_verified)]


def template_user() -> User | None:
    """The logged-in user for templates (the header's log-in/account links); looked up once per request."""
    state = _current.get()
    if state is None:
        return None
    if not state.resolved:
        app = state.scope.get("app")
        if app is None or SESSION_COOKIE not in state.cookies:
            return None
        try:
            state.principal = _resolve(app.state.db, state, None, None)
        except GatewayError:
            state.principal = None
        state.resolved = True
    return state.principal.user if state.principal else None


# --- middleware: request state, CSRF cookie, rate limit -------------------------------------------------------


class SecurityMiddleware:
    """Pure ASGI (cheap): sets the per-request auth state, rate-limits search and the API per IP or token in this
    process, and sets the ``cagw_csrf`` cookie when a page handed out a CSRF token to a browser without one."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.secure = settings.cookie_secure
        self.limiter = TokenBucketLimiter(settings.api_limit_per_minute) if settings.rate_limits else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        if self.limiter is not None and scope["path"].startswith(LIMITED_PREFIXES):
            wait = self.limiter.take(self._limit_key(scope, headers))
            if wait > 0:
                await self._too_many(scope, receive, send, wait)
                return
        state = _RequestAuth(scope=scope, cookie_secure=self.secure)
        token = _current.set(state)
        try:
            await self.app(scope, receive, self._sender(state, send))
        finally:
            _current.reset(token)

    @staticmethod
    def _limit_key(scope: Scope, headers: list[tuple[bytes, bytes]]) -> str:
        for name, value in headers:
            if name == b"authorization" and value[:7].lower() == b"bearer ":
                return "t:" + value[7:47].decode("latin-1")
        client = scope.get("client")
        return "ip:" + (client[0] if client else "unknown")

    async def _too_many(self, scope: Scope, receive: Receive, send: Send, wait: float) -> None:
        seconds = max(1, int(wait + 0.999))
        error = TooManyRequests(f"Too many requests; slow down and retry in {seconds} s.", seconds)
        headers = {"Retry-After": str(seconds)}
        response: Response
        if is_api_path(scope["path"]):
            response = JSONResponse(error.as_body(), status_code=429, headers=headers)
        else:  # a portal page: a minimal one, without the database or templates (this is the cheap path)
            page = f"<!doctype html><title>429</title><h1>Too many requests</h1><p>{escape(error.message)}</p>"
            response = HTMLResponse(page, status_code=429, headers=headers)
        await response(scope, receive, send)

    def _sender(self, state: _RequestAuth, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start" and state.new_csrf_cookie:
                cookie = Response()
                cookie.set_cookie(
                    CSRF_COOKIE, state.new_csrf_cookie, httponly=True, samesite="lax", secure=self.secure, path="/"
                )
                extra = [(k, v) for k, v in cookie.raw_headers if k == b"set-cookie"]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        return wrapped


# --- error pages -------------------------------------------------------------------------------------------------


def _wants_html(request: Request) -> bool:
    """Portal paths answer with pages (and redirects), unless the client asks for JSON only."""
    return not is_api_path(request.url.path) and not request.headers.get("accept", "").startswith("application/json")


def _error_page(request: Request, exc: GatewayError, status: int) -> Response:
    with database_of(request).session() as session:
        return render(request, session, "account_error.html", {"status": status, "message": exc.message}, status)


def _body(exc: GatewayError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(exc.as_body(), status_code=exc.status, headers=headers)


def _install_handlers(app: FastAPI) -> None:
    async def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Unauthorized)  # noqa: S101
        if isinstance(exc, LoginRequired) and _wants_html(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return _body(exc, {"WWW-Authenticate": 'Bearer realm="cagateway"'})

    async def forbidden(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Forbidden)  # noqa: S101
        if isinstance(exc, SecondFactorRequired) and _wants_html(request):
            return RedirectResponse("/account?totp=required", status_code=303)
        return _error_page(request, exc, 403) if _wants_html(request) else _body(exc)

    async def too_many(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, TooManyRequests)  # noqa: S101
        headers = {"Retry-After": str(exc.retry_after)}
        if _wants_html(request):
            page = _error_page(request, exc, 429)
            page.headers.update(headers)
            return page
        return _body(exc, headers)

    handlers: dict[type[Exception], Callable[[Request, Exception], Awaitable[Response]]] = {
        Unauthorized: login_required,
        Forbidden: forbidden,
        TooManyRequests: too_many,
    }
    for exc_class, handler in handlers.items():
        app.add_exception_handler(exc_class, handler)


def install(app: FastAPI) -> None:
    """Wire security into the app: CSRF on every route added after this call, the error pages, the middleware
    and the template globals. Call it before the routers are included."""
    settings: Settings = app.state.settings
    app.router.dependencies.append(Depends(csrf_protect))
    _install_handlers(app)
    app.add_middleware(SecurityMiddleware, settings=settings)
    for lang in LANGUAGES:
        env = environment(lang)
        env.globals.update(csrf_field=csrf_field, csrf_token=csrf_token, current_user=template_user)
