"""Loading demo data through the bulk path: what is stored, what is refused, what --replace removes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cagateway.db import Database
from cagateway.demo import loader
from cagateway.demo.generator import generate_producers
from cagateway.demo.loader import count_demo_producers, load_demo
from cagateway.errors import InvalidInput
from cagateway.registry import services
from cagateway.registry.bulk import BULK_TABLES, bulk_create_producers
from cagateway.registry.models import Batch, Change, LegalEntity, SourceRecord
from cagateway.registry.schemas import ProducerFilter
from tests.factories import ProducerFactory, SiteFactory


def _table_counts(session: Session) -> dict[str, int]:
    return {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in BULK_TABLES}


def _entity_of(session: Session, record_id: str) -> LegalEntity:
    entity_id = session.scalar(select(SourceRecord.entity_id).where(SourceRecord.source_record_id == record_id))
    return services.get_producer(session, session.get(LegalEntity, entity_id).public_id)  # type: ignore[union-attr]


def test_the_report_counts_what_is_in_the_database(fresh_db: Database) -> None:
    report = load_demo(fresh_db, 120, 3)
    assert report.status == "loaded"
    with fresh_db.session() as session:
        counts = _table_counts(session)
        batch = session.get(Batch, report.batch_id)
    assert report.counts["producers"] == counts["legal_entities"] == 120
    assert {k: v for k, v in report.counts.items() if k != "producers"} == {
        "names": counts["entity_names"],
        "identifiers": counts["identifiers"],
        "sites": counts["sites"],
        "product_lines": counts["product_lines"],
        "certificates": counts["certificates"],
        "contacts": counts["contacts"],
        "source_records": counts["source_records"],
        "changes": counts["changes"],
        "provenance": counts["provenance"],
    }
    assert batch is not None and batch.status == "done" and batch.counts["producers"] == 120


def test_a_stored_producer_reads_back_as_it_was_generated(fresh_db: Database) -> None:
    load_demo(fresh_db, 60, 4)
    with fresh_db.session() as session:
        for n, data in enumerate(generate_producers(60, 4)):
            entity = _entity_of(session, f"demo-4-{n}")
            assert entity.display_name == data.names[0].value
            assert [x.value for x in entity.names] == [x.value for x in data.names]
            assert [(i.scheme, i.value) for i in entity.identifiers] == [(i.scheme, i.value) for i in data.identifiers]
            assert {i.status for i in entity.identifiers} <= {"valid", "unverifiable"}
            assert [s.region_code for s in entity.sites] == [s.region for s in data.sites]
            plants = {s.id for s in entity.sites if s.kind == "plant"}
            assert [p.hs_code for p in entity.product_lines] == [p.hs_code for p in data.product_lines]
            assert all(p.site_id in plants for p in entity.product_lines)
            assert entity.provenance.kind == "generated" and entity.version == 1
        changes = session.scalars(select(Change)).all()
    assert {(c.action, c.version, c.actor) for c in changes} == {("create", 1, loader.ACTOR)}


def test_loading_again_skips_and_replace_removes_only_demo_producers(fresh_db: Database) -> None:
    with fresh_db.writer() as session:
        own = services.create_producer(session, ProducerFactory(), actor="test").public_id
    load_demo(fresh_db, 50, 1)
    again = load_demo(fresh_db, 50, 1)
    assert again.status == "skipped" and again.existing == 50 and "--replace" in again.message
    replaced = load_demo(fresh_db, 30, 2, replace=True)
    assert (replaced.status, replaced.deleted) == ("loaded", 50)
    with fresh_db.session() as session:
        assert count_demo_producers(session) == 30
        assert services.get_producer(session, own).display_name == "ТОО «Шымкентцемент»"


def test_the_orm_creates_producers_after_a_bulk_load(fresh_db: Database) -> None:
    """Ids were assigned in Python: PostgreSQL's sequences must have been moved past them."""
    load_demo(fresh_db, 40, 5)
    with fresh_db.writer() as session:
        entity = services.create_producer(session, ProducerFactory(), actor="test")
        assert entity.id == 41
    with fresh_db.session() as session:
        assert len(services.list_producers(session, ProducerFilter(), limit=100).items) == 41


def test_an_interrupted_load_is_marked_failed_and_replace_starts_clean(
    fresh_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "COMMIT_EVERY", 20)
    calls: list[int] = []

    def interrupt_second_block(done: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_demo(fresh_db, 60, 6, progress=interrupt_second_block)
    with fresh_db.session() as session:
        assert count_demo_producers(session) == 20  # the first block was committed, the second rolled back
        assert session.scalars(select(Batch.status)).all() == ["failed"]
    skipped = load_demo(fresh_db, 60, 6)
    assert skipped.status == "skipped" and "did not finish" in skipped.message
    assert load_demo(fresh_db, 60, 6, replace=True).counts["producers"] == 60


def _two(**changes: Any) -> list[Any]:
    return [ProducerFactory(), ProducerFactory(**changes)]


def test_an_invalid_producer_stops_the_load_and_is_named_by_index(session: Session) -> None:
    bad = _two(sites=[SiteFactory(region="UZ-TK")])
    with pytest.raises(InvalidInput) as caught:
        bulk_create_producers(session, bad, batch_id=None, actor="test")
    assert [e.field for e in caught.value.errors] == ["producers[1].sites[0].region"]
    assert session.scalar(select(func.count()).select_from(LegalEntity)) == 0


def test_a_repeated_identifier_is_refused_within_a_load_and_against_the_database(session: Session) -> None:
    first = ProducerFactory()
    twin = ProducerFactory(identifiers=first.identifiers)
    with pytest.raises(InvalidInput) as caught:
        bulk_create_producers(session, [first, twin], batch_id=None, actor="test")
    assert caught.value.errors[0].field == "producers[1].identifiers[0].value"
    assert "twice" in caught.value.errors[0].message
    bulk_create_producers(session, [first], batch_id=None, actor="test")
    with pytest.raises(InvalidInput, match="already registered"):
        bulk_create_producers(session, [ProducerFactory(identifiers=first.identifiers)], batch_id=None, actor="test")


def test_rows_without_a_row_number_share_one_provenance_record(session: Session) -> None:
    result = bulk_create_producers(
        session, [ProducerFactory() for _ in range(12)], batch_id=None, actor="t", chunk_size=5
    )
    assert (result.producers, result.provenance) == (12, 1)
    assert result.rows == sum(result.counts().values())
