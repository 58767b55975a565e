"""Scripts, apostrophe and quote folding, and the language guess for short company names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cagateway.text import OKINA, detect_script, fold_apostrophes, fold_quotes, guess_language


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("ТОО «Шымкентцемент»", "Cyrl"),
        ("«Оңтүстік Цемент» ЖШС", "Cyrl"),
        ("Oʻzbekiston temir yoʻllari", "Latn"),
        ("Azərbaycan Dəmir Yolları", "Latn"),
        ("新疆天山水泥股份有限公司", "Hans"),
        ("შპს საქართველოს რკინიგზა", "Geor"),
        ("شرکت ملی نفت ایران", "Arab"),
        ("ТОО «Kazakh Invest»", "Latn"),  # 11 Latin letters outvote 3 Cyrillic
        ("ОсОО «Kumtor Голд Компани»", "Cyrl"),  # 15 Cyrillic letters against 6 Latin
        ("АБ AB", "Zyyy"),  # a tie
        ("12345", "Zyyy"),
        ("", "Zyyy"),
        ("«№ 1»", "Zyyy"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


@pytest.mark.parametrize("apostrophe", ["\u02bb", "\u2018", "\u2019", "'", "`", "\u02bc", "\u00b4"])
def test_every_apostrophe_folds_to_the_okina(apostrophe: str) -> None:
    assert fold_apostrophes(f"O{apostrophe}zbekiston G{apostrophe}alaba") == "Oʻzbekiston Gʻalaba"


def test_apostrophe_variants_compare_equal_after_folding() -> None:
    spellings = ["O'zbekiston", "O‘zbekiston", "O’zbekiston", "O`zbekiston", "Oʼzbekiston", "Oʻzbekiston"]
    assert {fold_apostrophes(spelling) for spelling in spellings} == {f"O{OKINA}zbekiston"}


@given(st.text())
def test_fold_apostrophes_is_idempotent(text: str) -> None:
    once = fold_apostrophes(text)
    assert fold_apostrophes(once) == once


@given(st.text())
def test_fold_quotes_is_idempotent(text: str) -> None:
    once = fold_quotes(text)
    assert fold_quotes(once) == once


def test_fold_quotes() -> None:
    assert fold_quotes("«Шымкентцемент» „X“ “Y” ‹Z›") == '"Шымкентцемент" "X" "Y" "Z"'
    assert fold_quotes("O‘zbekiston") == "O‘zbekiston"  # single quotes are Uzbek letters, left alone


@pytest.mark.parametrize(
    ("text", "country", "language"),
    [
        # Kazakh by its own letters, with or without the country
        ("«Оңтүстік Цемент» ЖШС", None, "kk"),
        ("«Қазақстан темір жолы» АҚ", "KZ", "kk"),
        ("«Ақ Алтын» ЖШС", None, "kk"),
        ("«Сарыарқа Ұн» ЖШС", "KG", "kk"),  # Kazakh-only letters beat the country
        # Kyrgyz shares ң ө ү with Kazakh: the country decides
        ("«Ак-Жол Күмүш» ЖЧК", "KG", "ky"),
        ("«Ак-Жол Күмүш» ЖЧК", None, "kk"),
        ("ОсОО «Бишкек Төө»", "kg", "ky"),
        # Tajik: its own letters, or ғ қ ҳ with the country
        ("ҶДММ «Тоҷ Сармоя»", None, "tg"),
        ("ҶСК «Ширкати алюминийи тоҷик»", "TJ", "tg"),
        ("«Қарор» ҶДММ", "TJ", "tg"),
        ("«Ҳумо»", "TJ", "tg"),
        # Uzbek Cyrillic: ў, or қ ғ ҳ with the country
        ("«Тошкент Тўқимачилик» МЧЖ", None, "uz"),
        ("«Қизилқумцемент» АЖ", "UZ", "uz"),
        ("«Ҳамкор»", None, "uz"),
        # Russian: plain Cyrillic
        ("ТОО «Южный Цемент»", "KZ", "ru"),
        ("ОсОО «Кумтор»", "KG", "ru"),
        # Uzbek Latin
        ("Oʻzbekiston temir yoʻllari AJ", None, "uz"),
        ("O'zbekiston temir yo'llari AJ", None, "uz"),
        ('"Toshkent Tekstil" MChJ', "UZ", "uz"),
        ('"Toshkent Tekstil" MChJ', None, "en"),  # sh/ch alone are English too
        ("Hugo's Dog's Diner", None, "en"),
        # Turkmen
        ("Türkmen Ýüpek HJ", None, "tk"),
        ("Türkmennebit", "TM", "tk"),
        ("Aşgabat Gurluşyk", "TM", "tk"),
        # Azerbaijani and Turkish
        ("Azərsun Holding MMC", None, "az"),
        ("Bakı Qızıl", "AZ", "az"),
        ("Yıldız Gıda Ltd. Şti.", None, "tr"),
        ("Akçansa Çimento A.Ş.", "TR", "tr"),
        # Chinese, Georgian, English, unknown
        ("新疆天山水泥股份有限公司", None, "zh"),
        ("საქართველოს რკინიგზა", "GE", "ka"),
        ("Kazakh Minerals LLC", None, "en"),
        ("Müller Bau GmbH", None, None),  # German: not a language this guess knows
        ("شرکت ملی نفت ایران", None, None),
        ("12345", None, None),
    ],
)
def test_guess_language(text: str, country: str | None, language: str | None) -> None:
    assert guess_language(text, country) == language
