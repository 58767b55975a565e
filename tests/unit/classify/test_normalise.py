"""Folding puts every script of the region into one alphabet, so the same word matches however it is written."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cagateway.classify.normalise import fold


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
