"""Application factory: one database per app, errors mapped once to the API's error body."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from cagateway import __version__
from cagateway.config import Settings, get_settings
from cagateway.db import Database
from cagateway.errors import FieldError, GatewayError
from cagateway.logs import configure_logging, get_logger
from cagateway.web import security
from cagateway.web.api import auth, browse, changes, export, hs, reconcile, route, search, trade, v1
from cagateway.web.api import moderation as moderation_api
from cagateway.web.api import rfq as rfq_api
from cagateway.web.portal import account, claims, pages, producer
from cagateway.web.portal import browse as browse_pages
from cagateway.web.portal import moderation as moderation_pages
from cagateway.web.portal import rfq as rfq_pages
from cagateway.web.portal import route as route_page
from cagateway.web.portal import trade as trade_pages
from cagateway.web.portal.render import mount_static
from cagateway.web.searching import install_search_threads

__all__ = ["app_from_environment", "create_app"]

log = get_logger(__name__)


def _error_response(status: int, code: str, message: str, errors: list[FieldError]) -> JSONResponse:
    body = {
        "ok": False,
        "code": code,
        "error": message,
        "errors": [e.as_dict() for e in errors],
        "status": status,
    }
    return JSONResponse(body, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(GatewayError)
    async def gateway_error(_request: Request, exc: GatewayError) -> JSONResponse:
        if exc.status >= 500:
            log.error("request failed", code=exc.code, error=exc.message)
        return _error_response(exc.status, exc.code, exc.message, exc.errors)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            FieldError(
                ".".join(str(p) for p in e["loc"] if p not in {"body", "query", "path"}),
                e["msg"],
                e.get("input"),
            )
            for e in exc.errors()
        ]
        fields = ", ".join(sorted({e.field for e in errors}))
        return _error_response(422, "invalid", f"The request is not valid: fix {fields}.", errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = (
            "No such page or endpoint. The API is described at /api/docs."
            if exc.status_code == 404
            else str(exc.detail)
        )
        return _error_response(exc.status_code, code, message, [])


def create_app(settings: Settings, database: Database | None = None, *, warm: bool = False) -> FastAPI:
    """Build the app for ``settings``; pass ``database`` to share one (tests do). ``warm`` reads the browse
    counts in the background at start-up (``cagateway serve`` does): at a million producers the first visitor
    would otherwise wait seconds for them."""
    configure_logging(settings)
    db = database or Database.from_url(
        settings.database_url,
        pool_size=settings.db_pool_size,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        searches = install_search_threads(app, settings, db)  # fresh threads for each run of the app
        if warm:
            browse.warm_counts(app)
        yield
        searches.shutdown(wait=False, cancel_futures=True)
        if database is None:
            db.dispose()

    app = FastAPI(
        title="Central Asia Gateway API",
        version=__version__,
        description="Open API of the unified registry of Central Asia's commodity producers.",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = db
    install_search_threads(app, settings, db)  # for an app used without its lifespan (TestClient outside `with`)
    _install_error_handlers(app)
    security.install(app)  # before the routers: CSRF applies to every route included after it
    # The busiest endpoint first: routes are tried in order, and trying the ~40 routes before it cost ~0.2 ms of CPU
    # a search (search.router has /api/v1/search alone, which no other route matches).
    app.include_router(search.router)
    app.include_router(account.router)
    app.include_router(auth.router)
    app.include_router(v1.router)
    app.include_router(hs.router)
    app.include_router(route.router)
    app.include_router(trade.router)
    app.include_router(rfq_api.router)
    app.include_router(moderation_api.router)
    moderation_api.install_upload_limit(app, settings.upload_max_bytes)
    for open_data in (browse, changes, export, reconcile):
        app.include_router(open_data.router)
    app.include_router(pages.router)
    app.include_router(trade_pages.router)
    app.include_router(claims.router)  # before producer.router: /producers/register is not a producer id
    app.include_router(moderation_pages.router)
    app.include_router(producer.router)
    app.include_router(browse_pages.router)
    app.include_router(rfq_pages.router)
    app.include_router(route_page.router)
    mount_static(app)
    return app


def app_from_environment() -> FastAPI:
    """The app for settings read from the environment (``CAGATEWAY_*``): the factory ``serve --workers`` gives
    each worker process."""
    return create_app(get_settings(), warm=True)
