"""Browsing counts: a producer counts once per HS node and region however many lines or sites it has there, and
deleted producers do not count; the search refinements agree with them."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from cagateway.errors import NotFound
from cagateway.ingest.resolution.golden import merge_records
from cagateway.registry import browse, services
from cagateway.search.facets import refine_counts
from tests.factories import ProducerFactory, ProductLineFactory, SiteFactory


def _producer(session: Session, codes: list[str], region: str = "KZ-79") -> str:
    data = ProducerFactory(
        sites=[SiteFactory(region=region)],
        product_lines=[ProductLineFactory(hs_code=c, national_code=None, site_index=0) for c in codes],
    )
    return services.create_producer(session, data, actor="test").public_id


def test_hs_counts_are_distinct_producers_per_node(session: Session) -> None:
    _producer(session, ["252329", "251511", "260111"])  # two chapters of section V, two headings of chapter 25
    _producer(session, ["252310"])
    gone = _producer(session, ["252329"])
    entity = services.get_producer(session, gone)
    services.delete_producer(session, gone, expected_version=entity.version, actor="test")
    sections = {n.code: n.producers for n in browse.hs_children(session)}
    assert sections["V"] == 2 and sections["I"] == 0 and len(sections) == 21
    chapters = {n.code: n.producers for n in browse.hs_children(session, "V")}
    assert chapters["25"] == 2 and chapters["26"] == 1 and chapters["27"] == 0
    headings = {n.code: n.producers for n in browse.hs_children(session, "25")}
    assert headings["2523"] == 2 and headings["2515"] == 1
    assert browse.hs_node(session, "2523").producers == 2
    assert browse.hs_node(session, "2523", with_count=False).parent == "25"
    with pytest.raises(NotFound):
        browse.hs_node(session, "9999")


def test_places_and_refinements_agree(session: Session) -> None:
    first = _producer(session, ["252329", "260111"], region="KZ-79")  # chapters 25 and 26, both section V
    _producer(session, ["252310"], region="KZ-75")
    regions = {p.code: p.producers for p in browse.region_counts(session, "KZ")}
    assert regions["KZ-79"] == 1 and regions["KZ-75"] == 1 and regions["KZ-10"] == 0
    assert {p.code: p.producers for p in browse.country_counts(session)} == {"KZ": 2}
    _, chapter_sections = browse.hs_sections(session)
    refine = refine_counts(session, "", chapter_sections=chapter_sections)
    assert refine.exact and refine.counted == 2
    assert refine.hs["25"] == 2 and refine.hs["2523"] == 2 and refine.hs["2601"] == 1
    assert refine.section["V"] == 2  # not 3: the first producer's two chapters of section V count once
    assert refine.region == {"KZ-79": 1, "KZ-75": 1}
    ids = browse.live_public_ids(session)
    assert first == ids[0] and len(ids) == 2
    assert browse.live_public_ids(session, 1, 5) == ids[1:]


def test_region_counts_leave_out_deleted_and_merged_producers(session: Session) -> None:
    _producer(session, ["252329"], region="KZ-79")
    gone = _producer(session, ["252329"], region="KZ-79")
    entity = services.get_producer(session, gone)
    services.delete_producer(session, gone, expected_version=entity.version, actor="test")
    pair = [services.get_producer(session, _producer(session, ["252310"], region="KZ-75")).id for _ in range(2)]
    merge_records(session, pair, method="review", actor="test")
    regions = {p.code: p.producers for p in browse.region_counts(session, "KZ")}
    # KZ-79: one live producer, not its deleted neighbour; KZ-75: the golden record only, not it and its members
    assert regions["KZ-79"] == 1 and regions["KZ-75"] == 1 and regions["KZ-10"] == 0
    assert {p.code: p.producers for p in browse.country_counts(session)} == {"KZ": 2}
    assert services.count_producers(session) == 2


def test_counts_read_at_once_equal_the_counts_per_node(session: Session) -> None:
    _producer(session, ["252329", "251511", "260111"], region="KZ-79")
    _producer(session, ["2523", "252310"], region="KZ-75")  # a line coded to a heading only
    gone = _producer(session, ["252329"], region="KZ-79")
    entity = services.get_producer(session, gone)
    services.delete_producer(session, gone, expected_version=entity.version, actor="test")
    pair = [services.get_producer(session, _producer(session, ["100199"], region="KZ-75")).id for _ in range(2)]
    merge_records(session, pair, method="review", actor="test")
    counts = browse.browse_counts(session)
    assert counts.total == services.count_producers(session) == 3
    for parent in (None, "V", "II", "25", "2523", "10", "1001"):
        assert browse.hs_children(session, parent, counts) == browse.hs_children(session, parent)
    for code in ("V", "25", "2523", "252329", "1001"):
        assert browse.hs_node(session, code, counts=counts) == browse.hs_node(session, code)
    assert counts.hs["25"] == 2 and counts.hs["2523"] == 2 and counts.hs["V"] == 2 and counts.hs["II"] == 1
    assert browse.country_counts(session, counts) == browse.country_counts(session)
    assert browse.region_counts(session, "KZ", counts) == browse.region_counts(session, "KZ")
