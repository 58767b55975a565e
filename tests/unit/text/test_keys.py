"""Name keys agree across scripts, romanisations, quotes and legal forms; name variants cover both scripts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cagateway.text import fold_for_search, name_key, name_tokens, name_variants

ONTUSTIK = [
    "«Оңтүстік Цемент» ЖШС",
    "ТОО «Оңтүстік Цемент»",
    "Ontustik Cement LLP",
    '"ONTUSTIK CEMENT" TOO',
    "«Оңтүстік Цемент» ЖШС / ТОО «Оңтүстік Цемент»",
    "Ongtustik Tsement",
    "Cement Ontustik LLP",  # word order
    "ТОВАРИЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ «ОҢТҮСТІК ЦЕМЕНТ»",
    "Оңтүстік Цемент зауыты ЖШС",  # a generic word
]


@pytest.mark.parametrize("name", ONTUSTIK)
def test_one_plant_one_key(name: str) -> None:
    assert name_key(name) == "ontustik sement"


def test_a_distractor_keeps_its_own_key() -> None:
    assert name_key("Ontustik Cement Trading LLP") == "ontustik sement tradin"  # ng → n, as for Kazakh ң


def test_uzbek_sement_meets_cement() -> None:
    assert name_key("Ontustik Sement MChJ") == name_key("Ontustik Cement LLC")


def test_uzbek_across_scripts_and_apostrophes() -> None:
    keys = {
        name_key("«Ўзбекистон темир йўллари» АЖ"),
        name_key("Oʻzbekiston temir yoʻllari AJ"),
        name_key("O'zbekiston Temir Yo'llari AJ"),
        name_key("O`ZBEKISTON TEMIR YO`LLARI"),
    }
    assert keys == {"ozbekiston temir yolari"}


def test_uzbek_x_is_kh_when_the_name_is_known_to_be_uzbek() -> None:
    assert name_key("Xorazm Shakar MChJ", country="UZ") == name_key("«Хоразм Шакар» МЧЖ") == "horazm shakar"


def test_a_name_of_generic_words_only_keeps_them() -> None:
    assert name_tokens("ТОО «Завод»") == ["zavod"]


def test_name_tokens_keep_word_order() -> None:
    assert name_tokens("ТОО «Шымкентский цементный завод»") == ["shymkenski", "sementny"]  # ts → s, iy → ii → i, yy → y


@given(
    words=st.lists(st.sampled_from(["Оңтүстік", "Цемент", "Шымкент", "Құрылыс", "Темір"]), min_size=1, max_size=4),
    form=st.sampled_from(["ТОО «{}»", "«{}» ЖШС", '"{}" LLP', "{}", "АО „{}“"]),
)
def test_key_ignores_legal_form_quotes_and_script(words: list[str], form: str) -> None:
    name = " ".join(words)
    key = name_key(name)
    assert name_key(form.format(name)) == key
    assert name_key(form.format(name.upper())) == key
    for variant in name_variants(name):
        assert name_key(variant, country="KZ") == key


def test_name_variants_of_a_kazakh_name() -> None:
    assert name_variants("ТОО «Талдықорған Құрылыс»") == [
        "Талдықорған Құрылыс",
        "Taldyqorghan Qurylys",
        "Taldykorgan Kurylys",
    ]


def test_name_variants_of_a_latin_name_add_cyrillic() -> None:
    assert name_variants("Ontustik Cement LLP", country="KZ") == ["Ontustik Cement", "Онтустик Цемент"]
    assert name_variants("Toshkent Tekstil MChJ", country="UZ") == ["Toshkent Tekstil", "Тошкент Текстил"]


def test_name_variants_of_an_uzbek_cyrillic_name() -> None:
    assert name_variants("«Ўзбекистон темир йўллари» АЖ") == [
        "Ўзбекистон темир йўллари",
        "Oʻzbekiston temir yoʻllari",
        "Ozbekiston temir yollari",
    ]


def test_name_variants_are_distinct_for_search() -> None:
    variants = name_variants("ТОО «Шымкент»")
    assert variants == ["Шымкент", "Shymkent"]
    assert len({fold_for_search(variant) for variant in variants}) == len(variants)


def test_turkish_and_chinese_names() -> None:
    assert name_variants("Akçansa Çimento A.Ş.") == ["Akçansa Çimento"]
    assert name_variants("新疆天山水泥股份有限公司") == ["新疆天山水泥", "XinJiangTianShanShuiNi"]
