"""Read the registry's source records for resolution: one :class:`RawRecord` per live, non-golden producer row.

Merged members are read too (they are the source rows; golden records are built from them); golden records and
deleted rows are not. Reads go through Core in a handful of set queries, not per-producer look-ups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.ingest.resolution.features import RawRecord
from cagateway.ingest.resolution.models import GoldenRecord
from cagateway.registry.models import Contact, EntityName, Identifier, LegalEntity, ProductLine, Site

__all__ = ["load_records"]


def _grouped(rows: Iterable[Any]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for entity_id, value in rows:
        out[entity_id].append(value)
    return out


def load_records(session: Session) -> list[RawRecord]:
    """Every source record the resolver compares, in id order."""
    goldens = select(GoldenRecord.entity_id).where(GoldenRecord.unmerged_at.is_(None))
    live = select(LegalEntity.id).where(LegalEntity.deleted_at.is_(None), LegalEntity.id.not_in(goldens))
    entities = session.execute(
        select(LegalEntity.id, LegalEntity.country_code, LegalEntity.display_name, LegalEntity.website)
        .where(LegalEntity.id.in_(live))
        .order_by(LegalEntity.id)
    ).all()

    def rows(*columns: Any) -> dict[int, list[Any]]:
        table = columns[0].class_
        return _grouped(session.execute(select(*columns).where(table.entity_id.in_(live)).order_by(table.id)).all())

    names = rows(EntityName.entity_id, EntityName.value)
    identifiers = rows(Identifier.entity_id, Identifier.scheme + ":" + Identifier.value)
    sites = _grouped(
        (entity_id, (city, region))
        for entity_id, city, region in session.execute(
            select(Site.entity_id, Site.city, Site.region_code).where(Site.entity_id.in_(live)).order_by(Site.id)
        )
    )
    hs = rows(ProductLine.entity_id, ProductLine.hs_code)
    contacts = _grouped(
        (entity_id, (kind, value))
        for entity_id, kind, value in session.execute(
            select(Contact.entity_id, Contact.kind, Contact.value).where(Contact.entity_id.in_(live))
        )
    )
    out = []
    for entity_id, country, display_name, website in entities:
        site = next(iter(sites.get(entity_id, [])), (None, None))
        kinds = contacts.get(entity_id, [])
        out.append(
            RawRecord(
                record_id=entity_id,
                country=country,
                names=[display_name, *names.get(entity_id, [])],
                identifiers=identifiers.get(entity_id, []),
                city=site[0],
                region=site[1],
                hs_codes=hs.get(entity_id, []),
                phones=[v for k, v in kinds if k == "phone"],
                emails=[v for k, v in kinds if k == "email"],
                websites=[w for w in [website, *(v for k, v in kinds if k == "website")] if w],
            )
        )
    return out
