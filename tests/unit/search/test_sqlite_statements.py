"""The SQLite statements made cheaper for the search endpoint find and count exactly what the plain ones did.

- ``search_fts_names`` (names and tags alone) counts names-only matches; it must match as ``search_fts`` with a
  ``{names}`` filter does, through every write;
- ``search_fts_count`` (the same columns without positions, its rowid the entity id with the country and tier in
  the low bits) counts facets; it must match as ``search_fts`` does, through every write, and a phrase it cannot
  match falls back to ``search_fts``.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from cagateway.registry import services
from cagateway.registry.models import LegalEntity
from cagateway.registry.schemas import NameIn, ProducerUpdate
from cagateway.search import SearchFilters, parse_query, search_producers
from cagateway.search.models import SearchDocument
from cagateway.search.query import expand_typos
from cagateway.search.services import backend_for, flush_index
from cagateway.search.sqlite import FACET_BITS, facet_of, facet_slot, match_expression
from tests.unit.search.conftest import make_producer


@pytest.fixture
def market(session: Session) -> dict[str, LegalEntity]:
    made = {
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
            tier="registry_matched",
        ),
        "flour": make_producer(session, "ТОО «Шымкент Ұн»", lang="ru", hs="110100", description="Мука пшеничная"),
        "hs_word": make_producer(session, "HS2523 Cckz Trading LLP", lang="en", description="Cement HS2523"),
    }
    flush_index(session)  # index the session's writes now, as a commit or a search would
    return made


def _sqlite_only(session: Session) -> None:
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's FTS5 tables; PostgreSQL has no counterpart")


def _rowids(session: Session, table: str, match: str) -> set[int]:
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH :m"
    return set(session.execute(text(sql), {"m": match}).scalars())


def _counted(session: Session, match: str) -> set[int]:
    return {rowid >> FACET_BITS for rowid in _rowids(session, "search_fts_count", match)}


def test_facet_slots_round_trip_and_agree_with_the_table(session: Session, market: dict[str, LegalEntity]) -> None:
    assert facet_of(facet_slot("KZ", 3)) == ("KZ", "site_visited")
    assert facet_of(facet_slot("UZ", 0)) == ("UZ", "unverified")
    assert facet_of(facet_slot("ZZ", 3)) == ("ZZ", "site_visited")
    assert facet_slot("ZZ", 3) < 1 << FACET_BITS
    with pytest.raises(ValueError, match="not a country code"):
        facet_slot("K1", 0)
    _sqlite_only(session)
    documents = {d.entity_id: d for d in session.query(SearchDocument)}
    rowids = _rowids(session, "search_fts_count", "tags: \"tierunverified\" OR tags: \"tierregistrymatched\" OR "
                     "tags: \"tiersitevisited\" OR tags: \"tierdocumentschecked\"")  # fmt: skip
    assert {r >> FACET_BITS for r in rowids} == set(documents) and len(documents) == len(market)
    for rowid in rowids:
        document = documents[rowid >> FACET_BITS]
        assert facet_of(rowid) == (document.country_code, document.verification_tier)


@pytest.mark.parametrize("query", ["cement", "Toshkent", "Шымкент", "Zamin Sement", "Cckz Trading", "2523"])
def test_the_count_index_matches_as_search_fts(session: Session, market: dict[str, LegalEntity], query: str) -> None:
    _sqlite_only(session)
    conn = session.connection()
    plan = expand_typos(conn, backend_for(conn), parse_query(query)).plan()
    every_kind = (
        SearchFilters(),
        SearchFilters(country="KZ"),
        SearchFilters(hs="25"),
        SearchFilters(tier="registry_matched"),
    )
    for filters in every_kind:
        match = match_expression(plan, filters)
        assert _counted(session, match) == _rowids(session, "search_fts", match)


def test_a_phrase_is_counted_through_search_fts(session: Session, market: dict[str, LegalEntity]) -> None:
    """A query token FTS5 splits in two ("shymkent_un") is a phrase, which search_fts_count (no positions) refuses."""
    _sqlite_only(session)
    with pytest.raises(OperationalError, match="phrase"):
        _counted(session, '"shymkent_un"')
    assert "шымкент_ұн" in parse_query("Шымкент_Ұн").plan().text_groups[0]  # the word as written is a token
    result = search_producers(session, "Шымкент_Ұн")
    assert result.facets.total == len(result.hits) >= 1
    assert result.facets.country == {"KZ": len(result.hits)}


@pytest.mark.parametrize("query", ["cement", "Toshkent", "Шымкент", "Zamin Sement", "Cckz Trading", "Ontustik"])
def test_names_only_matches_are_counted_alike_in_both_tables(
    session: Session, market: dict[str, LegalEntity], query: str
) -> None:
    _sqlite_only(session)
    conn = session.connection()
    plan = expand_typos(conn, backend_for(conn), parse_query(query)).plan()
    for filters in (SearchFilters(), SearchFilters(country="KZ")):
        names = match_expression(plan, filters, columns="names")
        assert _rowids(session, "search_fts_names", names) == _rowids(session, "search_fts", names)


def test_the_names_and_count_indexes_follow_every_write(session: Session, market: dict[str, LegalEntity]) -> None:
    _sqlite_only(session)

    def agree(word: str) -> set[int]:
        names = _rowids(session, "search_fts_names", f'{{names}}: "{word}"')
        assert names == _rowids(session, "search_fts", f'{{names}}: "{word}"')
        assert _counted(session, f'"{word}"') == _rowids(session, "search_fts", f'"{word}"')
        return names

    entity = market["flour"]
    assert entity.id in agree("shymkent")
    services.update_producer(
        session, entity.public_id, ProducerUpdate(names=[NameIn(value="ТОО «Бидай Алтын»", lang="ru")]),
        expected_version=entity.version, actor="t",
    )  # fmt: skip
    search_producers(session, "Бидай")  # re-indexes the session's pending writes first
    assert entity.id not in agree("shymkent")
    assert entity.id in agree("bidai")
    services.delete_producer(session, entity.public_id, expected_version=entity.version, actor="t")
    search_producers(session, "Бидай")
    assert entity.id not in agree("bidai")
    every_document = 'tags: "cckz" OR tags: "ccuz"'
    assert _counted(session, every_document) == _rowids(session, "search_fts", every_document)
    assert len(_counted(session, every_document)) == session.query(SearchDocument).count() == len(market) - 1


def test_facet_counts_through_slots_are_the_counts_by_column(session: Session, market: dict[str, LegalEntity]) -> None:
    result = search_producers(session, "cement")
    documents = session.query(SearchDocument).all()
    assert result.facets.total == 3
    assert result.facets.country == {"KZ": 2, "UZ": 1}
    tiers = {d.verification_tier for d in documents if d.entity_id in {e.id for e in market.values()}}
    assert set(result.facets.verification_tier) <= tiers
    assert result.facets.verification_tier == {"site_visited": 1, "registry_matched": 1, "unverified": 1}
