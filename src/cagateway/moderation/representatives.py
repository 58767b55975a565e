"""Who represents which producer: read by RFQ (to notify representatives) and by every edit (to authorise it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session, aliased

from cagateway.moderation.models import Representative
from cagateway.registry.models import LegalEntity

__all__ = ["is_representative", "link_representative", "producers_of", "representatives_of"]


def _links_to(producer_ids: list[int]) -> Any:
    """(producer id, user id) of live links to ``producer_ids`` or to records merged into them."""
    member = aliased(LegalEntity)
    direct = select(Representative.entity_id.label("producer"), Representative.user_id).where(
        Representative.entity_id.in_(producer_ids), Representative.revoked_at.is_(None)
    )
    merged = (
        select(member.merged_into_id.label("producer"), Representative.user_id)
        .join(member, member.id == Representative.entity_id)
        .where(member.merged_into_id.in_(producer_ids), Representative.revoked_at.is_(None))
    )
    return union(direct, merged).subquery()


def representatives_of(session: Session, producer_ids: Iterable[int]) -> dict[int, list[int]]:
    """The users (``users.id``) who currently represent each producer (``legal_entities.id``).

    Every id asked for is a key; a producer nobody represents maps to an empty list. A representative of a record
    that entity resolution merged into a golden record represents the golden record too (until an unmerge).
    """
    wanted = sorted(set(producer_ids))
    result: dict[int, list[int]] = {pid: [] for pid in wanted}
    for start in range(0, len(wanted), 500):  # keep IN lists short on both engines
        links = _links_to(wanted[start : start + 500])
        for producer, user_id in session.execute(select(links).order_by(links.c.producer, links.c.user_id)):
            if user_id not in result[producer]:
                result[producer].append(user_id)
    return result


def producers_of(session: Session, user_id: int) -> list[int]:
    """The live producers (``legal_entities.id``) a user represents, in id order: a merged record counts as the
    golden record it was merged into."""
    linked = session.execute(
        select(LegalEntity.id, LegalEntity.merged_into_id)
        .join(Representative, Representative.entity_id == LegalEntity.id)
        .where(Representative.user_id == user_id, Representative.revoked_at.is_(None))
    )
    ids = {merged or own for own, merged in linked}
    live = session.scalars(
        select(LegalEntity.id).where(
            LegalEntity.id.in_(ids), LegalEntity.deleted_at.is_(None), LegalEntity.merged_into_id.is_(None)
        )
    )
    return sorted(live)


def is_representative(session: Session, user_id: int, entity_id: int) -> bool:
    """Whether ``user_id`` may edit producer ``entity_id`` as its representative."""
    return user_id in representatives_of(session, [entity_id])[entity_id]


def link_representative(session: Session, user_id: int, entity_id: int, submission_id: int | None) -> Representative:
    """Make ``user_id`` a representative of ``entity_id`` (again, if the link had been revoked)."""
    link = session.scalar(
        select(Representative).where(Representative.user_id == user_id, Representative.entity_id == entity_id)
    )
    if link is None:
        link = Representative(user_id=user_id, entity_id=entity_id, submission_id=submission_id)
        session.add(link)
    else:
        link.revoked_at, link.submission_id = None, submission_id
    session.flush()
    return link
