"""REST API v1: the HS tree and countries/regions, each node with its producer count (what the portal browses)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel

from cagateway.errors import NotFound
from cagateway.reference.services import get_country
from cagateway.registry.browse import HsNode, country_counts, hs_children, hs_node, region_counts
from cagateway.web.api.conditional import cached_by_revision, conditional_json
from cagateway.web.deps import ReadSession

router = APIRouter(tags=["browse"])

_NOT_MODIFIED: dict[int | str, dict[str, Any]] = {304: {"description": "Not modified (If-None-Match matched)"}}


class HsNodeOut(BaseModel):
    code: str
    level: str
    description_en: str
    description_ru: str | None
    producers: int


class HsTreeOut(BaseModel):
    ok: bool
    node: HsNodeOut | None
    children: list[HsNodeOut]


class PlaceOut(BaseModel):
    code: str
    name: str
    producers: int


class CountriesOut(BaseModel):
    ok: bool
    items: list[PlaceOut]


class CountryOut(BaseModel):
    ok: bool
    country: PlaceOut
    regions: list[PlaceOut]


def _node(n: HsNode) -> dict[str, Any]:
    return {
        "code": n.code,
        "level": n.level,
        "description_en": n.name_en,
        "description_ru": n.name_ru,
        "producers": n.producers,
    }


def _tree(request: Request, session: ReadSession, code: str | None) -> Response:
    key = code.strip().upper().replace(".", "") if code else None

    def compute() -> dict[str, Any]:
        node = _node(hs_node(session, key)) if key else None
        return {"ok": True, "node": node, "children": [_node(c) for c in hs_children(session, key)]}

    return conditional_json(request, cached_by_revision(request, session, f"hs:{key or ''}", compute))


@router.get("/api/v1/hs-tree", response_model=HsTreeOut, responses=_NOT_MODIFIED)
def hs_tree_root(request: Request, session: ReadSession) -> Any:
    """The 21 HS sections, each with the number of live producers that make something in it."""
    return _tree(request, session, None)


@router.get("/api/v1/hs-tree/{code}", response_model=HsTreeOut, responses=_NOT_MODIFIED)
def hs_tree_node(
    request: Request,
    session: ReadSession,
    code: Annotated[str, Path(max_length=8, examples=["II", "10", "1001"])],
) -> Any:
    """One node (a section numeral, a chapter, heading or subheading) and its children with producer counts."""
    return _tree(request, session, code)


@router.get("/api/v1/countries", response_model=CountriesOut, responses=_NOT_MODIFIED)
def countries(request: Request, session: ReadSession) -> Any:
    """Countries with live producers, most producers first, with their counts."""

    def compute() -> dict[str, Any]:
        return {"ok": True, "items": [vars(c) for c in country_counts(session)]}

    return conditional_json(request, cached_by_revision(request, session, "countries", compute))


@router.get("/api/v1/countries/{code}", response_model=CountryOut, responses=_NOT_MODIFIED)
def country(request: Request, session: ReadSession, code: Annotated[str, Path(max_length=2, examples=["KZ"])]) -> Any:
    """A country and its regions (ISO 3166-2), each with the number of producers that have a site there."""
    found = get_country(session, code.upper())
    if found is None:
        raise NotFound(f"No country {code!r}. Use an ISO alpha-2 code as listed by /api/v1/countries, e.g. KZ.")
    cc = found.code

    def compute() -> dict[str, Any]:
        total = next((c.producers for c in country_counts(session) if c.code == cc), 0)
        regions = [vars(r) for r in region_counts(session, cc)]
        return {"ok": True, "country": {"code": cc, "name": found.name_en, "producers": total}, "regions": regions}

    return conditional_json(request, cached_by_revision(request, session, f"country:{cc}", compute))
