"""Server-rendered pages. For now a plain home page listing producers (the portal issue replaces it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from cagateway.registry import services
from cagateway.registry.schemas import ProducerFilter
from cagateway.registry.serialise import producer_summary
from cagateway.web.deps import ReadSession

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    session: ReadSession,
    country: Annotated[str | None, Query(max_length=2)] = None,
    cursor: str | None = None,
) -> HTMLResponse:
    filters = ProducerFilter(country=country or None)
    page = services.list_producers(session, filters, cursor=cursor, limit=50)
    return templates.TemplateResponse(
        request,
        "home.html",
        {
            "producers": [producer_summary(e) for e in page.items],
            "next_cursor": page.next_cursor,
            "country": country or "",
            "total": services.count_producers(session),
            "generated": services.has_generated_data(session),
        },
    )
