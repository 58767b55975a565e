"""REST API v1: the HS tree and countries/regions, each node with its producer count (what the portal browses)."""

from __future__ import annotations

import threading
import time
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from cagateway.db import Database
from cagateway.errors import NotFound
from cagateway.reference.services import get_country
from cagateway.registry.browse import (
    BrowseCounts,
    HsNode,
    browse_counts,
    country_counts,
    hs_children,
    hs_node,
    region_counts,
)
from cagateway.registry.changes import registry_revision
from cagateway.web.api.conditional import conditional_json
from cagateway.web.deps import ReadSession

router = APIRouter(tags=["browse"])

__all__ = ["cached_counts", "router"]

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


SYNC_SECONDS = 0.25  # counts that took longer to read are refreshed in the background after a write


class _CountsCache:
    """The last browse counts read and the registry revision they are of.

    Any write makes them stale. When reading them is quick (small registries, tests) they are re-read at once, so
    a page never shows counts older than the registry; when it took seconds (1M producers), pages keep showing
    the previous counts while one background thread reads the new ones: a count that lags a write by a few
    seconds is better than making every visitor after a write wait for a full pass."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.value: BrowseCounts | None = None
        self.revision = -1
        self.seconds = 0.0
        self.refreshing = False

    def read(self, session: Session, revision: int) -> BrowseCounts:
        """Read the counts now and keep them (unless newer ones were kept meanwhile)."""
        start = time.perf_counter()
        value = browse_counts(session)
        with self.lock:
            if revision >= self.revision:
                self.value, self.revision, self.seconds = value, revision, time.perf_counter() - start
        return value

    def refresh(self, db: Database) -> None:
        """Re-read the counts in a session of its own (runs in a background thread)."""
        try:
            with db.session() as session:
                self.read(session, registry_revision(session))
        finally:
            with self.lock:
                self.refreshing = False


def warm_counts(app: FastAPI) -> threading.Thread:
    """Read the browse counts in a background thread, so that the first page after start-up finds them."""
    cache: _CountsCache = app.state.__dict__.setdefault("browse_counts", _CountsCache())
    with cache.lock:
        cache.refreshing = True
    thread = threading.Thread(target=cache.refresh, args=(app.state.db,), daemon=True, name="warm-counts")
    thread.start()
    return thread


def cached_counts(request: Request, session: Session) -> BrowseCounts:
    """The browse counts shared by the API and the portal pages: read once per registry revision, at a cost of
    one indexed ``max()`` per request in between (see :class:`_CountsCache` for what happens after a write)."""
    cache: _CountsCache = request.app.state.__dict__.setdefault("browse_counts", _CountsCache())
    revision = registry_revision(session)
    with cache.lock:
        value, fresh = cache.value, cache.revision == revision
        slow = value is not None and cache.seconds > SYNC_SECONDS
        start = not fresh and slow and not cache.refreshing
        cache.refreshing = cache.refreshing or start
    if start:
        threading.Thread(target=cache.refresh, args=(request.app.state.db,), daemon=True).start()
    if value is not None and (fresh or slow):
        return value
    return cache.read(session, revision)


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
    counts = cached_counts(request, session)
    node = _node(hs_node(session, key, counts=counts)) if key else None
    children = [_node(c) for c in hs_children(session, key, counts)]
    return conditional_json(request, {"ok": True, "node": node, "children": children})


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
    items = [vars(c) for c in country_counts(session, cached_counts(request, session))]
    return conditional_json(request, {"ok": True, "items": items})


@router.get("/api/v1/countries/{code}", response_model=CountryOut, responses=_NOT_MODIFIED)
def country(request: Request, session: ReadSession, code: Annotated[str, Path(max_length=2, examples=["KZ"])]) -> Any:
    """A country and its regions (ISO 3166-2), each with the number of producers that have a site there."""
    found = get_country(session, code.upper())
    if found is None:
        raise NotFound(f"No country {code!r}. Use an ISO alpha-2 code as listed by /api/v1/countries, e.g. KZ.")
    counts = cached_counts(request, session)
    place = {"code": found.code, "name": found.name_en, "producers": counts.countries.get(found.code, 0)}
    regions = [vars(r) for r in region_counts(session, found.code, counts)]
    return conditional_json(request, {"ok": True, "country": place, "regions": regions})
