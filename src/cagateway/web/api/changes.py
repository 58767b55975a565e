"""REST API v1: the change feed for mirrors (created, updated, merged, unmerged, deleted producers, in order)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from cagateway.registry.changes import list_feed
from cagateway.web.deps import ReadSession

router = APIRouter(tags=["open data"])

MAX_FEED_PAGE = 1000


class FeedItemOut(BaseModel):
    seq: int
    at: str
    action: str
    id: str
    version: int
    merged_ids: list[str]
    restored_ids: list[str]


class FeedOut(BaseModel):
    ok: bool
    items: list[FeedItemOut]
    next_cursor: str


@router.get("/api/v1/changes", response_model=FeedOut)
def changes(
    session: ReadSession,
    since: Annotated[
        str | None,
        Query(
            description="next_cursor of the previous page, or an ISO 8601 time (changes at or after it); "
            "omit to start at the beginning",
            examples=["2026-11-29T00:00:00Z"],
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_FEED_PAGE)] = 100,
) -> FeedOut:
    """Producer changes after ``since``, oldest first, with the cursor to ask from next time.

    ``action`` is created, updated, deleted, merged (``merged_ids`` left lists for the golden record ``id``) or
    unmerged (the golden record ``id`` is gone; ``restored_ids`` are live again). An empty page keeps the cursor.
    """
    page = list_feed(session, since, limit)
    return FeedOut.model_validate(
        {"ok": True, "items": [i.as_dict() for i in page.items], "next_cursor": page.next_cursor}
    )
