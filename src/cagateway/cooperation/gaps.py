"""Registered producers as the trade gap finder's producer table, and the gap finder run on them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.reference.models import Country
from cagateway.registry.models import LegalEntity, ProductLine
from cagateway.trade import CENTRAL_ASIA, ProducerCapacity, find_gaps

__all__ = ["producer_capacities", "trade_gaps"]


def producer_capacities(session: Session, countries: Sequence[str] = CENTRAL_ASIA) -> list[ProducerCapacity]:
    """Product lines of live producers (not deleted, not merged) in ``countries`` (alpha-3), with capacity."""
    rows = session.execute(
        select(
            Country.alpha3,
            ProductLine.hs_code,
            LegalEntity.public_id,
            LegalEntity.display_name,
            ProductLine.capacity,
            ProductLine.capacity_unit,
        )
        .join(LegalEntity, LegalEntity.id == ProductLine.entity_id)
        .join(Country, Country.code == LegalEntity.country_code)
        .where(
            LegalEntity.deleted_at.is_(None),
            LegalEntity.merged_into_id.is_(None),
            Country.alpha3.in_(list(countries)),
        )
        .order_by(LegalEntity.id, ProductLine.id)
    ).all()
    return [ProducerCapacity(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def trade_gaps(
    session: Session,
    con: duckdb.DuckDBPyConnection,
    exporters: Sequence[str] = CENTRAL_ASIA,
    region: Sequence[str] = CENTRAL_ASIA,
    **options: Any,
) -> dict[str, Any]:
    """The gap finder on the registry's producers in ``exporters`` (options as :func:`trade.find_gaps`)."""
    producers = producer_capacities(session, exporters)
    result = find_gaps(con, producers, exporters, region, **options)
    result["registered_product_lines"] = len(producers)
    return result
