"""The change feed: every create, update, merge, unmerge and delete of a producer, in order, for mirrors.

It reads the registry's own history (the ``changes`` table, one row per write with the producer's new version),
so the feed needs no table of its own. A mirror keeps ``next_cursor`` and asks again; the cursor is the position
of the last change it saw, so pages never skip or repeat a change even when writes arrive between requests.

What a mirror does with each action:

- ``created`` / ``updated``: fetch ``/api/v1/producers/{id}`` (or take the fields it needs from the export);
- ``deleted``: drop the producer (its id is never reused);
- ``merged``: the golden record ``id`` now stands for the producers in ``merged_ids``, which leave lists;
- ``unmerged``: the golden record ``id`` is gone and the producers in ``restored_ids`` are live again.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from cagateway.registry import cursors
from cagateway.registry.errors import InvalidCursor
from cagateway.registry.models import Change, LegalEntity

__all__ = ["ACTIONS", "ChangeFeedPage", "FeedItem", "decode_since", "list_feed", "registry_revision"]

# History actions as the feed names them (the history keeps the verbs the services wrote).
ACTIONS = {
    "create": "created",
    "update": "updated",
    "delete": "deleted",
    "merge": "merged",
    "remerge": "merged",
    "unmerge": "unmerged",
}


@dataclass
class FeedItem:
    """One change of one producer."""

    seq: int
    at: dt.datetime
    action: str
    id: str
    version: int
    merged_ids: list[str] = field(default_factory=list)
    restored_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of one feed entry."""
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "action": self.action,
            "id": self.id,
            "version": self.version,
            "merged_ids": self.merged_ids,
            "restored_ids": self.restored_ids,
        }


@dataclass
class ChangeFeedPage:
    items: list[FeedItem]
    next_cursor: str


def encode_cursor(seq: int) -> str:
    """The opaque cursor for 'after change ``seq``'."""
    return cursors.encode_cursor("c1", seq)


def _parse_timestamp(since: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def decode_since(session: Session, since: str | None) -> int:
    """The last change already seen: 0 for the start, a cursor's position, or the change before a timestamp."""
    if not since:
        return 0
    moment = _parse_timestamp(since)
    if moment is not None:
        first = session.scalar(select(func.min(Change.id)).where(Change.at >= moment))
        return (first - 1) if first is not None else (session.scalar(select(func.max(Change.id))) or 0)
    seq = cursors.decode_cursor(since, "c1")
    if seq is None:
        raise InvalidCursor(since)
    return seq


def _restored(session: Session, golden_id: int) -> list[str]:
    """Public ids of the producers a dissolved golden record stood for, live again."""
    members = session.scalars(
        select(LegalEntity.public_id).where(
            LegalEntity.merged_into_id.is_(None), LegalEntity.id.in_(_member_ids(session, golden_id))
        )
    )
    return sorted(members)


def _member_ids(session: Session, golden_id: int) -> list[int]:
    """Members of a golden record, from entity resolution's table read by name (registry must not import ingest)."""
    raw = session.scalar(text("SELECT members FROM golden_records WHERE entity_id = :id"), {"id": golden_id})
    members = json.loads(raw) if isinstance(raw, str) else raw  # SQLite returns JSON as text
    return [int(m) for m in members or []]


def list_feed(session: Session, since: str | None, limit: int) -> ChangeFeedPage:
    """Up to ``limit`` changes after ``since`` (a cursor or an ISO 8601 timestamp), oldest first."""
    after = decode_since(session, since)
    rows = session.execute(
        select(
            Change.id, Change.at, Change.action, Change.version, Change.diff, Change.entity_id, LegalEntity.public_id
        )
        .join(LegalEntity, LegalEntity.id == Change.entity_id)
        .where(Change.id > after)
        .order_by(Change.id)
        .limit(limit)
    ).all()
    items = []
    for row in rows:
        item = FeedItem(row.id, row.at, ACTIONS.get(row.action, row.action), row.public_id, row.version)
        if row.action in {"merge", "remerge"}:
            item.merged_ids = [str(m) for m in (row.diff or {}).get("members", [])]
        elif row.action == "unmerge":
            item.restored_ids = _restored(session, row.entity_id)
        items.append(item)
    return ChangeFeedPage(items, encode_cursor(items[-1].seq if items else after))


def registry_revision(session: Session) -> int:
    """A number that grows with every write to producers (the last change's position): cheap cache validators."""
    return session.scalar(select(func.max(Change.id))) or 0
