"""REST API v1: bulk download of the public registry as CSV, JSON lines or Parquet, streamed as it is read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from cagateway.registry.export import ExportFormat, export_batches, stream_export
from cagateway.web.deps import database_of
from cagateway.web.security import audit_request

router = APIRouter(tags=["open data"])

_MEDIA: dict[ExportFormat, str] = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}

Country = Annotated[
    str | None,
    Query(description="Only producers of this country (ISO alpha-2)", pattern="^[A-Za-z]{2}$", examples=["KZ"]),
]


def _stream(request: Request, fmt: ExportFormat, country: str | None) -> StreamingResponse:
    database = database_of(request)

    def body() -> Iterator[bytes]:
        # Its own session, held for the whole download: the request's session closes when the endpoint returns.
        with database.session() as session:
            yield from stream_export(fmt, export_batches(session, country))

    audit_request(request, "export.downloaded", {"format": fmt, "country": country})
    suffix = f"-{country.upper()}" if country else ""
    headers = {"Content-Disposition": f'attachment; filename="cagateway-producers{suffix}.{fmt}"'}
    return StreamingResponse(body(), media_type=_MEDIA[fmt], headers=headers)


def _described(fmt: ExportFormat) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {_MEDIA[fmt].split(";")[0]: {"schema": {"type": "string", "format": "binary"}}}}}


@router.get("/api/v1/export.csv", response_class=StreamingResponse, responses=_described("csv"))
def export_csv(request: Request, country: Country = None) -> StreamingResponse:
    """Every live producer's public fields, one CSV row each (list values joined with ``|``)."""
    return _stream(request, "csv", country)


@router.get("/api/v1/export.jsonl", response_class=StreamingResponse, responses=_described("jsonl"))
def export_jsonl(request: Request, country: Country = None) -> StreamingResponse:
    """Every live producer's public fields, one JSON object per line."""
    return _stream(request, "jsonl", country)


@router.get("/api/v1/export.parquet", response_class=StreamingResponse, responses=_described("parquet"))
def export_parquet(request: Request, country: Country = None) -> StreamingResponse:
    """Every live producer's public fields as Parquet (list columns as lists), one row group per 2,000."""
    return _stream(request, "parquet", country)
