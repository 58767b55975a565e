"""The producer profile page: names in every script, identifiers, products, certificates, sites on a map, the
provenance and last verification of each part, and Schema.org ``Organization`` JSON-LD for search engines."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from cagateway.errors import NotFound
from cagateway.moderation import services as moderation
from cagateway.registry import browse, services
from cagateway.text import transliterate
from cagateway.web.deps import ReadSession, SettingsDep
from cagateway.web.portal.maps import MapPoint, corridors, map_view
from cagateway.web.portal.render import display_name, language_of, render
from cagateway.web.security import CurrentUser

router = APIRouter(include_in_schema=False)

_TRANSLIT_LANGS = frozenset({"kk", "ky", "ru", "tg", "tk", "uz"})


def _address(site: dict[str, Any]) -> dict[str, Any]:
    parts = {
        "addressCountry": site["country"],
        "addressRegion": site["region"],
        "addressLocality": site["city"],
        "streetAddress": site["address"],
    }
    return {"@type": "PostalAddress", **{k: v for k, v in parts.items() if v}}


def json_ld(producer: dict[str, Any], url: str) -> str:
    """Schema.org Organization for ``producer``, as JSON safe to put inside a ``<script>`` element."""
    names = [n["value"] for n in producer["names"] if n["value"] != producer["name"]]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url,
        "url": producer["website"] or url,
        "name": producer["name"],
        "alternateName": names,
        "legalName": producer["name"],
        "identifier": [
            {"@type": "PropertyValue", "propertyID": i["scheme"], "value": i["value"]} for i in producer["identifiers"]
        ],
        "address": [_address(s) for s in producer["sites"]],
        "location": [
            {"@type": "Place", "geo": {"@type": "GeoCoordinates", "latitude": s["lat"], "longitude": s["lon"]}}
            for s in producer["sites"]
            if s["lat"] is not None and s["lon"] is not None
        ],
        "makesOffer": [
            {"@type": "Offer", "itemOffered": {"@type": "Product", "name": p["description"] or p["hs_code"]}}
            for p in producer["product_lines"]
        ],
    }
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _points(producer: dict[str, Any], lang: str) -> list[MapPoint]:
    label = display_name([n["value"] for n in producer["names"]], producer["name"], lang)
    return [
        MapPoint(s["lat"], s["lon"], f"{label} — {s['city'] or s['kind']}")
        for s in producer["sites"]
        if s["lat"] is not None and s["lon"] is not None
    ]


def _romanised(names: list[dict[str, Any]]) -> dict[str, str]:
    """Latin spellings of the names written in another script (BGN/PCGN; official Uzbek Latin for Uzbek)."""
    return {
        n["value"]: transliterate(n["value"], n["lang"] if n["lang"] in _TRANSLIT_LANGS else None)
        for n in names
        if n["script"] != "Latn"
    }


@router.get("/producers/{public_id}", response_class=HTMLResponse)
def producer_page(
    public_id: str, request: Request, session: ReadSession, settings: SettingsDep, user: CurrentUser
) -> HTMLResponse:
    """A producer's profile; an unknown or deleted id gives the portal's 404 page."""
    try:
        producer = services.describe_producer(session, public_id)
    except NotFound:
        return render(request, session, "not_found.html", {"what": public_id}, status=404)
    lang = language_of(request)
    codes = {p["hs_code"] for p in producer["product_lines"]} | {p["hs_heading"] for p in producer["product_lines"]}
    context = {
        "p": producer,
        "romanised": _romanised(producer["names"]),
        "hs": browse.hs_names(session, codes),
        "regions": browse.region_names(session, [s["region"] for s in producer["sites"] if s["region"]]),
        "view": map_view(_points(producer, lang), corridors(settings.logistics_data_dir)),
        "json_ld": json_ld(producer, str(request.url_for("producer_page", public_id=public_id))),
        "today": producer["updated_at"][:10],
        "user": user,
        **moderation.profile_extras(session, public_id, user.id if user else None),  # tiers' checks, edit link
    }
    return render(request, session, "producer.html", context)
