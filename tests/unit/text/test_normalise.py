"""Folding for search, and Russian stemming that keeps legal forms whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cagateway.text import fold_for_search, stem_ru


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("  «Türkmen   Ýüpek»  ", "turkmen yupek"),
        ("O'zbekiston", "oʻzbekiston"),
        ("O‘zbekiston", "oʻzbekiston"),
        ("O`zbekiston", "oʻzbekiston"),
        ("Oʻzbekiston", "oʻzbekiston"),
        ("Ёлка ЁЛКА", "елка елка"),
        ("İSTANBUL Çimento", "istanbul cimento"),
        ("Azərbaycan Dəmir Yolları", "azerbaycan demir yollari"),
        ("'Alfa' Tog'", "alfa togʻ"),  # quotes go, the Uzbek gʻ stays
        ('"ONTUSTIK" „Cement“', "ontustik cement"),
        ("Қазақ Ўзбек Йод Ӯ", "қазақ ўзбек йод ӯ"),  # letters of their own keep their marks
        ("ＡＢＣ１２３", "abc123"),  # full-width forms
    ],
)
def test_fold_for_search(text: str, folded: str) -> None:
    assert fold_for_search(text) == folded


@given(st.text())
def test_fold_for_search_is_idempotent(text: str) -> None:
    once = fold_for_search(text)
    assert fold_for_search(once) == once


@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"])))
def test_fold_for_search_leaves_no_double_quote_and_no_edge_space(text: str) -> None:
    folded = fold_for_search(text)
    assert '"' not in folded
    assert "«" not in folded
    assert folded == folded.strip()
    assert "  " not in folded


def test_stem_ru_stems_russian_words() -> None:
    assert stem_ru(["Цементный", "ЗАВОД", "цемента", "Ёлки"]) == ["цементн", "завод", "цемент", "елк"]


def test_stem_ru_keeps_legal_forms_whole() -> None:
    # Snowball alone would give "то", "а", "ип".
    assert stem_ru(["ТОО", "АО", "ИП", "ОсОО"]) == ["тоо", "ао", "ип", "осоо"]


def test_stem_ru_leaves_latin_kazakh_and_digits_alone() -> None:
    assert stem_ru(["Cement", "оңтүстік", "2523"]) == ["cement", "оңтүстік", "2523"]


_MARKS = "".join(map(chr, range(0x300, 0x370))) + "\u1dc0\u20d0"  # combining marks, in and beyond the main block
_MARKED = st.text(alphabet=st.sampled_from("aeiouAEIOU cszйЙёқңөүўӣӯ-1𝐀\U0001d165" + _MARKS))


@given(st.one_of(_MARKED, st.text()))
def test_latin_marks_go_as_the_character_loop_removes_them(text: str) -> None:
    """The regular expression that strips marks (the fast path) removes exactly what the character loop does."""
    import unicodedata  # noqa: PLC0415

    from cagateway.text.normalise import _strip_latin_marks, _strip_latin_marks_slowly  # noqa: PLC0415

    expected = unicodedata.normalize("NFC", _strip_latin_marks_slowly(unicodedata.normalize("NFD", text)))
    assert _strip_latin_marks(text) == expected
