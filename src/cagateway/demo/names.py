"""Company names written the way each country's register writes them, with the legal form in its real place.

Kazakhstan: Russian ``ТОО «Шымкентцемент»`` (form first), Kazakh ``«Шымкентцемент» ЖШС`` (form last), often both,
sometimes the bilingual string ``«X» ЖШС / ТОО «X»``. Uzbekistan: ``"Toshkent Tekstil" MChJ`` in Latin, some in
Cyrillic ``"Тошкент Текстил" МЧЖ``. Kyrgyzstan: ``ОсОО «Бишкек Ун»`` (Russian) and ``«Бишкек Ун» ЖЧК`` (Kyrgyz).
Tajikistan: ``ҶДММ «Хуҷанд Семент»``. Turkmenistan: ``"Aşgabat Sement" HJ``. Russia ``ООО «...»``; China
``新疆金丰水泥有限公司`` with ``Xinjiang Jinfeng Cement Co., Ltd.``; Azerbaijan ``"Bakı Sement" MMC``; Turkey
``... Sanayi ve Ticaret A.Ş.``; Georgia ``... LLC``; Iran ``... Co.``.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cagateway.demo.places import City
from cagateway.demo.sampling import pick
from cagateway.demo.words import (
    GROUP_WORDS,
    RU_COMPOUNDS,
    RU_SUFFIXES,
    STEMS,
    ZH_STEMS,
    ZH_WORDS,
    ascii_slug,
    uz_cyrillic,
)

__all__ = ["NAME_WRITERS", "Naming"]


@dataclass(frozen=True)
class Naming:
    """A producer's names (``NameIn`` fields), legal form, the language its record is kept in, and a host label."""

    names: list[dict[str, str | None]]
    legal_form: str
    legal_form_local: str
    lang: str  # language of descriptions and addresses
    script: str
    slug: str


NameWriter = Callable[[random.Random, City, str], Naming]


@dataclass(frozen=True)
class Form:
    """A legal form: its class and how it is written in the register's languages (``first`` / ``second``)."""

    cls: str
    first: str
    second: str
    weight: float


def _forms(*rows: tuple[str, str, str, float]) -> tuple[tuple[Form, ...], tuple[float, ...]]:
    forms = tuple(Form(*row) for row in rows)
    return forms, tuple(itertools.accumulate(f.weight for f in forms))


# (class, form in the first language, form in the second language, weight)
KZ_FORMS = _forms(
    ("LLP", "ТОО", "ЖШС", 70),
    ("JSC", "АО", "АҚ", 8),
    ("IE", "ИП", "ЖК", 12),
    ("FARM", "КХ", "ШҚ", 5),
    ("STATE", "РГП", "РМК", 2),
    ("STATE", "ГККП", "МКҚК", 1),
    ("COOP", "ПК", "ӨК", 2),
)
KG_FORMS = _forms(
    ("LLC", "ОсОО", "ЖЧК", 70), ("JSC", "ОАО", "ААК", 8), ("IE", "ИП", "ЖИ", 10), ("FARM", "КФХ", "ДЧ", 8),
    ("STATE", "ГП", "МИ", 4),
)  # fmt: skip
TJ_FORMS = _forms(
    ("LLC", "ҶДММ", "ООО", 72), ("JSC", "ҶСК", "ОАО", 8), ("FARM", "ХД", "ДХ", 14), ("STATE", "КВД", "ГУП", 4)
)
UZ_FORMS = _forms(
    ("LLC", "MChJ", "МЧЖ", 65), ("JSC", "AJ", "АЖ", 8), ("OTHER", "XK", "ХК", 12), ("IE", "YaTT", "ЯТТ", 6),
    ("FARM", "FX", "ФХ", 7), ("STATE", "DUK", "ДУК", 2),
)  # fmt: skip
TM_FORMS = _forms(
    ("LLC", "HJ", "", 70), ("OTHER", "hususy kärhanasy", "", 15), ("JSC", "paýdarlar jemgyýeti", "", 6),
    ("COOP", "daýhan birleşigi", "", 6),
)  # fmt: skip
RU_FORMS = _forms(
    ("LLC", "ООО", "", 65), ("JSC", "АО", "", 10), ("JSC", "ПАО", "", 3), ("IE", "ИП", "", 12), ("FARM", "КФХ", "", 5),
    ("COOP", "СПК", "", 5),
)  # fmt: skip
CN_FORMS = _forms(("LLC", "有限公司", "Co., Ltd.", 80), ("JSC", "股份有限公司", "Co., Ltd.", 20))
AZ_FORMS = _forms(("LLC", "MMC", "", 78), ("JSC", "ASC", "", 12), ("JSC", "QSC", "", 10))
TR_FORMS = _forms(
    ("JSC", "A.Ş.", "Sanayi ve Ticaret A.Ş.", 42), ("LLC", "Ltd. Şti.", "San. ve Tic. Ltd. Şti.", 52),
    ("COOP", "Kooperatifi", "Tarım Kalkınma Kooperatifi", 6),
)  # fmt: skip
GE_FORMS = _forms(("LLC", "LLC", "", 80), ("JSC", "JSC", "", 20))
IR_FORMS = _forms(("OTHER", "Co.", "", 70), ("JSC", "Private Joint Stock Company", "", 30))

