"""Server-rendered pages: home with a search box, search results with facets and pages of results.

Pages call the search and registry services and render templates (:mod:`cagateway.web.portal.render`); a search
the service refuses (a bad filter) is shown on the page with the service's message, status 422.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from cagateway.config import Settings
from cagateway.cooperation.delivery import delivered_to
from cagateway.errors import GatewayError, InvalidInput
from cagateway.registry import browse
from cagateway.search import SearchFilters, search_producers
from cagateway.search.facets import REFINE_CAP, refine_counts
from cagateway.web.api.browse import cached_counts
from cagateway.web.deps import ReadSession, SettingsDep, database_of
from cagateway.web.portal.facets import FILTER_KEYS, Facet, build_facets, search_href
from cagateway.web.portal.maps import corridors, map_view
from cagateway.web.portal.render import language_of, render
from cagateway.web.searching import run_search

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    session: ReadSession,
    settings: SettingsDep,
    country: Annotated[str | None, Query(max_length=2, pattern="^[A-Za-z]{2}$")] = None,
) -> HTMLResponse:
    """Home: what the registry is, a search box, the countries, the newest producers and the corridor map."""
    counts = cached_counts(request, session)
    context = {
        "total": counts.total,
        "countries": browse.country_counts(session, counts),
        "newest": browse.newest_producers(session, 10, country),
        "view": map_view([], corridors(settings.logistics_data_dir)),
    }
    return render(request, session, "home.html", context)


def _filters(params: dict[str, str]) -> SearchFilters:
    capacity = params.get("min_capacity")
    try:
        min_capacity = float(capacity) if capacity else None
    except ValueError:
        raise InvalidInput.single("min_capacity", "'min_capacity' must be a number.", capacity) from None
    return SearchFilters(
        country=params.get("country") or None,
        region=params.get("region") or None,
        hs=params.get("hs") or None,
        tier=params.get("tier") or None,
        certificate=params.get("certificate") or None,
        min_capacity=min_capacity,
    )


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> HTMLResponse:
    """Results of a search with facet counts; every facet value is a link that narrows the results. Runs on the
    process's search threads, as the API's search does (:mod:`cagateway.web.searching`)."""
    return await run_search(request, _search_page, request, q, offset)


def _search_page(request: Request, q: str, offset: int) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    params = {k: v.strip() for k, v in request.query_params.items() if k in FILTER_KEYS and v.strip()}
    with database_of(request).session() as session:
        try:
            filters = _filters(params)
            result = search_producers(session, q, filters, limit=PAGE_SIZE, offset=offset)
        except InvalidInput as exc:
            message = exc.errors[0].message if exc.errors else exc.message
            failed: dict[str, Any] = {"q": q, "params": params, "error": message, "result": None, "facets": []}
            return render(request, session, "search.html", failed, status=422)
        facets, exact = _facets(session, language_of(request), q, filters, params, result.facets.as_dict())
        context: dict[str, Any] = {"q": q, "params": params, "result": result, "error": None, "offset": offset}
        context |= {"facets": facets, "refine_exact": exact, "refine_cap": REFINE_CAP}
        context["page_links"] = _page_links(params, offset, result.next_cursor is not None)
        context |= _delivered(settings, session, params.get("to"), [h.hit["id"] for h in result.hits])
        return render(request, session, "search.html", context)


def _delivered(settings: Settings, session: Session, to: str | None, ids: list[str]) -> dict[str, Any]:
    """Days, $/t and kg CO2e/t from each hit to ``to`` (one routing search for the page), by producer id, or why
    there are none."""
    if not to or not ids:
        return {"delivered": None, "delivered_error": None}
    try:
        answer = delivered_to(settings, session, ids, to)
    except GatewayError as exc:
        return {"delivered": None, "delivered_error": exc.message}
    return {"delivered": {"to": answer["to"], "items": {i["id"]: i for i in answer["items"]}}, "delivered_error": None}


def _facets(
    session: Session, lang: str, q: str, filters: SearchFilters, params: dict[str, str], counts: dict[str, Any]
) -> tuple[list[Facet], bool]:
    sections, chapter_sections = browse.hs_sections(session)
    refine = refine_counts(session, q, filters, chapter_sections=chapter_sections)
    labels = {
        "country": browse.country_names(session, counts["country"]),
        "region": browse.region_names(session, refine.region),
    }
    names = browse.hs_names(session, refine.hs)
    tiers = {"country": counts["country"], "tier": counts["verification_tier"]}
    return build_facets(params, tiers, refine, labels, names, sections, lang), refine.exact


def _page_links(params: dict[str, str], offset: int, more: bool) -> dict[str, str | None]:
    def at(start: int) -> str:
        href = search_href(params)
        return href + ("&" if "?" in href else "?") + f"offset={start}" if start else href

    return {
        "previous": at(max(0, offset - PAGE_SIZE)) if offset else None,
        "next": at(offset + PAGE_SIZE) if more else None,
    }
