"""Search on both engines: across scripts, with typos, by HS code and identifier, filtered, with facets."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cagateway.db import Database
from cagateway.registry import services
from cagateway.registry.models import LegalEntity
from cagateway.registry.schemas import NameIn, ProducerUpdate
from cagateway.search import InvalidSearch, SearchFilters, search_producers
from cagateway.search.models import SearchDocument
from cagateway.search.ranking import WEIGHTS
from tests.unit.search.conftest import make_producer


def _ids(session: Session, query: str, filters: SearchFilters | None = None, limit: int = 20) -> list[str]:
    return [h.hit["id"] for h in search_producers(session, query, filters, limit=limit).hits]


@pytest.fixture
def plants(session: Session) -> dict[str, LegalEntity]:
    """A small market: cement in Shymkent (Kazakh name), cement in Tashkent (Uzbek), flour, a Latin-named plant."""
    return {
        "ontustik": make_producer(session, "«Оңтүстік Цемент» ЖШС", tier="site_visited"),
        "zamin": make_producer(
            session,
            '"Zamin Sement" MChJ',
            lang="uz",
            country="UZ",
            city="Toshkent",
            region="UZ-TK",
            description="Portlandsement",
            identifiers=[],
            certificate=None,
            capacity=300_000.0,
        ),
        "flour": make_producer(
            session, "ТОО «Шымкент Ұн»", lang="ru", hs="110100", description="Мука пшеничная", certificate="Halal"
        ),
        "latin": make_producer(
            session,
            "Taldykorgan Kurylys LLP",
            lang="en",
            city="Талдықорған",
            region="KZ-33",
            description=None,
            tier="documents_checked",
        ),
    }


def test_latin_query_finds_the_kazakh_cyrillic_name_first(session: Session, plants: dict[str, LegalEntity]) -> None:
    assert _ids(session, "Ontustik cement")[0] == plants["ontustik"].public_id


def test_cyrillic_query_finds_the_latin_name(session: Session, plants: dict[str, LegalEntity]) -> None:
    assert _ids(session, "Талдыкорган Курылыс")[0] == plants["latin"].public_id
    assert _ids(session, "Талдықорған Құрылыс")[0] == plants["latin"].public_id


def test_product_and_city_in_two_scripts(session: Session, plants: dict[str, LegalEntity]) -> None:
    found = _ids(session, "цемент Шымкент")
    assert found[0] == plants["ontustik"].public_id
    assert plants["zamin"].public_id not in found  # cement, but in Tashkent


def test_uzbek_sement_finds_cement_in_every_script(session: Session, plants: dict[str, LegalEntity]) -> None:
    found = set(_ids(session, "sement"))
    assert {plants["ontustik"].public_id, plants["zamin"].public_id, plants["latin"].public_id} <= found
    assert plants["flour"].public_id not in found


def test_hs_names_make_a_producer_without_product_text_findable(
    session: Session, plants: dict[str, LegalEntity]
) -> None:
    # "Taldykorgan Kurylys" has no product text at all; the English name of HS 252329 says "Cement".
    assert plants["latin"].public_id in _ids(session, "цемент")


def test_city_in_every_script_and_its_former_name(session: Session, plants: dict[str, LegalEntity]) -> None:
    for query in ("Shymkent", "Шымкент", "Chimkent"):
        assert plants["ontustik"].public_id in _ids(session, query), query
    assert plants["latin"].public_id in _ids(session, "Taldykorgan")


@pytest.mark.parametrize("query", ["Ontustk cement", "Ontustik cemnet", "Оңтүстик Цемнт", "Онтустик цемент"])
def test_typos_are_tolerated(session: Session, plants: dict[str, LegalEntity], query: str) -> None:
    result = search_producers(session, query)
    assert result.hits[0].hit["id"] == plants["ontustik"].public_id
    assert result.notes == []  # every word matched (corrected), not just some


@pytest.mark.parametrize("query", ["2523", "25.23", "2523.29"])
def test_hs_code_queries(session: Session, plants: dict[str, LegalEntity], query: str) -> None:
    found = set(_ids(session, query))
    assert plants["ontustik"].public_id in found
    assert plants["flour"].public_id not in found


def test_an_identifier_returns_its_producer_first(session: Session, plants: dict[str, LegalEntity]) -> None:
    bin_value = plants["flour"].identifiers[0].value
    result = search_producers(session, bin_value)
    assert result.hits[0].hit["id"] == plants["flour"].public_id
    assert result.hits[0].why["identifier"] == 1.0


def test_filters(session: Session, plants: dict[str, LegalEntity]) -> None:
    ontustik, zamin, latin = plants["ontustik"].public_id, plants["zamin"].public_id, plants["latin"].public_id
    assert set(_ids(session, "cement", SearchFilters(country="uz"))) == {zamin}
    assert set(_ids(session, "cement", SearchFilters(region="KZ-33"))) == {latin}
    assert set(_ids(session, "cement", SearchFilters(tier="documents_checked"))) == {ontustik, latin}
    assert set(_ids(session, "", SearchFilters(certificate="halal"))) == {plants["flour"].public_id}
    assert zamin not in _ids(session, "cement", SearchFilters(min_capacity=500_000))
    assert set(_ids(session, "", SearchFilters(hs="11"))) == {plants["flour"].public_id}
    assert set(_ids(session, "", SearchFilters(hs="25232"))) >= {ontustik, zamin, latin}


def test_facets_count_every_match(session: Session, plants: dict[str, LegalEntity]) -> None:
    result = search_producers(session, "cement", limit=1)
    assert result.facets.total == 3
    assert result.facets.country == {"KZ": 2, "UZ": 1}
    assert len(result.hits) == 1
    assert result.next_cursor is not None
    following = search_producers(session, "cement", limit=1, cursor=result.next_cursor)
    assert following.hits[0].hit["id"] != result.hits[0].hit["id"]


def test_each_hit_has_the_design_shape_and_explains_its_score(session: Session, plants: dict[str, LegalEntity]) -> None:
    hit = search_producers(session, "Ontustik cement").as_dict()["hits"][0]
    assert {"id", "name", "names", "country", "city", "hs_codes", "score", "why"} <= hit.keys()
    assert hit["names"] == ["«Оңтүстік Цемент» ЖШС"]
    assert hit["why"]["exact_name"] == 1.0
    assert "ontustik" in hit["why"]["matched_in_name"]


def test_an_update_and_a_delete_reach_the_index_in_the_same_transaction(
    session: Session, plants: dict[str, LegalEntity]
) -> None:
    entity = plants["flour"]
    services.update_producer(
        session, entity.public_id, ProducerUpdate(names=[NameIn(value="ТОО «Бидай Алтын»", lang="ru")]),
        expected_version=entity.version, actor="t",
    )  # fmt: skip
    assert _ids(session, "Бидай Алтын")[0] == entity.public_id
    old_name = {h.hit["id"]: h.why for h in search_producers(session, "Шымкент Ұн").hits}
    assert "exact_name" not in old_name.get(entity.public_id, {})  # found by city or product, not by the old name
    services.delete_producer(session, entity.public_id, expected_version=entity.version, actor="t")
    assert entity.public_id not in _ids(session, "Бидай Алтын")
    assert entity.public_id not in _ids(session, "")


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "cement OR", "'; DROP TABLE legal_entities; --", "!!!", ""])
def test_hostile_queries_give_results_or_nothing_never_an_error(
    session: Session, plants: dict[str, LegalEntity], query: str
) -> None:
    result = search_producers(session, query)
    assert result.facets.total >= 0
    assert session.query(LegalEntity).count() >= 4


def test_bad_sort_and_cursor_are_refused(session: Session) -> None:
    with pytest.raises(InvalidSearch):
        search_producers(session, "x", sort="price")
    with pytest.raises(InvalidSearch):
        search_producers(session, "x", cursor="not-a-cursor")


def test_the_index_commits_and_rolls_back_with_the_registry(fresh_db: Database) -> None:
    with fresh_db.writer() as session:
        kept = make_producer(session, "«Кептелген Цемент» ЖШС").public_id
    with pytest.raises(RuntimeError), fresh_db.writer() as session:
        make_producer(session, "«Жоғалған Цемент» ЖШС")
        raise RuntimeError("the request failed after the write")
    with fresh_db.session() as session:
        assert _ids(session, "Кептелген Цемент") == [kept]
        assert _ids(session, "Жоғалған") == []
        assert session.scalar(select(func.count()).select_from(SearchDocument)) == 1


def test_common_words_still_rank_the_named_plant_first(
    session: Session, plants: dict[str, LegalEntity], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cap on ranked matches lowered to 1, "cement" is a common word: the names-only matches are ranked
    and the rest come unranked; the plant named in the query must still come first, and every match is kept."""
    monkeypatch.setattr("cagateway.search.sqlite.RANK_CAP", 1)
    monkeypatch.setattr("cagateway.search.postgres.RANK_CAP", 1)
    make_producer(session, '"Zamin Sement Savdo" MChJ', lang="uz", country="UZ", city="Samarqand", region="UZ-SA")
    assert _ids(session, "Zamin sement")[0] == plants["zamin"].public_id
    assert _ids(session, "Оңтүстік цемент")[0] == plants["ontustik"].public_id
    assert set(_ids(session, "cement")) >= {plants["ontustik"].public_id, plants["zamin"].public_id}


