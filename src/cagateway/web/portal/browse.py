"""Browsing pages: the HS tree with producer counts, countries and regions, and the files for crawlers
(``robots.txt``, ``sitemap.xml``)."""

from __future__ import annotations

import math

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from cagateway.errors import NotFound
from cagateway.reference.services import get_country, get_subdivision
from cagateway.registry import browse
from cagateway.search import SearchFilters, search_producers
from cagateway.web.api.browse import cached_counts
from cagateway.web.deps import ReadSession, SettingsDep
from cagateway.web.portal.maps import corridors, map_view
from cagateway.web.portal.render import render

router = APIRouter(include_in_schema=False)

SITEMAP_LIMIT = 50_000  # the sitemap protocol's limit per file


@router.get("/hs", response_class=HTMLResponse)
def hs_root(request: Request, session: ReadSession) -> HTMLResponse:
    """The 21 HS sections with their producer counts."""
    children = browse.hs_children(session, None, cached_counts(request, session))
    return render(request, session, "hs.html", {"node": None, "children": children, "trail": []})


@router.get("/hs/{code}", response_class=HTMLResponse)
def hs_page(code: str, request: Request, session: ReadSession) -> HTMLResponse:
    """A section, chapter, heading or subheading: its children with counts and a link to its producers."""
    counts = cached_counts(request, session)
    try:
        node = browse.hs_node(session, code.upper(), counts=counts)
    except NotFound:
        return render(request, session, "not_found.html", {"what": code}, status=404)
    trail: list[browse.HsNode] = []
    parent = node.parent
    while parent:
        up = browse.hs_node(session, parent, with_count=False)
        trail.insert(0, up)
        parent = up.parent
    children = browse.hs_children(session, node.code, counts) if node.level != "subheading" else []
    return render(request, session, "hs.html", {"node": node, "children": children, "trail": trail})


@router.get("/countries", response_class=HTMLResponse)
def countries(request: Request, session: ReadSession) -> HTMLResponse:
    """Countries with producers."""
    places = browse.country_counts(session, cached_counts(request, session))
    return render(request, session, "countries.html", {"countries": places})


def _top(session: ReadSession, filters: SearchFilters) -> list[dict[str, object]]:
    result = search_producers(session, "", filters, limit=10, facets=False)
    return [hit.hit for hit in result.hits]


@router.get("/countries/{code}", response_class=HTMLResponse)
def country_page(code: str, request: Request, session: ReadSession, settings: SettingsDep) -> HTMLResponse:
    """A country: its regions with producer counts, its best-verified producers, the corridor map."""
    country = get_country(session, code.upper()) if len(code) == 2 and code.isalpha() else None
    if country is None:
        return render(request, session, "not_found.html", {"what": code}, status=404)
    context = {
        "country": country,
        "regions": browse.region_counts(session, country.code, cached_counts(request, session)),
        "top": _top(session, SearchFilters(country=country.code)),
        "view": map_view([], corridors(settings.logistics_data_dir)),
    }
    return render(request, session, "country.html", context)


@router.get("/regions/{code}", response_class=HTMLResponse)
def region_page(code: str, request: Request, session: ReadSession) -> HTMLResponse:
    """A region (ISO 3166-2): its best-verified producers and a link to search them all."""
    region = get_subdivision(session, code.upper())
    if region is None:
        return render(request, session, "not_found.html", {"what": code}, status=404)
    top = _top(session, SearchFilters(country=region.country_code, region=region.code))
    return render(request, session, "region.html", {"region": region, "top": top})


@router.get("/robots.txt", response_class=PlainTextResponse)
def robots(request: Request) -> PlainTextResponse:
    """Crawlers welcome: the data is open; the sitemap index lists every page."""
    sitemap = str(request.url_for("sitemap"))
    return PlainTextResponse(f"User-agent: *\nAllow: /\nDisallow: /api/v1/reconcile\n\nSitemap: {sitemap}\n")


def _xml(request: Request, template: str, context: dict[str, object]) -> Response:
    body = render(request, None, template, context, media_type="application/xml").body
    return Response(body, media_type="application/xml")


@router.get("/sitemap.xml")
def sitemap(request: Request, session: ReadSession) -> Response:
    """A sitemap index: the browsing pages, then the producers in files of at most 50,000 URLs."""
    base = str(request.base_url).rstrip("/")
    chunks = max(1, math.ceil(cached_counts(request, session).total / SITEMAP_LIMIT))
    files = [f"{base}/sitemap-pages.xml"] + [f"{base}/sitemap-producers-{i}.xml" for i in range(1, chunks + 1)]
    return _xml(request, "sitemap_index.xml", {"files": files})


@router.get("/sitemap-pages.xml")
def sitemap_pages(request: Request, session: ReadSession) -> Response:
    """Home, search, the HS sections and the countries."""
    base = str(request.base_url).rstrip("/")
    urls = [f"{base}/", f"{base}/search", f"{base}/hs", f"{base}/countries"]
    counts = cached_counts(request, session)
    urls += [f"{base}/countries/{p.code}" for p in browse.country_counts(session, counts)]
    urls += [f"{base}/hs/{n.code}" for n in browse.hs_children(session, None, counts)]
    return _xml(request, "sitemap.xml", {"urls": urls})


@router.get("/sitemap-producers-{number}.xml")
def sitemap_producers(number: int, request: Request, session: ReadSession) -> Response:
    """Producer profiles, 50,000 per file, in id order; a number past the last file is a 404."""
    ids = browse.live_public_ids(session, (number - 1) * SITEMAP_LIMIT, SITEMAP_LIMIT) if number >= 1 else []
    if not ids and number != 1:
        return render(request, session, "not_found.html", {"what": f"sitemap-producers-{number}.xml"}, status=404)
    base = str(request.base_url).rstrip("/")
    return _xml(request, "sitemap.xml", {"urls": [f"{base}/producers/{pid}" for pid in ids]})
