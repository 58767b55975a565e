"""Query understanding, without a database: identifiers, HS codes, scripts, typo budgets, hostile input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cagateway.search import InvalidSearch, SearchFilters, parse_query
from cagateway.search.query import max_edits, validate_filters
from cagateway.search.sqlite import match_expression


def test_a_latin_and_a_cyrillic_query_meet_on_the_same_tokens() -> None:
    latin = parse_query("Ontustik cement")
    cyrillic = parse_query("«Оңтүстік Цемент» ЖШС")
    assert latin.name_key == cyrillic.name_key == "ontustik sement"
    assert latin.script == "Latn"
    assert cyrillic.script == "Cyrl"
    assert any("Онтустик" in s or "онтустик" in s for s in latin.spellings)


def test_uzbek_sement_and_russian_tsement_are_one_token() -> None:
    assert parse_query("sement").terms[0].tokens[0] == parse_query("цемент").terms[0].tokens[0] == "sement"


def test_russian_words_carry_their_stem() -> None:
    tokens = parse_query("цементный").terms[0].tokens
    assert "sementny" in tokens
    assert "sementn" in tokens


def test_legal_forms_and_generic_words_are_not_searched_for() -> None:
    parsed = parse_query("ТОО цементный завод")
    assert [t.word for t in parsed.terms] == ["цементный"]
    assert [t.word for t in parse_query("завод").terms] == ["завод"]  # all there is: kept


@pytest.mark.parametrize(("query", "codes"), [("2523", ("2523",)), ("25.23", ("2523",)), ("2523.29", ("252329",))])
def test_hs_code_queries(query: str, codes: tuple[str, ...]) -> None:
    parsed = parse_query(query)
    assert parsed.hs_codes == codes
    assert parsed.terms == ()


@pytest.mark.parametrize("query", ["040740001234", "0407 4000 1234", "7707083893"])
def test_identifier_queries(query: str) -> None:
    assert parse_query(query).identifier == query.replace(" ", "")


def test_a_long_name_is_not_mistaken_for_a_chinese_uscc() -> None:
    assert parse_query("Shymkent Zamin Zamin").identifier is None
    assert parse_query("91650100228601234X").identifier == "91650100228601234x"


@pytest.mark.parametrize(("token", "edits"), [("zol", 0), ("cement", 1), ("sementnyi", 2)])
def test_typo_budget_grows_with_length(token: str, edits: int) -> None:
    assert max_edits(token) == edits


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "a OR b", "'; DROP TABLE legal_entities; --", "cement*", "^x"])
def test_fts_syntax_is_quoted_never_interpreted(query: str) -> None:
    expression = match_expression(parse_query(query).plan(), SearchFilters())
    for term in parse_query(query).terms:
        for token in term.tokens:
            assert '"' not in token
    assert "NEAR(" not in expression
    assert " OR " not in expression.replace('" OR "', "")


@pytest.mark.parametrize("query", ["", "   ", "!!! ... ???", "«»"])
def test_empty_and_punctuation_queries_have_nothing_to_match(query: str) -> None:
    assert parse_query(query).is_empty


def test_an_overlong_query_is_refused_with_the_field_named() -> None:
    with pytest.raises(InvalidSearch) as caught:
        parse_query("цемент " * 2000)
    assert caught.value.errors[0].field == "q"
    assert "shorten" in caught.value.message


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        (SearchFilters(country="Kazakhstan"), "country"),
        (SearchFilters(region="79"), "region"),
        (SearchFilters(hs="cement"), "hs"),
        (SearchFilters(tier="gold"), "tier"),
        (SearchFilters(min_capacity=-1.0), "min_capacity"),
        (SearchFilters(certificate="!!"), "certificate"),
    ],
)
def test_bad_filters_name_their_field(filters: SearchFilters, field: str) -> None:
    with pytest.raises(InvalidSearch) as caught:
        validate_filters(filters)
    assert caught.value.errors[0].field == field


@given(st.text(max_size=200))
def test_any_text_parses_or_is_refused_cleanly(text: str) -> None:
    parsed = parse_query(text)
    expression = match_expression(parsed.plan(), SearchFilters())
    assert expression.count('"') % 2 == 0