def test_an_exact_name_outweighs_every_other_reason_together() -> None:
    """search_producers skips the other candidates when exact-name hits fill the page: that is only right while
    an exact name outscores everything else a non-identifier match can earn."""
    others = sum(w for k, w in WEIGHTS.items() if k not in {"identifier", "exact_name"})
    assert WEIGHTS["exact_name"] > others


def test_a_common_exact_name_pages_consistently(session: Session) -> None:
    """With more namesakes than a page, pages served from the exact hits alone continue into the other matches
    without repeating or losing anyone."""
    for city in ("Shymkent", "Taraz", "Almaty", "Aktobe"):
        make_producer(session, "ТОО «Нұр»", lang="ru", city=city)
    make_producer(session, "ТОО «Нұр Әлем»", lang="ru")
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        result = search_producers(session, "ТОО «Нұр»", limit=2, cursor=cursor)
        seen += [h.hit["id"] for h in result.hits]
        cursor = result.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 5
    assert seen[:4] == _ids(session, "ТОО «Нұр»", limit=4)


def test_counts_stop_at_the_cap_and_say_so(
    session: Session, plants: dict[str, LegalEntity], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond FACET_CAP matches the total and facets are lower bounds, and the result says so."""
    exact = search_producers(session, "цемент").facets
    assert exact.exact
    assert exact.total == 3  # both cement plants and the building firm coded 252329
    monkeypatch.setattr("cagateway.search.sqlite.FACET_CAP", 1)
    monkeypatch.setattr("cagateway.search.postgres.FACET_CAP", 1)
    capped = search_producers(session, "цемент")
    assert not capped.facets.exact
    assert capped.facets.total == 1
    assert capped.as_dict()["total_exact"] is False
    assert len(capped.hits) == 3  # the hits themselves are not capped


def test_browsing_by_a_rare_code_and_by_a_common_one_agree(
    session: Session, plants: dict[str, LegalEntity], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty query filtered by HS code is answered through the index when the code is rare and by walking
    the rank index when it is common; both give the same producers in the same order."""
    filters = SearchFilters(hs="2523")
    through_index = _ids(session, "", filters)
    monkeypatch.setattr("cagateway.search.sqlite.RANK_CAP", 0)  # every code now counts as common
    walked = _ids(session, "", filters)
    assert through_index == walked
    assert set(walked) == {plants["ontustik"].public_id, plants["zamin"].public_id, plants["latin"].public_id}
