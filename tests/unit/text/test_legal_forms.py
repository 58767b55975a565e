"""Legal forms in register-style names: detection, position and the bare name."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cagateway.text import (
    LEGAL_FORMS,
    LegalForm,
    LegalFormClass,
    LegalFormMatch,
    detect_legal_form,
    detect_script,
    strip_legal_form,
)
from cagateway.text.legal_forms import _BY_LENGTH, _form_regex, _forms_in

LLP, JSC, LLC, IE = LegalFormClass.LLP, LegalFormClass.JSC, LegalFormClass.LLC, LegalFormClass.IE
STATE, COOP, FARM, OTHER = LegalFormClass.STATE, LegalFormClass.COOP, LegalFormClass.FARM, LegalFormClass.OTHER

# name as a register writes it, expected class, form as written, position, bare name
REGISTER_NAMES = [
    # Kazakhstan: Russian and Kazakh, Cyrillic and Latin
    ("ТОО «Шымкентцемент»", LLP, "ТОО", "prefix", "Шымкентцемент"),
    ("«Шымкентцемент» ЖШС", LLP, "ЖШС", "suffix", "Шымкентцемент"),
    ("«Оңтүстік Цемент» ЖШС / ТОО «Южный Цемент»", LLP, "ЖШС", "suffix", "Оңтүстік Цемент"),
    ("ТОО «Южный Цемент» / «Оңтүстік Цемент» ЖШС", LLP, "ТОО", "prefix", "Южный Цемент"),
    (
        "Товарищество с ограниченной ответственностью «Казцинк»",
        LLP,
        "Товарищество с ограниченной ответственностью",
        "prefix",
        "Казцинк",
    ),
    (
        "«Казцинк» жауапкершілігі шектеулі серіктестігі",
        LLP,
        "жауапкершілігі шектеулі серіктестігі",
        "suffix",
        "Казцинк",
    ),
    ("«ТООЛСЕРВИС» ЖШС", LLP, "ЖШС", "suffix", "ТООЛСЕРВИС"),
    ("«АОРТА» ЖШС", LLP, "ЖШС", "suffix", "АОРТА"),
    ('TOO "Aorta Med"', LLP, "TOO", "prefix", "Aorta Med"),
    ('"Shymkentcement" ZhShS', LLP, "ZhShS", "suffix", "Shymkentcement"),
    ("Kazakhmys Copper LLP", LLP, "LLP", "suffix", "Kazakhmys Copper"),
    (
        "АО «Национальная компания «Қазақстан темір жолы»»",
        JSC,
        "АО",
        "prefix",
        "Национальная компания Қазақстан темір жолы",
    ),
    (
        "«Қазақстан темір жолы» ұлттық компаниясы» акционерлік қоғамы",
        JSC,
        "акционерлік қоғамы",
        "suffix",
        "Қазақстан темір жолы ұлттық компаниясы",
    ),
    ("«KEGOC» АҚ / АО «KEGOC»", JSC, "АҚ", "suffix", "KEGOC"),
    ("«Ақ Алтын» АҚ", JSC, "АҚ", "suffix", "Ақ Алтын"),
    ("АО «Kaspi Bank»", JSC, "АО", "prefix", "Kaspi Bank"),
    ('АО "Казахтелеком"', JSC, "АО", "prefix", "Казахтелеком"),
    ("AO «Kazakhtelecom»", JSC, "AO", "prefix", "Kazakhtelecom"),
    ("НАО «Медицинский университет Астана»", JSC, "НАО", "prefix", "Медицинский университет Астана"),
    (
        "Акционерное общество «Народный Банк Казахстана»",
        JSC,
        "Акционерное общество",
        "prefix",
        "Народный Банк Казахстана",
    ),
    ("ОАО «Жезказганредмет»", JSC, "ОАО", "prefix", "Жезказганредмет"),
    ('"Samruk-Kazyna" JSC', JSC, "JSC", "suffix", "Samruk-Kazyna"),
    ("KazMunayGas Exploration Production JSC", JSC, "JSC", "suffix", "KazMunayGas Exploration Production"),
    ("ИП «Ахметов Б.К.»", IE, "ИП", "prefix", "Ахметов Б.К."),
    ("ИП Ахметов Болат Кайратович", IE, "ИП", "prefix", "Ахметов Болат Кайратович"),
    ("ЖК «Ахметов»", IE, "ЖК", "prefix", "Ахметов"),
    ("Жеке кәсіпкер Ахметов", IE, "Жеке кәсіпкер", "prefix", "Ахметов"),
    ("РГП на ПХВ «Казгидромет»", STATE, "РГП на ПХВ", "prefix", "Казгидромет"),
    ("ГКП на ПХВ «Алматы Су»", STATE, "ГКП на ПХВ", "prefix", "Алматы Су"),
    ("«Қазгидромет» ШЖҚ РМК", STATE, "ШЖҚ РМК", "suffix", "Қазгидромет"),
    ("КГУ «Школа-гимназия №1»", STATE, "КГУ", "prefix", "Школа-гимназия №1"),
    ("КХ «Береке»", FARM, "КХ", "prefix", "Береке"),
    ("Крестьянское хозяйство «Нурлан»", FARM, "Крестьянское хозяйство", "prefix", "Нурлан"),
    ("«Береке» шаруа қожалығы", FARM, "шаруа қожалығы", "suffix", "Береке"),
    ("ПК «Агрофирма Жана Жол»", COOP, "ПК", "prefix", "Агрофирма Жана Жол"),
    ("СПК «Жер Ана»", COOP, "СПК", "prefix", "Жер Ана"),
    ("ОЮЛ «Ассоциация горнодобывающих предприятий»", OTHER, "ОЮЛ", "prefix", "Ассоциация горнодобывающих предприятий"),
    # Uzbekistan: Latin and Cyrillic, every apostrophe
    ('"Toshkent Tekstil" MChJ', LLC, "MChJ", "suffix", "Toshkent Tekstil"),
    ("Toshkent Tekstil MCHJ", LLC, "MCHJ", "suffix", "Toshkent Tekstil"),
    ('"Oltin Tog\'" MChJ', LLC, "MChJ", "suffix", "Oltin Tog'"),
    (
        "\"G'alaba Tekstil\" mas'uliyati cheklangan jamiyati",
        LLC,
        "mas'uliyati cheklangan jamiyati",
        "suffix",
        "G'alaba Tekstil",
    ),
    ("«Gʻalaba» masʼuliyati cheklangan jamiyat", LLC, "masʼuliyati cheklangan jamiyat", "suffix", "Gʻalaba"),
    ("\"O'zbekiston temir yo'llari\" AJ", JSC, "AJ", "suffix", "O'zbekiston temir yo'llari"),
    (
        "“Oʻzbekiston temir yoʻllari” aksiyadorlik jamiyati",
        JSC,
        "aksiyadorlik jamiyati",
        "suffix",
        "Oʻzbekiston temir yoʻllari",
    ),
    ('"Navoiy kon-metallurgiya kombinati" AJ', JSC, "AJ", "suffix", "Navoiy kon-metallurgiya kombinati"),
    ("“Farg‘ona Azot” AJ", JSC, "AJ", "suffix", "Farg‘ona Azot"),
    ("Karimov Anvar YaTT", IE, "YaTT", "suffix", "Karimov Anvar"),
    ('"Toshkent shahar suv ta`minoti" DUK', STATE, "DUK", "suffix", "Toshkent shahar suv ta`minoti"),
    ('"Ali Ota" fermer xoʻjaligi', FARM, "fermer xoʻjaligi", "suffix", "Ali Ota"),
    ('"Baraka Savdo" XK', OTHER, "XK", "suffix", "Baraka Savdo"),
    ("«Тошкент Тўқимачилик» МЧЖ", LLC, "МЧЖ", "suffix", "Тошкент Тўқимачилик"),
    ("«Ўзбекистон темир йўллари» АЖ", JSC, "АЖ", "suffix", "Ўзбекистон темир йўллари"),
    ("«Қизилқумцемент» акциядорлик жамияти", JSC, "акциядорлик жамияти", "suffix", "Қизилқумцемент"),
    ("Каримов Анвар ЯТТ", IE, "ЯТТ", "suffix", "Каримов Анвар"),
    ("«Тошкент сув таъминоти» ДУК", STATE, "ДУК", "suffix", "Тошкент сув таъминоти"),
    ("ООО «Artel Electronics»", LLC, "ООО", "prefix", "Artel Electronics"),
    # Kyrgyzstan
    ("ОсОО «Ала-Тоо Курулуш»", LLC, "ОсОО", "prefix", "Ала-Тоо Курулуш"),
    ("ОсОО «Бишкек Тоо Кен»", LLC, "ОсОО", "prefix", "Бишкек Тоо Кен"),
    ("«Ак-Жол Курулуш» ЖЧК", LLC, "ЖЧК", "suffix", "Ак-Жол Курулуш"),
    ("ЗАО «Кумтор Голд Компани»", JSC, "ЗАО", "prefix", "Кумтор Голд Компани"),
    ("«Кыргызалтын» ААК", JSC, "ААК", "suffix", "Кыргызалтын"),
    # Tajikistan
    ("ҶДММ «Тоҷ Сармоя»", LLC, "ҶДММ", "prefix", "Тоҷ Сармоя"),
    ("ҶСК «Ширкати алюминийи тоҷик»", JSC, "ҶСК", "prefix", "Ширкати алюминийи тоҷик"),
    ("ООО «Таджик Цемент»", LLC, "ООО", "prefix", "Таджик Цемент"),
    # Turkmenistan
    ('"Türkmen Ýüpek" HJ', LLC, "HJ", "suffix", "Türkmen Ýüpek"),
    ("«Altyn Gala» hojalyk jemgyýeti", LLC, "hojalyk jemgyýeti", "suffix", "Altyn Gala"),
    ("ХЖ «Берката»", LLC, "ХЖ", "prefix", "Берката"),
    # Azerbaijan and Turkey
    ('"Azərsun Holding" MMC', LLC, "MMC", "suffix", "Azərsun Holding"),
    ('"Azərbaycan Dəmir Yolları" QSC', JSC, "QSC", "suffix", "Azərbaycan Dəmir Yolları"),
    ("Akçansa Çimento Sanayi ve Ticaret A.Ş.", JSC, "A.Ş.", "suffix", "Akçansa Çimento Sanayi ve Ticaret"),
    ("KOÇ HOLDİNG A.Ş.", JSC, "A.Ş.", "suffix", "KOÇ HOLDİNG"),
    ("Özdemir Tekstil Ltd. Şti.", LLC, "Ltd. Şti.", "suffix", "Özdemir Tekstil"),
    ("Yıldız Gıda Ltd Şti", LLC, "Ltd Şti", "suffix", "Yıldız Gıda"),
    ("ABC SANAYİ LTD. ŞTİ.", LLC, "LTD. ŞTİ.", "suffix", "ABC SANAYİ"),
    # China
    ("新疆天山水泥股份有限公司", JSC, "股份有限公司", "suffix", "新疆天山水泥"),
    ("中国石油天然气集团有限公司", LLC, "有限公司", "suffix", "中国石油天然气集团"),
    ("华为技术有限公司", LLC, "有限公司", "suffix", "华为技术"),
    ("中石油阿克纠宾油气股份有限公司", JSC, "股份有限公司", "suffix", "中石油阿克纠宾油气"),
    # Foreign forms in Latin letters
    ("Xinjiang Tianshan Cement Co., Ltd.", LLC, "Co., Ltd.", "suffix", "Xinjiang Tianshan Cement"),
    ("Huawei Technologies Co.,Ltd", LLC, "Co.,Ltd", "suffix", "Huawei Technologies"),
    ("Kazakh Minerals LLC", LLC, "LLC", "suffix", "Kazakh Minerals"),
    ("kazakh minerals llc", LLC, "llc", "suffix", "kazakh minerals"),
    ("Glencore Ltd", LLC, "Ltd", "suffix", "Glencore"),
    ("Central Asia Trading Limited", LLC, "Limited", "suffix", "Central Asia Trading"),
    ("Siemens Energy GmbH", LLC, "GmbH", "suffix", "Siemens Energy"),
    ("Caterpillar Inc.", JSC, "Inc.", "suffix", "Caterpillar"),
    ("BP Exploration Co.", OTHER, "Co.", "suffix", "BP Exploration"),
    ("Open Joint-Stock Company Alpha", JSC, "Open Joint-Stock Company", "prefix", "Alpha"),
    # No legal form: nothing found, nothing lost
    ("Kazatomprom", None, None, None, "Kazatomprom"),
    ("Me Too Trading", None, None, None, "Me Too Trading"),
    ("Ала-ТОО", None, None, None, "Ала-ТОО"),
    ("«Тоо Кен»", None, None, None, "Тоо Кен"),
]


def test_table_is_big_enough() -> None:
    assert len(REGISTER_NAMES) >= 60


@pytest.mark.parametrize(("name", "form_class", "local", "position", "bare"), REGISTER_NAMES)
def test_register_names(
    name: str, form_class: LegalFormClass | None, local: str | None, position: str | None, bare: str
) -> None:
    match = detect_legal_form(name)
    if form_class is None:
        assert match is None
    else:
        assert match is not None
        assert (match.form_class, match.local, match.position) == (form_class, local, position)
    assert strip_legal_form(name) == bare


def test_a_form_inside_the_quotes_loses_to_one_outside() -> None:
    assert detect_legal_form("ТОО «ИП Сервис»") == LegalFormMatch(LLP, "ТОО", "prefix")
    assert detect_legal_form("«ООО Сервис» АҚ") == LegalFormMatch(JSC, "АҚ", "suffix")


def test_infix_form() -> None:
    assert detect_legal_form("Kazakhmys LLP Almaty Branch") == LegalFormMatch(LLP, "LLP", "infix")


def test_a_name_that_is_only_a_form_is_kept() -> None:
    assert strip_legal_form("ТОО") == "ТОО"
    assert strip_legal_form("ТОО «АО»") == "АО"
    assert strip_legal_form("") == ""


def test_cyrillic_abbreviations_are_case_sensitive_but_latin_forms_are_not() -> None:
    assert detect_legal_form("«Ақ Жол»") is None  # Kazakh "white", not АҚ
    assert detect_legal_form("Alpha Llc") == LegalFormMatch(LLC, "Llc", "suffix")
    assert detect_legal_form("ОСОО «Ала-Тоо»") == LegalFormMatch(LLC, "ОСОО", "prefix")


def test_spellings_are_unique_and_their_script_is_right() -> None:
    spellings = [form.spelling for form in LEGAL_FORMS]
    assert len(spellings) == len(set(spellings))
    for form in LEGAL_FORMS:
        assert detect_script(form.spelling) == form.script, form


@pytest.mark.parametrize("form", LEGAL_FORMS, ids=lambda form: form.spelling)
def test_every_spelling_is_found_as_written(form: LegalForm) -> None:
    assert detect_legal_form(f"{form.spelling} «Name»") == LegalFormMatch(form.form_class, form.spelling, "prefix")
    assert detect_legal_form(f"«Name» {form.spelling}") == LegalFormMatch(form.form_class, form.spelling, "suffix")


CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯӘҒҚҢӨҰҮҺІ"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZçğıöşüäňýžə"
bare_names = (
    st.text(alphabet=CYRILLIC + LATIN + " -", min_size=1, max_size=30)
    .map(lambda text: " ".join(text.split()))
    .filter(lambda text: text.strip(" -") == text and text != "")
)
forms = st.sampled_from(LEGAL_FORMS)


@given(form=forms, name=bare_names)
def test_form_before_or_after_a_quoted_name_is_found(form: LegalForm, name: str) -> None:
    assume(detect_legal_form(name) is None)
    spelling, form_class = form.spelling, form.form_class
    assert detect_legal_form(f"{spelling} «{name}»") == LegalFormMatch(form_class, spelling, "prefix")
    assert detect_legal_form(f"«{name}» {spelling}") == LegalFormMatch(form_class, spelling, "suffix")
    assert strip_legal_form(f"{spelling} «{name}»") == name
    assert strip_legal_form(f"«{name}» {spelling}") == name


@given(st.text())
def test_strip_is_idempotent_on_any_text(text: str) -> None:
    once = strip_legal_form(text)
    assert strip_legal_form(once) == once


quote_pairs = st.sampled_from([("«", "»"), ("„", "“"), ("“", "”"), ('"', '"'), ("'", "'"), ("", "")])


@given(forms, bare_names, quote_pairs, st.booleans(), st.sampled_from([" / ", " | ", "\n", " "]))
def test_strip_is_idempotent_on_register_like_text(
    form: LegalForm, name: str, quotes: tuple[str, str], before: bool, joiner: str
) -> None:
    spelling = form.spelling
    quoted = f"{quotes[0]}{name}{quotes[1]}"
    text = f"{spelling} {quoted}" if before else f"{quoted} {spelling}"
    text = f"{text}{joiner}{text}"
    once = strip_legal_form(text)
    assert strip_legal_form(once) == once


def test_no_space_is_left_inside_brackets() -> None:
    assert strip_legal_form("ТОО «Южный Цемент» («Оңтүстік Цемент» ЖШС)") == "Южный Цемент (Оңтүстік Цемент)"
    assert strip_legal_form("«Береке» (ШҚ)") == "Береке"


_SEPARATORS = st.sampled_from(["", " ", "  ", "-", ".", ", ", "'", "ʻ", "’"])


@st.composite
def _names_with_forms(draw: st.DrawFn) -> str:
    """Register-like text: words around one or two form spellings in any case, spaced and punctuated oddly."""
    words = st.text(alphabet="абвгқөTOOLlcCoдтЖШСjamiyatxoʻzМЧЖ«»\"' .,-", max_size=12)
    parts = [draw(words)]
    for form in draw(st.lists(st.sampled_from(LEGAL_FORMS), min_size=1, max_size=2)):
        spelling = draw(st.sampled_from([form.spelling, form.spelling.upper(), form.spelling.lower()]))
        spelling = spelling.replace(" ", draw(st.sampled_from([" ", "  ", "-", " - "])))
        # Apostrophes of any kind stand for each other or may be left out; so may dots and commas.
        spelling = re.sub("['‘’`´ʻʼ]", draw(st.sampled_from(["", "'", "ʻ", "’", "ʼ"])), spelling)
        spelling = re.sub("[.,]", draw(st.sampled_from(["", ".", ","])), spelling)
        parts += [draw(_SEPARATORS), spelling, draw(_SEPARATORS), draw(words)]
    return "".join(parts)


_EVERY_FORM = re.compile("|".join(f"(?P<f{index}>{_form_regex(form)})" for index, form in enumerate(_BY_LENGTH)))


@given(_names_with_forms())
def test_the_substring_prefilter_never_drops_a_form_the_full_regex_finds(name: str) -> None:
    # The per-segment regex holds only forms whose squashed spelling occurs in the squashed text; it must find
    # exactly what one alternation of every form finds.
    full = [(found.span(), found.lastgroup) for found in _EVERY_FORM.finditer(name)]
    assert [(found.span(), found.lastgroup) for found in _forms_in(name).finditer(name)] == full


def _variants(spelling: str) -> set[str]:
    out = set()
    for cased in (spelling, spelling.upper(), spelling.lower()):
        for apostrophe in ("", "'", "ʻ", "’", "ʼ"):
            for dot in ("", ".", ","):
                out.add(re.sub("[.,]", dot, re.sub("['‘’`´ʻʼ]", apostrophe, cased)).replace(" ", "  "))
    return out


def test_the_substring_prefilter_keeps_every_written_variant_of_every_form() -> None:
    checked = 0
    for form in LEGAL_FORMS:
        for variant in _variants(form.spelling):
            for name in (f"«Бірлік» {variant}", f"{variant} «Birlik»"):
                full = [(found.span(), found.lastgroup) for found in _EVERY_FORM.finditer(name)]
                assert [(found.span(), found.lastgroup) for found in _forms_in(name).finditer(name)] == full, name
                checked += bool(full)
    assert checked > 500  # hundreds of variants are real matches, not two empty lists agreeing
