"""The registry's producers become the gap finder's producer table (both backends)."""

from __future__ import annotations

import duckdb
from sqlalchemy.orm import Session

from cagateway.cooperation import producer_capacities, trade_gaps
from cagateway.registry import services
from cagateway.registry.schemas import ProductLineIn
from tests.factories import ProducerFactory


def _line(hs_code: str, capacity: float | None) -> ProductLineIn:
    return ProductLineIn(hs_code=hs_code, description="test line", capacity=capacity, capacity_unit="t")


def test_live_central_asian_producers_with_their_lines(session: Session) -> None:
    ferro = services.create_producer(
        session, ProducerFactory(product_lines=[_line("720241", 500_000.0), _line("252329", None)]), actor="t"
    )
    gone = services.create_producer(session, ProducerFactory(product_lines=[_line("720241", 1.0)]), actor="t")
    services.delete_producer(session, gone.public_id, actor="t", expected_version=gone.version)
    lines = [p for p in producer_capacities(session, ("KAZ",)) if p.producer_id in {ferro.public_id, gone.public_id}]
    assert [(p.country, p.hs_code, p.capacity) for p in lines] == [
        ("KAZ", "720241", 500_000.0),
        ("KAZ", "252329", None),
    ]
    assert all(p.name == ferro.display_name for p in lines)
    assert not [p for p in producer_capacities(session, ("UZB",)) if p.producer_id == ferro.public_id]


def test_trade_gaps_lists_registered_producers(session: Session, con: duckdb.DuckDBPyConnection) -> None:
    ferro = services.create_producer(session, ProducerFactory(product_lines=[_line("720241", 1e5)]), actor="t")
    result = trade_gaps(session, con, ("KAZ",), year=2023, min_rca=1.0, min_outside=10.0)
    assert result["registered_product_lines"] >= 1
    ids = [p["producer_id"] for item in result["items"] for p in item["producers"]]
    assert ferro.public_id in ids and result["items"][0]["hs6"] == "720241"
