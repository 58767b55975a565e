"""Golden records on both engines: survivorship, hiding members, the detail view, and exact unmerge."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.ingest.resolution import merge_records, unmerge_producer
from cagateway.ingest.resolution.errors import NotMerged
from cagateway.ingest.resolution.features import RawRecord
from cagateway.ingest.resolution.models import ReviewPair
from cagateway.registry import services
from cagateway.registry.models import Change, LegalEntity
from cagateway.registry.schemas import NameIn, ProducerFilter, ProducerUpdate
from tests.unit.resolution.helpers import SCENARIO_BIN, ontustik_scenario, store


def _live_ids(session: Session) -> set[str]:
    page = services.list_producers(session, ProducerFilter(), limit=1000)
    return {p.public_id for p in page.items}


def _snapshot(session: Session, entities: list[LegalEntity]) -> dict[str, Any]:
    history = {
        e.public_id: [(c.action, c.version, c.diff) for c in services.list_changes(session, e.public_id)]
        for e in entities
    }
    details = {e.public_id: services.describe_producer(session, e.public_id) for e in entities}
    return {"details": details, "history": history, "live": _live_ids(session)}


def test_golden_record_takes_official_fields_and_lists_every_source(session: Session) -> None:
    rows = ontustik_scenario(session)
    members = [rows["official"], rows["chamber"], rows["fair"]]
    golden = merge_records(session, [m.id for m in members], method="auto", actor="t")
    detail = services.describe_producer(session, golden.public_id)
    assert detail["name"] == "«Оңтүстік Цемент» ЖШС"  # the official register wins the display name
    assert detail["provenance"]["kind"] == "official"
    assert {(s["source"], s["source_record_id"]) for s in detail["sources"]} == {
        ("kz-register", "row-1"),
        ("chamber", "row-2"),
        ("fair", "row-3"),
    }
    assert [i["value"] for i in detail["identifiers"]] == [SCENARIO_BIN]
    assert {n["value"] for n in detail["names"]} == {
        "«Оңтүстік Цемент» ЖШС",
        "Ontustik Cement LLP",
        "ТОО «Онтустик Цемент»",
    }
    assert [p["hs_code"] for p in detail["product_lines"]] == ["2523"]  # the same line from three sources, once
    assert detail["website"] == "https://ontustik-cement.example" or detail["website"] is None
    live = _live_ids(session)
    assert golden.public_id in live and rows["distractor"].public_id in live
    assert not live & {m.public_id for m in members}
    assert services.count_producers(session) == 2


def test_source_filter_finds_the_golden_record_through_its_members(session: Session) -> None:
    rows = ontustik_scenario(session)
    golden = merge_records(session, [rows["official"].id, rows["fair"].id], method="review", actor="t")
    page = services.list_producers(session, ProducerFilter(source="fair"))
    assert [p.public_id for p in page.items] == [golden.public_id]


def test_merging_again_reuses_the_golden_record_and_its_id(session: Session) -> None:
    rows = ontustik_scenario(session)
    first = merge_records(session, [rows["official"].id, rows["chamber"].id], method="auto", actor="t")
    same = merge_records(session, [rows["official"].id, rows["chamber"].id], method="auto", actor="t")
    grown = merge_records(session, [rows["chamber"].id, rows["fair"].id], method="auto", actor="t")
    assert first.public_id == same.public_id == grown.public_id
    assert first.version == 2  # rebuilt once, when the fair record joined
    sources = services.describe_producer(session, grown.public_id)["sources"]
    assert len(sources) == 3


def test_unmerge_soft_deletes_the_golden_record_and_remembers_the_decision(session: Session) -> None:
    rows = ontustik_scenario(session)
    golden = merge_records(session, [rows["official"].id, rows["chamber"].id], method="auto", actor="t")
    deleted, restored = unmerge_producer(session, rows["chamber"].public_id, actor="t")  # a member's id works too
    assert deleted.public_id == golden.public_id and deleted.deleted_at is not None
    assert {m.public_id for m in restored} == {rows["official"].public_id, rows["chamber"].public_id}
    pair = session.scalars(select(ReviewPair)).one()
    assert (pair.status, pair.detail["reason"]) == ("rejected", "unmerge")
    with pytest.raises(NotMerged):
        unmerge_producer(session, rows["official"].public_id, actor="t")
    assert services.describe_producer(session, golden.public_id, include_deleted=True)["deleted"] is True


_KINDS = st.sampled_from(["official", "claimed", "crowdsourced", "generated"])
_CITIES = st.sampled_from([("Шымкент", "KZ-79"), ("Almaty", "KZ-75"), ("Астана", "KZ-71"), (None, None)])
_NAMES = st.sampled_from(
    ["ТОО «Оңтүстік Цемент»", "Ontustik Cement LLP", "«Алтын Ұн» ЖШС", "Altyn Un LLP", "Qazaq Glass"]
)
_ROW = st.tuples(
    _NAMES,
    _CITIES,
    st.lists(st.sampled_from(["2523", "1101", "7005", "252329"]), max_size=2, unique=True),
    st.lists(st.sampled_from(["+77252534010", "+77017654321"]), max_size=2, unique=True),
    _KINDS,
    st.integers(0, 400),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, min_size=2, max_size=4))
def test_merge_then_unmerge_restores_every_source_record_and_field(session: Session, rows: list[Any]) -> None:
    savepoint = session.begin_nested()
    try:
        members = []
        for n, (name, (city, region), hs, phones, kind, days) in enumerate(rows):
            raw = RawRecord(n, "KZ", [name], [], city, region, hs, phones)
            members.append(store(session, raw, source=f"src{n}", kind=kind, days_ago=days))
        before = _snapshot(session, members)
        changes_before = session.scalar(select(Change.id).order_by(Change.id.desc()).limit(1))
        golden = merge_records(session, [m.id for m in members], method="auto", actor="t")
        merged_sources = services.describe_producer(session, golden.public_id)["sources"]
        assert len(merged_sources) == len(members)
        assert not _live_ids(session) & {m.public_id for m in members}
        unmerge_producer(session, golden.public_id, actor="t")
        session.expire_all()
        after = _snapshot(session, members)
        assert after == before
        new_changes = session.scalars(select(Change).where(Change.id > (changes_before or 0))).all()
        assert {c.entity_id for c in new_changes} == {golden.id}  # members' histories untouched
    finally:
        savepoint.rollback()


def test_an_edited_member_rebuilds_its_golden_record_on_the_next_merge(session: Session) -> None:
    rows = ontustik_scenario(session)
    ids = [rows["official"].id, rows["chamber"].id]
    golden = merge_records(session, ids, method="auto", actor="t")
    assert merge_records(session, ids, method="auto", actor="t").version == 1  # nothing changed: no rebuild
    official = rows["official"]
    services.update_producer(
        session,
        official.public_id,
        ProducerUpdate(names=[NameIn(value="«Оңтүстік Цемент Зауыты» ЖШС")]),
        expected_version=official.version,
        actor="t",
    )
    rebuilt = merge_records(session, ids, method="auto", actor="t")
    assert rebuilt.public_id == golden.public_id and rebuilt.version == 2
    assert rebuilt.display_name == "«Оңтүстік Цемент Зауыты» ЖШС"
