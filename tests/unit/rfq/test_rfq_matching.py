"""Matching producers to a request: HS level, capacity, certificates, country preference, live producers only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from cagateway.registry import services
from cagateway.registry.schemas import CertificateIn
from cagateway.rfq.matching import MatchQuery, find_matches
from tests.unit.rfq.conftest import TODAY, make_mill

DEADLINE = TODAY + dt.timedelta(days=30)


def _query(hs: str = "110100", quantity: float = 500, **kw: object) -> MatchQuery:
    return MatchQuery(hs, str(kw.pop("text", "")), quantity, "t", DEADLINE, **kw)  # type: ignore[arg-type]


def _ids(session: Session, query: MatchQuery) -> list[str]:
    return [m.public_id for m in find_matches(session, query)[0]]


def test_exact_subheading_ranks_above_same_heading(session: Session) -> None:
    rye = make_mill(session, "Rye Mill", hs="110290", description="Мука ржаная")
    wheat = make_mill(session, "Wheat Mill")
    make_mill(session, "Cement Works", hs="252329", description="Портландцемент")
    matches, _ = find_matches(session, _query())
    assert [m.public_id for m in matches] == [wheat.public_id]  # 1102 is another heading: not a match
    heading_only = make_mill(session, "Heading Mill", hs="1101", description="Мука")
    matches, _ = find_matches(session, _query())
    assert [m.public_id for m in matches] == [wheat.public_id, heading_only.public_id]
    assert [m.hs_match for m in matches] == ["exact", "heading"]
    assert "same heading 1101" in matches[1].reasons[0]
    assert rye.public_id not in _ids(session, _query("1102"))[1:]


def test_a_four_digit_request_matches_the_whole_heading_as_exact(session: Session) -> None:
    wheat = make_mill(session, "Wheat Mill")
    matches, _ = find_matches(session, _query("1101"))
    assert [(m.public_id, m.hs_match) for m in matches] == [(wheat.public_id, "exact")]


def test_text_match_comes_after_hs_matches(session: Session) -> None:
    wheat = make_mill(session, "Wheat Mill")
    texty = make_mill(session, "Мельница Текст", hs="190219", description="Макароны из пшеничной муки")
    matches, _ = find_matches(session, _query(text="пшеничной муки"))
    order = [m.public_id for m in matches]
    assert order[0] == wheat.public_id
    assert texty.public_id in order
    assert next(m for m in matches if m.public_id == texty.public_id).hs_match == "text"


def test_capacity_below_quantity_excludes_unknown_ranks_lower(session: Session) -> None:
    small = make_mill(session, "Small Mill", capacity=100)
    unknown = make_mill(session, "Unknown Mill", capacity=None)
    big = make_mill(session, "Big Mill", capacity=50_000)
    kg = make_mill(session, "Kilo Mill", capacity=900_000, unit="kg")  # 900 t
    matches, excluded = find_matches(session, _query(quantity=500))
    order = [m.public_id for m in matches]
    assert small.public_id not in order and excluded["capacity"] == 1
    assert order.index(big.public_id) < order.index(unknown.public_id)
    assert order.index(kg.public_id) < order.index(unknown.public_id)
    assert next(m for m in matches if m.public_id == kg.public_id).capacity == 900
    assert "capacity unknown" in next(m for m in matches if m.public_id == unknown.public_id).reasons[1]


def test_required_certificates_must_be_valid_on_the_deadline(session: Session) -> None:
    later = DEADLINE + dt.timedelta(days=365)
    holder = make_mill(session, "Halal Mill", certificates=[CertificateIn(kind="Halal", valid_to=later)])
    lapsing = make_mill(
        session, "Lapsing Mill", certificates=[CertificateIn(kind="Halal", valid_to=DEADLINE - dt.timedelta(days=1))]
    )
    without = make_mill(session, "Plain Mill")
    matches, excluded = find_matches(session, _query(certificates=["Halal"]))
    assert [m.public_id for m in matches] == [holder.public_id]
    assert excluded["certificates"] == 2
    assert f"holds Halal, valid to {later.isoformat()}" in matches[0].reasons
    assert {lapsing.public_id, without.public_id}.isdisjoint(m.public_id for m in matches)


def test_country_preference_boosts(session: Session) -> None:
    kz = make_mill(session, "Almaty Mill", capacity=200_000)
    uz = make_mill(session, "Toshkent Mill", country="UZ", city="Tashkent", capacity=1_000)
    assert _ids(session, _query()) == [kz.public_id, uz.public_id]  # larger capacity wins the tie
    assert _ids(session, _query(countries=["UZ"])) == [uz.public_id, kz.public_id]


def test_deleted_and_merged_producers_are_not_matched(session: Session) -> None:
    gone = make_mill(session, "Gone Mill")
    live = make_mill(session, "Live Mill")
    services.delete_producer(session, gone.public_id, expected_version=gone.version, actor="rfq-test")
    assert _ids(session, _query()) == [live.public_id]


def test_records_merged_into_a_golden_record_are_not_matched(session: Session) -> None:
    member = make_mill(session, "Member Mill")
    golden = make_mill(session, "Golden Mill")
    member.merged_into_id = golden.id
    session.flush()
    assert _ids(session, _query()) == [golden.public_id]