RU_PEOPLE = (
    ("Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Волков"),
    ("Александр", "Сергей", "Андрей", "Дмитрий", "Алексей", "Михаил", "Николай", "Игорь", "Владимир", "Евгений"),
    ("Александрович", "Сергеевич", "Викторович", "Николаевич", "Петрович", "Иванович", "Юрьевич", "Олегович"),
)


_FARM_GROUPS = {"grain", "fruit", "dairy", "meat"}
_SMALL_FORMS = {"IE", "FARM", "COOP", "OTHER"}
_HEAVY_GROUPS = {"cement", "chemicals", "metals"}


def _form(rng: random.Random, table: tuple[tuple[Form, ...], tuple[float, ...]], group: str) -> Form:
    """A legal form fit for the trade: farms grow food, smelters and cement plants are companies."""
    form: Form = pick(rng, table[0], table[1])
    if (form.cls == "FARM" and group not in _FARM_GROUPS) or (form.cls in _SMALL_FORMS and group in _HEAVY_GROUPS):
        return table[0][0]  # the country's usual company form
    return form


def _name(value: str, lang: str | None, script: str, kind: str = "legal") -> dict[str, str | None]:
    return {"value": value, "lang": lang, "script": script, "kind": kind}


def _brand(rng: random.Random, stems: Sequence[str], place: str, words: Sequence[str], group: str, *, ru: bool) -> str:
    """A trade name: place + product word, a Soviet-style compound, a stem (+ word, suffix or second stem)."""
    r = rng.random()
    if r < 0.25:
        return f"{place} {rng.choice(words)}"
    if r < 0.35 and ru and group in RU_COMPOUNDS:
        return place + RU_COMPOUNDS[group]
    stem = rng.choice(stems)
    if r < 0.6:
        return f"{stem} {rng.choice(words)}"
    if r < 0.8:
        return stem
    if r < 0.92 and ru:
        return f"{stem}-{rng.choice(RU_SUFFIXES[group])}"
    other = rng.choice(stems)
    return f"{stem} {other}" if other != stem else f"{stem} {rng.choice(words)}"


def _kz(rng: random.Random, city: City, group: str) -> Naming:
    form = _form(rng, KZ_FORMS, group)
    ru_brand = rng.random() < 0.6
    place = city.name_ru if ru_brand else city.name
    words = GROUP_WORDS[group]["ru" if ru_brand else "kk"]
    brand = _brand(rng, STEMS["kk"], place, words, group, ru=ru_brand)
    ru = _name(f"{form.first} «{brand}»", "ru", "Cyrl")
    kk = _name(f"«{brand}» {form.second}", "kk", "Cyrl")
    r = rng.random()
    if r < 0.45:
        names, local = ([ru, kk], form.first) if rng.random() < 0.6 else ([kk, ru], form.second)
    elif r < 0.75:
        names, local = [ru], form.first
    elif r < 0.85:
        names, local = [kk], form.second
    else:
        names, local = [_name(f"{kk['value']} / {ru['value']}", None, "Cyrl"), ru, kk], form.second
    lang = "kk" if names[0]["lang"] == "kk" else "ru"
    return Naming(names, form.cls, local, lang, "Cyrl", ascii_slug(brand))


def _kg(rng: random.Random, city: City, group: str) -> Naming:
    form = _form(rng, KG_FORMS, group)
    brand = _brand(rng, STEMS["ky"], city.name, GROUP_WORDS[group]["ky"], group, ru=True)
    ru = _name(f"{form.first} «{brand}»", "ru", "Cyrl")
    ky = _name(f"«{brand}» {form.second}", "ky", "Cyrl")
    r = rng.random()
    names = [ru] if r < 0.6 else [ru, ky] if r < 0.9 else [ky]
    lang = str(names[0]["lang"])
    return Naming(names, form.cls, form.first if lang == "ru" else form.second, lang, "Cyrl", ascii_slug(brand))


def _tj(rng: random.Random, city: City, group: str) -> Naming:
    form = _form(rng, TJ_FORMS, group)
    brand = _brand(rng, STEMS["tg"], city.name, GROUP_WORDS[group]["tg"], group, ru=False)
    tg = _name(f"{form.first} «{brand}»", "tg", "Cyrl")
    ru = _name(f"{form.second} «{brand}»", "ru", "Cyrl")
    r = rng.random()
    names = [tg] if r < 0.65 else [tg, ru] if r < 0.9 else [ru]
    lang = str(names[0]["lang"])
    return Naming(names, form.cls, form.first if lang == "tg" else form.second, lang, "Cyrl", ascii_slug(brand))


