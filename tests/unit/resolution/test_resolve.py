"""``resolve_producers`` over a real registry: merges across scripts, keeps distractors apart, queues, repeats."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.ingest.resolution import decide_review, list_review, resolve_producers, unmerge_producer
from cagateway.ingest.resolution.errors import ReviewItemDecided, ReviewItemNotFound, TooFewRecords
from cagateway.ingest.resolution.models import ReviewPair
from cagateway.registry import services
from cagateway.registry.models import LegalEntity
from cagateway.search import search_producers
from tests.unit.resolution.helpers import ontustik_scenario


def _resolve(session: Session, model: Path, **kwargs: object) -> dict[str, object]:
    options = {"merge_threshold": 0.95, "review_threshold": 0.5} | kwargs
    return resolve_producers(session, model_path=model, **options).as_dict()  # type: ignore[arg-type]


def test_resolve_merges_one_plant_across_scripts_and_keeps_the_trading_company(
    session: Session, trained_model: Path
) -> None:
    rows = ontustik_scenario(session)
    report = _resolve(session, trained_model)
    assert report["records"] == 4 and report["clusters"] == 1 and report["auto_merged"] == 3
    golden_id = rows["official"].merged_into_id
    assert golden_id is not None
    assert {rows[k].merged_into_id for k in ("chamber", "fair")} == {golden_id}
    assert rows["distractor"].merged_into_id is None
    golden = session.get_one(LegalEntity, golden_id)
    assert len(services.describe_producer(session, golden.public_id)["sources"]) == 3
    again = _resolve(session, trained_model)
    assert (again["auto_merged"], again["clusters"], again["records"]) == (0, 1, 4)  # nothing new, same golden


def test_unmerged_records_stay_apart_on_the_next_run(session: Session, trained_model: Path) -> None:
    rows = ontustik_scenario(session)
    _resolve(session, trained_model)
    golden = session.get_one(LegalEntity, rows["official"].merged_into_id)
    unmerge_producer(session, golden.public_id, actor="t")
    report = _resolve(session, trained_model)
    assert report["auto_merged"] == 0
    assert all(rows[k].merged_into_id is None for k in rows)


def test_uncertain_pairs_go_to_review_and_accepting_merges_them(session: Session, trained_model: Path) -> None:
    rows = ontustik_scenario(session)
    report = _resolve(session, trained_model, merge_threshold=1.0, review_threshold=0.01)
    assert report["auto_merged"] == 0 and report["queued_for_review"] >= 3
    items = list_review(session)
    assert items == sorted(items, key=lambda i: -i["match_probability"])
    top = items[0]
    plant = {rows[k].public_id for k in ("official", "chamber", "fair")}
    assert {top["left"]["id"], top["right"]["id"]} <= plant
    result = decide_review(session, top["id"], accept=True, actor="t")
    assert result["status"] == "accepted" and result["golden"]
    with pytest.raises(ReviewItemDecided):
        decide_review(session, top["id"], accept=False, actor="t")
    with pytest.raises(ReviewItemNotFound):
        decide_review(session, 999_999, accept=True, actor="t")
    again = _resolve(session, trained_model, merge_threshold=1.0, review_threshold=0.01)
    assert again["queued_for_review"] == 0  # a pair is queued once
    pending = session.scalars(select(ReviewPair).where(ReviewPair.status == "pending")).all()
    assert len(pending) == len(items) - 1


def test_training_needs_enough_records(session: Session, tmp_path: Path) -> None:
    ontustik_scenario(session)
    with pytest.raises(TooFewRecords, match="at least 50"):
        _resolve(session, tmp_path / "model.json", train=True)


def test_search_finds_the_golden_record_not_its_members(session: Session, trained_model: Path) -> None:
    rows = ontustik_scenario(session)
    _resolve(session, trained_model)
    golden = session.get_one(LegalEntity, rows["official"].merged_into_id)
    found = [hit.hit["id"] for hit in search_producers(session, "Ontustik Cement").hits]
    assert golden.public_id in found
    assert not {rows[k].public_id for k in ("official", "chamber", "fair")} & set(found)
    unmerge_producer(session, golden.public_id, actor="t")
    found = [hit.hit["id"] for hit in search_producers(session, "Ontustik Cement").hits]
    assert rows["official"].public_id in found and golden.public_id not in found
