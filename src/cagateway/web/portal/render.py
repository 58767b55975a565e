"""Rendering portal pages: one Jinja environment per interface language, the base context, static files.

Every page goes through :func:`render`, which picks the language (:mod:`cagateway.web.i18n`), sets the ``lang``
cookie when ``?lang=`` chose it, and gives the base layout what it needs (demo-data banner, language links, which
front-end assets are installed). Pages work without any script: htmx and Leaflet only enhance them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from cagateway.errors import GatewayError
from cagateway.registry import services
from cagateway.text import detect_script, transliterate
from cagateway.web.deps import database_of
from cagateway.web.i18n import LANGUAGES, negotiate, script_of, translations
from cagateway.web.portal.charts import full_usd, percent, usd

__all__ = ["STATIC_DIR", "display_name", "environment", "language_of", "mount_static", "render"]

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"  # filled from npm packages by `make install` (gitignored)
COOKIE_AGE = 365 * 24 * 3600
_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_US", "uz": "uz_Latn_UZ"}


def display_name(names: list[str], fallback: str, lang: str) -> str:
    """The producer's name in the script of ``lang``: a registered spelling in it, else a romanisation for Latin
    readers; Latin → Cyrillic is only a guess, so Cyrillic readers see the registered Latin name."""
    script = script_of(lang)
    for name in [fallback, *names]:
        if detect_script(name) == script:
            return name
    if script == "Latn":
        return transliterate(fallback)
    return fallback


def _number(value: float | int | None, lang: str) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=_LOCALES.get(lang, "en_US"))


@cache
def environment(lang: str) -> Environment:
    """The template environment of ``lang``, with its catalogue installed (cached: one per language)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["number"] = lambda value: _number(value, lang)
    env.filters.update(usd=usd, full_usd=full_usd, percent=percent)  # the trade dashboards' money and shares
    env.globals["display_name"] = lambda names, fallback: display_name(list(names or []), fallback, lang)
    return env


def language_of(request: Request) -> str:
    """The interface language of ``request``."""
    return negotiate(
        request.query_params.get("lang"), request.cookies.get("lang"), request.headers.get("accept-language")
    )


def _assets() -> dict[str, bool]:
    return {
        "htmx": (VENDOR_DIR / "htmx.min.js").is_file(),
        "leaflet": (VENDOR_DIR / "leaflet" / "leaflet.js").is_file(),
    }


def _base_context(request: Request, session: Session | None, lang: str) -> dict[str, Any]:
    settings = request.app.state.settings
    return {
        "lang": lang,
        "languages": LANGUAGES,
        "lang_links": {code: str(request.url.include_query_params(lang=code)) for code in LANGUAGES},
        "generated": services.has_generated_data(session) if session is not None else False,
        "assets": _assets(),
        "tile_url": settings.map_tile_url,
        "tile_attribution": settings.map_tile_attribution,
        "path": request.url.path,
    }


def render(
    request: Request,
    session: Session | None,
    template: str,
    context: dict[str, Any],
    status: int = 200,
    media_type: str = "text/html",
) -> HTMLResponse:
    """Render ``template`` in the request's language; ``?lang=`` also sets the cookie that keeps the choice."""
    lang = language_of(request)
    html = environment(lang).get_template(template).render(**_base_context(request, session, lang), **context)
    response = HTMLResponse(html, status_code=status, media_type=media_type)
    chosen = (request.query_params.get("lang") or "").lower()
    if chosen in LANGUAGES:
        response.set_cookie("lang", chosen, max_age=COOKIE_AGE, samesite="lax", httponly=True)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


def render_page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """:func:`render` with a read session of its own, for handlers that hold none."""
    with database_of(request).session() as session:
        return render(request, session, template, context, status)


def form_errors(exc: GatewayError) -> list[str]:
    """A refused input's problems as lines for a form page: ``field: message`` each, or the error's message."""
    return [f"{e.field}: {e.message}" for e in exc.errors] or [exc.message]


def mount_static(app: FastAPI) -> None:
    """Serve the portal's own CSS/JS and the vendored npm assets at ``/static``."""
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
