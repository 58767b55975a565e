"""Registry services on real databases (SQLite and PostgreSQL), each test in a rolled-back transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cagateway.errors import InvalidInput
from cagateway.registry import services
from cagateway.registry.errors import IdentifierTaken, InvalidCursor, ProducerChanged, ProducerNotFound
from cagateway.registry.models import LegalEntity, ProductLine, Site
from cagateway.registry.public_ids import is_public_id
from cagateway.registry.schemas import CertificateIn, IdentifierIn, NameIn, ProducerFilter, ProducerUpdate
from tests.factories import ProducerFactory, ProductLineFactory, SiteFactory


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_create_then_describe_round_trips_every_part(session: Session) -> None:
    entity = services.create_producer(
        session, ProducerFactory(identifiers=[IdentifierIn(scheme="kz-bin", value="9401 4000 0385")]), actor="tester"
    )
    detail = services.describe_producer(session, entity.public_id)

    assert is_public_id(detail["id"])
    assert detail["name"] == "ТОО «Шымкентцемент»"
    assert [n["lang"] for n in detail["names"]] == ["ru", "kk"]
    assert detail["legal_form"] == "LLP"  # detected from "ТОО"
    assert detail["identifiers"] == [
        {
            "scheme": "KZ-BIN",
            "value": "940140000385",
            "status": "valid",
            "provenance": detail["identifiers"][0]["provenance"],
        }
    ]
    assert detail["product_lines"][0]["hs_code"] == "252329"
    assert detail["product_lines"][0]["incoterms"] == ["FCA", "DAP"]
    assert detail["sites"][0]["region"] == "KZ-79"
    assert detail["sources"][0]["source"] == "test"
    assert detail["version"] == 1


def test_every_part_carries_its_provenance(session: Session) -> None:
    entity = services.create_producer(session, ProducerFactory(), actor="tester")
    detail = services.describe_producer(session, entity.public_id)
    for part in ("names", "identifiers", "sites", "product_lines", "certificates", "contacts"):
        for row in detail[part]:
            assert row["provenance"]["source"] == "test"
            assert row["provenance"]["kind"] == "official"
            assert row["provenance"]["retrieved_at"]


def test_expired_certificate_shows_as_expired(session: Session) -> None:
    data = ProducerFactory(
        certificates=[
            CertificateIn(kind="ISO 9001", valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2021, 1, 1)),
            CertificateIn(kind="ST-KZ", valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2099, 1, 1)),
        ]
    )
    entity = services.create_producer(session, data, actor="tester")
    certs = services.describe_producer(session, entity.public_id)["certificates"]
    assert [c["expired"] for c in certs] == [True, False]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"identifiers": [IdentifierIn(scheme="KZ-BIN", value="940140000386")]}, "identifiers[0].value"),
        ({"country": "XX"}, "country"),
        ({"sites": [SiteFactory(region="UZ-TK")]}, "sites[0].region"),
        ({"sites": [SiteFactory(region="KZ-99")]}, "sites[0].region"),
        ({"product_lines": [ProductLineFactory(hs_code="999999")]}, "product_lines[0].hs_code"),
        ({"sites": [SiteFactory(lat=95.0)]}, "sites[0].lat"),
        ({"sites": [SiteFactory(lat=-33.9, lon=18.4)]}, "sites[0].lat"),
        (
            {
                "certificates": [
                    CertificateIn(kind="ISO 9001", valid_from=dt.date(2024, 5, 1), valid_to=dt.date(2023, 5, 1))
                ]
            },
            "certificates[0].valid_to",
        ),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(session: Session, change: dict, field: str) -> None:
    before = _count(session, LegalEntity)
    with pytest.raises(InvalidInput) as info:
        services.create_producer(session, ProducerFactory(**change), actor="tester")
    assert field in [e.field for e in info.value.errors]
    assert field.split("[", maxsplit=1)[0] in str(info.value)
    assert _count(session, LegalEntity) == before


def test_an_identifier_already_registered_is_a_conflict_naming_the_owner(session: Session) -> None:
    first = services.create_producer(session, ProducerFactory(), actor="tester")
    bin_ = first.identifiers[0].value
    with pytest.raises(IdentifierTaken) as info:
        services.create_producer(
            session, ProducerFactory(identifiers=[IdentifierIn(scheme="KZ-BIN", value=bin_)]), actor="tester"
        )
    assert info.value.errors[0].field == "identifiers[0].value"
    assert first.public_id in info.value.errors[0].message


def test_swapped_coordinates_get_a_hint(session: Session) -> None:
    with pytest.raises(InvalidInput) as info:
        services.create_producer(session, ProducerFactory(sites=[SiteFactory(lat=69.59, lon=42.32)]), actor="t")
    assert "swapped" in info.value.errors[0].message


def test_all_problems_are_reported_together(session: Session) -> None:
    data = ProducerFactory(
        identifiers=[IdentifierIn(scheme="KZ-BIN", value="123")],
        product_lines=[ProductLineFactory(hs_code="0000")],
        sites=[SiteFactory(lat=200.0)],
    )
    with pytest.raises(InvalidInput) as info:
        services.create_producer(session, data, actor="tester")
    assert {e.field for e in info.value.errors} >= {
        "identifiers[0].value",
        "product_lines[0].hs_code",
        "sites[0].lat",
    }


def test_update_with_current_version_applies_and_records_history(session: Session) -> None:
    entity = services.create_producer(session, ProducerFactory(), actor="alice")
    services.update_producer(
        session,
        entity.public_id,
        ProducerUpdate(names=[NameIn(value="АО «Шымкентцемент»", lang="ru")], verification_tier="documents_checked"),
        expected_version=1,
        actor="bob",
    )
    detail = services.describe_producer(session, entity.public_id)
    assert detail["version"] == 2
    assert detail["name"] == "АО «Шымкентцемент»"
    assert detail["verification_tier"] == "documents_checked"
    history = services.list_changes(session, entity.public_id)
    assert [(c.action, c.actor, c.version) for c in history] == [("create", "alice", 1), ("update", "bob", 2)]
    assert history[1].diff["verification_tier"] == {"old": "unverified", "new": "documents_checked"}
    assert history[1].diff["names"]["new"][0]["value"] == "АО «Шымкентцемент»"


def test_product_lines_updated_alone_point_into_the_producers_own_sites(session: Session) -> None:
    data = ProducerFactory(sites=[SiteFactory(city="Shymkent"), SiteFactory(city="Taraz")])
    entity = services.create_producer(session, data, actor="alice")
    lines = [ProductLineFactory(site_index=1)]
    services.update_producer(
        session, entity.public_id, ProducerUpdate(product_lines=lines), expected_version=1, actor="bob"
    )
    session.refresh(entity)
    assert [next(s.city for s in entity.sites if s.id == p.site_id) for p in entity.product_lines] == ["Taraz"]
    with pytest.raises(InvalidInput) as info:
        services.update_producer(
            session,
            entity.public_id,
            ProducerUpdate(product_lines=[ProductLineFactory(site_index=2)]),
            expected_version=2,
            actor="bob",
        )
    assert "no site number 2; there are 2" in str(info.value.errors)


def test_update_with_stale_version_is_a_conflict_and_changes_nothing(session: Session) -> None:
    entity = services.create_producer(session, ProducerFactory(), actor="alice")
    services.update_producer(
        session,
        entity.public_id,
        ProducerUpdate(website="https://a.example"),
        expected_version=1,
        actor="alice",
    )
    with pytest.raises(ProducerChanged, match="version 1, it is now at version 2"):
        services.update_producer(
            session,
            entity.public_id,
            ProducerUpdate(website="https://b.example"),
            expected_version=1,
            actor="bob",
        )
    assert services.describe_producer(session, entity.public_id)["website"] == "https://a.example"


def test_soft_delete_hides_the_producer_but_keeps_its_id(session: Session) -> None:
    entity = services.create_producer(session, ProducerFactory(), actor="alice")
    services.delete_producer(session, entity.public_id, expected_version=1, actor="alice", reason="duplicate")
    with pytest.raises(ProducerNotFound):
        services.get_producer(session, entity.public_id)
    kept = services.get_producer(session, entity.public_id, include_deleted=True)
    assert kept.deleted_at is not None
    page = services.list_producers(session, ProducerFilter(source="test"), limit=100)
    assert entity.public_id not in [e.public_id for e in page.items]


def test_list_filters_by_country_hs_prefix_region_and_pages_by_cursor(session: Session) -> None:
    cement = [services.create_producer(session, ProducerFactory(), actor="t") for _ in range(5)]
    flour = services.create_producer(
        session,
        ProducerFactory(product_lines=[ProductLineFactory(hs_code="110100", national_code="1101001100")]),
        actor="t",
    )
    seen: list[str] = []
    cursor = None
    while True:
        page = services.list_producers(
            session, ProducerFilter(country="KZ", hs="2523", source="test"), cursor=cursor, limit=2
        )
        seen += [e.public_id for e in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [e.public_id for e in cement]
    only_flour = services.list_producers(session, ProducerFilter(hs="11", source="test"), limit=50)
    assert [e.public_id for e in only_flour.items] == [flour.public_id]
    by_region = services.list_producers(session, ProducerFilter(region="KZ-79", source="test"), limit=50)
    assert len(by_region.items) == 6
    assert _count(session, ProductLine) >= 6
    assert _count(session, Site) >= 6


def test_a_forged_cursor_is_rejected_with_advice(session: Session) -> None:
    with pytest.raises(InvalidCursor, match="next_cursor"):
        services.list_producers(session, ProducerFilter(), cursor="not-a-cursor!", limit=5)


@pytest.mark.parametrize("dense_threshold", [1, 2000], ids=["exists-plan", "in-plan"])
def test_list_by_hs_gives_the_same_pages_whichever_plan_the_density_probe_picks(
    session: Session, monkeypatch: pytest.MonkeyPatch, dense_threshold: int
) -> None:
    # With a threshold of 1 every HS range counts as common (EXISTS walk); with 2000 these few lines are rare (IN).
    monkeypatch.setattr(services, "DENSE_HS_LINES", dense_threshold)
    cement = [services.create_producer(session, ProducerFactory(), actor="t") for _ in range(3)]
    services.create_producer(
        session, ProducerFactory(product_lines=[ProductLineFactory(hs_code="110100", national_code=None)]), actor="t"
    )
    page = services.list_producers(session, ProducerFilter(country="KZ", hs="2523", source="test"), limit=2)
    rest = services.list_producers(
        session, ProducerFilter(country="KZ", hs="2523", source="test"), cursor=page.next_cursor, limit=2
    )
    assert [e.public_id for e in page.items + rest.items] == [e.public_id for e in cement]
    assert rest.next_cursor is None