def _uz(rng: random.Random, city: City, group: str) -> Naming:
    form = _form(rng, UZ_FORMS, group)
    brand = _brand(rng, STEMS["uz"], city.name, GROUP_WORDS[group]["uz"], group, ru=False)
    latn = _name(f'"{brand}" {form.first}', "uz", "Latn")
    cyrl = _name(f'"{uz_cyrillic(brand)}" {form.second}', "uz", "Cyrl")
    r = rng.random()
    names = [latn] if r < 0.7 else [cyrl] if r < 0.85 else [latn, cyrl]
    script = str(names[0]["script"])
    return Naming(names, form.cls, form.first if script == "Latn" else form.second, "uz", script, ascii_slug(brand))


def _latin_after(country: str, stems_key: str, forms: tuple[tuple[Form, ...], tuple[float, ...]]) -> NameWriter:
    """Turkmen and Azerbaijani: ``"Brand" FORM`` in Latin script."""
    lang = {"TM": "tk", "AZ": "az"}[country]

    def write(rng: random.Random, city: City, group: str) -> Naming:
        form = _form(rng, forms, group)
        brand = _brand(rng, STEMS[stems_key], city.name, GROUP_WORDS[group][lang], group, ru=False)
        return Naming(
            [_name(f'"{brand}" {form.first}', lang, "Latn")], form.cls, form.first, lang, "Latn", ascii_slug(brand)
        )

    return write


def _ru(rng: random.Random, city: City, group: str) -> Naming:
    form = _form(rng, RU_FORMS, group)
    if form.cls == "IE":
        surname, first, patronymic = (rng.choice(part) for part in RU_PEOPLE)
        return Naming(
            [_name(f"ИП {surname} {first} {patronymic}", "ru", "Cyrl")], "IE", "ИП", "ru", "Cyrl", ascii_slug(surname)
        )
    brand = _brand(rng, STEMS["ru"], city.name, GROUP_WORDS[group]["ru"], group, ru=True)
    return Naming(
        [_name(f"{form.first} «{brand}»", "ru", "Cyrl")], form.cls, form.first, "ru", "Cyrl", ascii_slug(brand)
    )


def _cn(rng: random.Random, city: City, group: str) -> Naming:
    form = _form(rng, CN_FORMS, group)
    stem, pinyin = rng.choice(ZH_STEMS)
    word, english = rng.choice(ZH_WORDS[group])
    place, place_latin = (city.province, city.province_latin) if rng.random() < 0.7 else (city.name, city.latin)
    zh = _name(f"{place}{stem}{word}{form.first}", "zh", "Hans")
    en = _name(f"{place_latin} {pinyin} {english} {form.second}", "en", "Latn")
    names = [zh, en] if rng.random() < 0.85 else [zh]
    return Naming(names, form.cls, form.first, "zh", "Hans", ascii_slug(f"{place_latin} {pinyin}"))


def _tr(rng: random.Random, city: City, group: str) -> Naming:
    form = _form(rng, TR_FORMS, group)
    brand = rng.choice(STEMS["tr"]) if rng.random() < 0.7 else city.name
    if form.cls == "COOP":
        value = f"{brand} {form.second}"
    else:
        value = f"{brand} {rng.choice(GROUP_WORDS[group]['tr'])} {form.second}"
    return Naming([_name(value, "tr", "Latn")], form.cls, form.first, "tr", "Latn", ascii_slug(brand))


def _english(country: str) -> NameWriter:
    """Georgia and Iran: English names as their exporters write them (``Kolkheti Fruit LLC``, ``JSC Iberia ...``)."""
    stems_key, forms = {"GE": ("ge", GE_FORMS), "IR": ("ir", IR_FORMS)}[country]

    def write(rng: random.Random, city: City, group: str) -> Naming:
        form = _form(rng, forms, group)
        brand = rng.choice(STEMS[stems_key]) if rng.random() < 0.7 else city.name
        core = f"{brand} {rng.choice(GROUP_WORDS[group]['en'])}"
        value = f"JSC {core}" if country == "GE" and form.cls == "JSC" else f"{core} {form.second or form.first}"
        return Naming([_name(value, "en", "Latn")], form.cls, form.first, "en", "Latn", ascii_slug(core))

    return write


NAME_WRITERS: dict[str, NameWriter] = {
    "KZ": _kz,
    "KG": _kg,
    "TJ": _tj,
    "UZ": _uz,
    "TM": _latin_after("TM", "tk", TM_FORMS),
    "RU": _ru,
    "CN": _cn,
    "AZ": _latin_after("AZ", "az", AZ_FORMS),
    "TR": _tr,
    "GE": _english("GE"),
    "IR": _english("IR"),
}
