"""REST API v1: ``GET /api/v1/search``, the same search as ``cagateway search``, with facet counts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from cagateway.search import MAX_QUERY_CHARS, SearchFilters, search_producers
from cagateway.search.services import MAX_LIMIT
from cagateway.web.deps import ReadSession

router = APIRouter(tags=["search"])


@router.get("/api/v1/search")
def search(
    session: ReadSession,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, examples=["Ontustik cement"])] = "",
    country: Annotated[str | None, Query(examples=["KZ"])] = None,
    region: Annotated[str | None, Query(examples=["KZ-79"])] = None,
    hs: Annotated[str | None, Query(examples=["2523"])] = None,
    tier: Annotated[str | None, Query(examples=["documents_checked"])] = None,
    certificate: Annotated[str | None, Query(examples=["ISO 9001"])] = None,
    min_capacity: Annotated[float | None, Query(ge=0)] = None,
    sort: Annotated[str, Query(examples=["relevance"])] = "relevance",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
    cursor: str | None = None,
    facets: bool = True,
) -> dict[str, Any]:
    """Producers matching ``q`` in any script (names, products, HS names, places, identifiers), best first.

    Each hit is ``{"id", "name", "names", "country", "city", "hs_codes", "score", "why"}``; ``facets`` counts
    every match by country and verification tier; ``next_cursor`` pages on. An empty ``q`` lists producers by
    the filters alone. Bad parameters give a 422 naming the field.
    """
    filters = SearchFilters(country, region, hs, tier, certificate, min_capacity)
    result = search_producers(session, q, filters, limit=limit, offset=offset, cursor=cursor, sort=sort, facets=facets)
    return {"ok": True, **result.as_dict()}
