"""Golden records: merge source records by survivorship rules, and unmerge them again.

A merge never edits its members. The golden record is a new legal entity (a new public id) holding copies of the
members' names, sites, product lines, certificates and contacts — each copy keeps the provenance of the row it
came from — chosen by survivorship: members ranked by provenance kind (official > claimed > crowdsourced >
generated), then newer ``retrieved_at``, then older record. Scalar fields come from the best-ranked member that
has them (a :class:`FieldProvenance` row says which, when it is not the best one); the verification tier is the
highest any member reached. Identifiers and source records are unique registry-wide, so they stay with the
members; the registry's detail view lists them under the golden record. Members get ``merged_into_id``.

Unmerge soft-deletes the golden record (its public id is never reused), clears ``merged_into_id`` and records
each pair of former members as rejected, so that the next ``resolve`` does not merge them again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from itertools import combinations
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from cagateway.db.base import utcnow
from cagateway.ingest.resolution.errors import NotMerged
from cagateway.ingest.resolution.models import GoldenRecord, ReviewPair
from cagateway.registry.errors import ProducerNotFound
from cagateway.registry.models import (
    Change,
    FieldProvenance,
    LegalEntity,
    Provenance,
)
from cagateway.registry.public_ids import new_public_id
from cagateway.search import index_producers
from cagateway.text import fold_for_search

__all__ = ["merge_records", "unmerge_producer"]

KIND_RANK = {"official": 0, "claimed": 1, "crowdsourced": 2, "generated": 3}
TIER_RANK = {"unverified": 0, "registry_matched": 1, "documents_checked": 2, "site_visited": 3}
SCALARS = ("legal_form", "legal_form_local", "activity_code", "website")
_LOAD = [
    selectinload(getattr(LegalEntity, name)) for name in ("names", "sites", "product_lines", "certificates", "contacts")
]


def _fold(value: str | None) -> str:
    return fold_for_search(value or "")


# What makes two rows of a collection the same thing, so the golden record lists it once.
_KEYS: dict[str, Callable[[Any], Hashable]] = {
    "names": lambda n: (fold_for_search(n.value), n.kind),
    "sites": lambda s: (s.kind, s.country_code, s.region_code, _fold(s.city), _fold(s.address)),
    "certificates": lambda c: (c.kind, c.number),
    "contacts": lambda c: (c.kind, c.value.strip().lower()),
}


def _ranked(session: Session, members: Sequence[LegalEntity]) -> list[LegalEntity]:
    ids = {m.provenance_id for m in members}
    provs = {p.id: p for p in session.scalars(select(Provenance).where(Provenance.id.in_(ids)))}

    def key(entity: LegalEntity) -> tuple[int, float, int]:
        prov = provs[entity.provenance_id]
        return KIND_RANK.get(prov.kind, 9), -prov.retrieved_at.timestamp(), entity.id

    return sorted(members, key=key)


def _copy(row: Any, **changes: Any) -> Any:
    """A new ORM row of the same class with the same column values, except the key, owner and ``changes``."""
    columns = {c.key: getattr(row, c.key) for c in row.__mapper__.column_attrs if c.key not in {"id", "entity_id"}}
    return type(row)(**(columns | changes))


def _survivors(ranked: Sequence[LegalEntity], name: str) -> list[Any]:
    seen: set[Hashable] = set()
    rows = []
    for member in ranked:
        for row in getattr(member, name):
            key = _KEYS[name](row)
            if key not in seen:
                seen.add(key)
                rows.append(row)
    return rows


def _clear(session: Session, golden: LegalEntity) -> None:
    for name in ("product_lines", "names", "sites", "certificates", "contacts"):
        for row in list(getattr(golden, name)):
            session.delete(row)
    for override in session.scalars(select(FieldProvenance).where(FieldProvenance.entity_id == golden.id)):
        session.delete(override)
    session.flush()
    session.expire(golden, ["product_lines", "names", "sites", "certificates", "contacts"])


def _copy_collections(session: Session, golden: LegalEntity, ranked: Sequence[LegalEntity]) -> None:
    site_ids: dict[int, int] = {}
    for site in _survivors(ranked, "sites"):
        copy = _copy(site, entity_id=golden.id)
        session.add(copy)
        session.flush()
        site_ids[site.id] = copy.id
    for name in ("names", "certificates", "contacts"):
        session.add_all(_copy(row, entity_id=golden.id) for row in _survivors(ranked, name))
    seen: set[tuple[str, str | None]] = set()
    for member in ranked:
        for line in member.product_lines:
            if (line.hs_code, line.description) not in seen:
                seen.add((line.hs_code, line.description))
                session.add(_copy(line, entity_id=golden.id, site_id=site_ids.get(line.site_id or -1)))
    session.flush()


def _apply_scalars(session: Session, golden: LegalEntity, ranked: Sequence[LegalEntity]) -> None:
    best = ranked[0]
    golden.country_code = best.country_code
    golden.display_name = best.display_name
    golden.provenance_id = best.provenance_id
    golden.verification_tier = max((m.verification_tier for m in ranked), key=lambda t: TIER_RANK.get(t, 0))
    for field in SCALARS:
        source = next((m for m in ranked if getattr(m, field) is not None), best)
        setattr(golden, field, getattr(source, field))
        if source is not best:
            session.add(
                FieldProvenance(
                    entity_id=golden.id,
                    table_name="legal_entities",
                    row_id=golden.id,
                    field=field,
                    provenance_id=source.provenance_id,
                )
            )


def _new_golden(session: Session, best: LegalEntity) -> LegalEntity:
    while True:
        public_id = new_public_id()
        if session.scalar(select(LegalEntity.id).where(LegalEntity.public_id == public_id)) is None:
            break
    golden = LegalEntity(
        public_id=public_id,
        country_code=best.country_code,
        display_name=best.display_name,
        provenance_id=best.provenance_id,
        version=1,
    )
    session.add(golden)
    session.flush()
    return golden


def _active_golden(session: Session, entity_id: int) -> GoldenRecord | None:
    return session.scalar(
        select(GoldenRecord).where(GoldenRecord.entity_id == entity_id, GoldenRecord.unmerged_at.is_(None))
    )


def _dissolve(session: Session, record: GoldenRecord, now: dt.datetime, actor: str, reason: str) -> LegalEntity:
    golden = session.get_one(LegalEntity, record.entity_id)
    session.execute(
        update(LegalEntity).where(LegalEntity.merged_into_id == golden.id).values(merged_into_id=None),
        execution_options={"synchronize_session": "fetch"},
    )
    record.unmerged_at = now
    golden.deleted_at = now
    golden.version += 1
    golden.updated_at = now
    session.add(
        Change(entity_id=golden.id, actor=actor, action="unmerge", version=golden.version, diff={"reason": reason})
    )
    session.flush()
    return golden


def merge_records(
    session: Session, entity_ids: Sequence[int], *, method: str, actor: str, index: bool = True
) -> LegalEntity:
    """Merge the records ``entity_ids`` (and everything already merged with them) into one golden record.

    Reuses the oldest golden record among them (its public id stays); other golden records among them are
    dissolved into it. Returns the golden record; a no-op when they already form exactly that golden record
    and no member was edited since it was built (an edited member rebuilds it).
    With ``index`` the search index follows in the same transaction (members leave it, the golden record
    enters); bulk callers pass False and call :func:`~cagateway.search.index_producers` once at the end.
    """
    goldens = {
        gid for gid in session.scalars(select(LegalEntity.merged_into_id).where(LegalEntity.id.in_(entity_ids))) if gid
    }
    member_ids = set(entity_ids) | set(
        session.scalars(select(LegalEntity.id).where(LegalEntity.merged_into_id.in_(goldens)))
    )
    keep = min(goldens) if goldens else None
    record = _active_golden(session, keep) if keep else None
    if record is not None and len(goldens) == 1 and set(record.members) == member_ids and keep is not None:
        current = session.get_one(LegalEntity, keep)
        newest = session.scalar(select(func.max(LegalEntity.updated_at)).where(LegalEntity.id.in_(member_ids)))
        if newest is None or newest <= current.updated_at:
            return current  # same members, none edited since: nothing to do
    now = utcnow()
    for other in sorted(goldens - {keep} if keep else set()):
        old = _active_golden(session, other)
        if old is not None:
            _dissolve(session, old, now, actor, f"joined into a larger golden record by {method} merge")
    members = list(session.scalars(select(LegalEntity).where(LegalEntity.id.in_(member_ids)).options(*_LOAD)))
    ranked = _ranked(session, members)
    if record is None:
        golden = _new_golden(session, ranked[0])
        record = GoldenRecord(entity_id=golden.id, method=method, members=[])
        session.add(record)
        action, version = "merge", 1
    else:
        golden = session.get_one(LegalEntity, record.entity_id)
        _clear(session, golden)
        golden.version += 1
        golden.updated_at = now
        action, version = "remerge", golden.version
    _apply_scalars(session, golden, ranked)
    _copy_collections(session, golden, ranked)
    for member in members:
        member.merged_into_id = golden.id
    record.members = sorted(member_ids)
    diff = {"members": [m.public_id for m in ranked], "method": method}
    session.add(Change(entity_id=golden.id, actor=actor, action=action, version=version, diff=diff))
    session.flush()
    if index:
        index_producers(session, [golden.id, *member_ids, *goldens])
    return golden


def _reject_pairs(session: Session, member_ids: Sequence[int], now: dt.datetime, actor: str) -> None:
    for left, right in combinations(sorted(member_ids), 2):
        pair = session.scalar(
            select(ReviewPair).where(ReviewPair.left_entity_id == left, ReviewPair.right_entity_id == right)
        )
        if pair is None:
            pair = ReviewPair(left_entity_id=left, right_entity_id=right, detail={})
            session.add(pair)
        pair.status, pair.decided_at, pair.decided_by = "rejected", now, actor
        pair.detail = {**(pair.detail or {}), "reason": "unmerge"}
    session.flush()


def unmerge_producer(session: Session, public_id: str, *, actor: str) -> tuple[LegalEntity, list[LegalEntity]]:
    """Dissolve the golden record ``public_id`` (or the one a member ``public_id`` is merged into).

    Returns the (now deleted) golden record and its former members, which are live records again, exactly as
    they were before the merge.
    """
    entity = session.scalar(select(LegalEntity).where(LegalEntity.public_id == public_id))
    if entity is None:
        raise ProducerNotFound(public_id)
    record = _active_golden(session, entity.merged_into_id or entity.id)
    if record is None:
        raise NotMerged(public_id)
    member_ids = list(session.scalars(select(LegalEntity.id).where(LegalEntity.merged_into_id == record.entity_id)))
    now = utcnow()
    golden = _dissolve(session, record, now, actor, "unmerged")
    _reject_pairs(session, member_ids, now, actor)
    members = list(session.scalars(select(LegalEntity).where(LegalEntity.id.in_(member_ids)).order_by(LegalEntity.id)))
    index_producers(session, [golden.id, *member_ids])
    return golden, members
