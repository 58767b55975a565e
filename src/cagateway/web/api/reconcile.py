"""OpenRefine reconciliation service (Reconciliation API 0.2) over the producer registry.

Analysts match their own company lists to registry producers: OpenRefine reads the service manifest from
``GET /api/v1/reconcile`` and sends batches as ``queries={"q0": {"query": "...", "properties": [...]}}``
(form-encoded POST, or a GET parameter). Each query is answered by :func:`cagateway.search.reconcile.match_name`,
so a name written in another script or with its legal form moved or translated still finds the producer. Optional
properties: ``country`` (ISO alpha-2, filters), ``identifier`` (a BIN/INN: an exact identifier hit wins outright)
and ``city`` (a tie-breaker). Candidates link to the portal profile ``/producers/{id}``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from cagateway.errors import FieldError, InvalidInput
from cagateway.search.query import MAX_QUERY_CHARS
from cagateway.search.reconcile import NameQuery, match_name
from cagateway.web.deps import ReadSession

router = APIRouter(tags=["reconcile"])

MAX_QUERIES = 50
MAX_RESULTS = 25
PRODUCER_TYPE = {"id": "Organization", "name": "Producer"}
PROPERTIES = {
    "country": "Country (ISO alpha-2)",
    "identifier": "National identifier (BIN, INN, STIR, ...)",
    "city": "City",
}


class PropertyValue(BaseModel):
    pid: Annotated[str, Field(max_length=40)]
    v: str | int | float | list[str] | None = None

    def text(self) -> str:
        value = self.v[0] if isinstance(self.v, list) and self.v else self.v
        return str(value or "").strip()


class ReconQuery(BaseModel):
    query: Annotated[str, Field(max_length=MAX_QUERY_CHARS)]
    type: str | None = None
    type_strict: str | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_RESULTS)] = 5
    properties: list[PropertyValue] = []

    def prop(self, pid: str) -> str:
        return next((p.text() for p in self.properties if p.pid == pid and p.text()), "")


class Candidate(BaseModel):
    id: str
    name: str
    score: float
    match: bool
    type: list[dict[str, str]]


class ReconResult(BaseModel):
    result: list[Candidate]


def _candidates(session: Session, q: ReconQuery) -> list[Candidate]:
    """Registry producers for one query, best first (OpenRefine shows them in this order)."""
    name = NameQuery(q.query, q.limit, q.prop("country") or None, q.prop("identifier"), q.prop("city"))
    return [Candidate(**asdict(m), type=[PRODUCER_TYPE]) for m in match_name(session, name)]


def reconcile(session: Session, queries: dict[str, ReconQuery]) -> dict[str, ReconResult]:
    """Answer a batch of reconciliation queries, keyed as they came."""
    return {key: ReconResult(result=_candidates(session, q)) for key, q in queries.items()}


def _parse_queries(raw: str) -> dict[str, ReconQuery]:
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        if len(data) > MAX_QUERIES:
            raise ValueError(f"at most {MAX_QUERIES} queries per request")
        return {str(k): ReconQuery.model_validate(v) for k, v in data.items()}
    except (ValueError, ValidationError) as exc:
        message = (
            'queries must be a JSON object of queries, e.g. {"q0": {"query": "Shymkent Cement"}}, '
            f"with at most {MAX_QUERIES} queries ({str(exc).splitlines()[0]})"
        )
        raise InvalidInput(
            "The reconciliation request is not valid: fix queries.", [FieldError("queries", message)]
        ) from exc


def _manifest(request: Request) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    return {
        "versions": ["0.2"],
        "name": "Central Asia Gateway producers",
        "identifierSpace": f"{base}/producers/",
        "schemaSpace": "https://schema.org/",
        "defaultTypes": [PRODUCER_TYPE],
        "view": {"url": f"{base}/producers/{{{{id}}}}"},
        "preview": {"url": f"{base}/producers/{{{{id}}}}", "width": 480, "height": 320},
        "propose_properties": None,
        "properties": [{"id": k, "name": v} for k, v in PROPERTIES.items()],
    }


def _answer(body: Any) -> JSONResponse:
    # OpenRefine and browser clients on other origins call this service: allow them (spec 0.2 asks for CORS).
    return JSONResponse(body, headers={"Access-Control-Allow-Origin": "*"})


def _results(session: Session, raw: str) -> JSONResponse:
    answers = reconcile(session, _parse_queries(raw))
    return _answer({k: v.model_dump() for k, v in answers.items()})


_FORM = {
    "requestBody": {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {"queries": {"type": "string", "description": "JSON object of queries"}},
                    "required": ["queries"],
                }
            }
        }
    }
}


@router.get("/api/v1/reconcile", response_model=dict[str, Any])
def reconcile_get(
    request: Request,
    session: ReadSession,
    queries: Annotated[
        str | None,
        Query(
            max_length=100_000,
            description="JSON object of queries; without it, the service manifest",
            examples=['{"q0": {"query": "Shymkent Cement", "properties": [{"pid": "country", "v": "KZ"}]}}'],
        ),
    ] = None,
) -> JSONResponse:
    """The service manifest (no ``queries``), or the candidates for each query in ``queries``."""
    if queries is None:
        return _answer(_manifest(request))
    return _results(session, queries)


@router.post("/api/v1/reconcile", response_model=dict[str, ReconResult], openapi_extra=_FORM)
async def reconcile_post(request: Request) -> JSONResponse:
    """Candidates for each query in the form field ``queries`` (how OpenRefine sends batches)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    raw = parse_qs(body).get("queries", [None])[0]
    if raw is None:
        raise InvalidInput.single("queries", 'send queries={"q0": {"query": "..."}} form-encoded')
    return await run_in_threadpool(_results_in_new_session, request, raw)


def _results_in_new_session(request: Request, raw: str) -> JSONResponse:
    with request.app.state.db.session() as session:
        return _results(session, raw)
