"""strip_forms picks the legal forms a text can contain before running their patterns: it must remove exactly
what one alternation of every form removes."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cagateway.search import tokens
from cagateway.text import LEGAL_FORMS


def _full_alternation(text: str) -> str:
    sensitive = re.compile("|".join(p for _, p in tokens._RULES[True]))
    insensitive = re.compile("|".join(p for _, p in tokens._RULES[False]), re.IGNORECASE)
    bare = insensitive.sub(" ", sensitive.sub(" ", text))
    for form in tokens._HAN_FORMS:
        if bare.endswith(form) and len(bare) > len(form):
            bare = bare[: -len(form)]
    return bare if bare.strip(" «»\"'“”-/|") else text


SPELLINGS = sorted({f.spelling for f in LEGAL_FORMS})
NAMES = ["Оңтүстік Цемент", "Toshkent Paxta", "Ала-Тоо", "Ak-Jol", "Nur", "Шымкент Ұн", "Zamin Sement", "Ырыс"]


def test_register_names_with_every_form_before_and_after() -> None:
    for spelling in SPELLINGS:
        for name in NAMES:
            for text in (
                f"{spelling} «{name}»",
                f'"{name}" {spelling}',
                f"{name} {spelling.upper()}",
                f"{name}-{spelling}",
            ):
                assert tokens.strip_forms(text) == _full_alternation(text), text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(SPELLINGS), st.sampled_from(NAMES), st.text(alphabet="аоуАТОЖШСLPlpc.-' ", max_size=6)
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_mix_of_forms_names_and_punctuation(parts: list[str]) -> None:
    text = " ".join(parts)
    assert tokens.strip_forms(text) == _full_alternation(text)
