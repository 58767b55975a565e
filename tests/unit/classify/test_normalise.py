"""Folding puts every script of the region into one alphabet, so the same word matches however it is written."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cagateway.classify.normalise import fold, stemmed_words, words


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [("paxta kalava", "пахта калава"), ("g'isht", "ғишт"), ("o'g'it", "ўғит"), ("sement", "семент")],
)
def test_uzbek_latin_and_cyrillic_fold_to_the_same_key(latin: str, cyrillic: str) -> None:
    assert fold(latin) == fold(cyrillic)


@pytest.mark.parametrize("apostrophe", ["'", "\u2018", "\u2019", "\u02bb", "\u02bc", "`"])
def test_every_uzbek_apostrophe_is_the_same(apostrophe: str) -> None:
    assert fold(f"bug{apostrophe}doy uni") == "bugdoy uni"


def test_digits_symbols_and_emoji_leave_nothing() -> None:
    assert fold("+7 (701) 123-45-67 🙂") == ""
    assert fold("Портландцемент М400, 50 кг") == "portlandtsement m kg"


@given(st.text())
def test_folded_text_is_lower_case_latin_words_separated_by_single_spaces(text: str) -> None:
    assert re.fullmatch(r"(?:[a-z]+(?: [a-z]+)*)?", fold(text))


@pytest.mark.parametrize(
    ("text", "folded"),
    [("cotton T-shirts", "cotton tshirts"), ("X-ray apparatus", "xray apparatus"), ("Насос-дозатор", "nasos dozator")],
)
def test_a_lone_letter_hyphenated_to_a_word_stays_part_of_it(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("forms", "language"),
    [(("тележка", "тележки", "тележкой"), "ru"), (("shrimp", "shrimps"), "en"), (("машина", "машины"), "ru")],
)
def test_inflected_forms_share_a_stem(forms: tuple[str, ...], language: str) -> None:
    stems = {stemmed_words(form)[0][1] for form in forms}
    assert len(stems) == 1, (language, stems)


def test_stemmed_words_pair_each_folded_word_with_its_stem() -> None:
    pairs = stemmed_words("Тележки ручные, 2 шт; cotton T-shirts")
    assert [word for word, _stem in pairs] == words("Тележки ручные, 2 шт; cotton T-shirts")
    assert all(word.startswith(stem) for word, stem in pairs)


REGION_TEXT = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіўҳ АБВЖҚЎ abcxyzʻ'’-.,;:()/%0123456789")


@given(REGION_TEXT)
def test_stemmed_words_are_the_same_words_as_words(text: str) -> None:
    assert [word for word, _stem in stemmed_words(text)] == words(text)
