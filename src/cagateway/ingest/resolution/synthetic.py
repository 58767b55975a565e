"""Synthetic national registers of the same producers, with ground truth, for the resolution benchmark and tests.

Each underlying producer is listed by one to four registers, each in its own layout: the Kazakh register in
Russian (``ТОО «Алтынтау Цемент»``) and in Kazakh (``«Алтынтау Цемент» ЖШС``), the Uzbek portal in Latin
(``"Oltintog Sement" MChJ``), a chamber-of-commerce catalogue in English (``Altyntau Cement LLP``) and a
trade-fair list with the most noise (abbreviations, capitals, typos, no identifiers). Noise, each at a set rate:
other scripts, legal-form placement, translated product words (``Мука`` / ``Un`` / ``Flour``), typos, missing
or mistyped identifiers, moved plants, other phones. Distractors are *other* producers with a similar name
(``Altyntau Cement Trading LLP`` in another city) — a resolver that merges them loses precision.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from cagateway.demo.places import City, cities_of
from cagateway.ingest.resolution.features import RawRecord

__all__ = ["SyntheticProducer", "generate_registers"]

# Syllables written the same way in the Latin and Cyrillic registers (Latin, Cyrillic).
_SYLLABLES = (
    ("al", "ал"), ("tyn", "тын"), ("tau", "тау"), ("kar", "кар"), ("a", "а"), ("zhan", "жан"), ("bek", "бек"),
    ("sar", "сар"), ("y", "ы"), ("ar", "ар"), ("ka", "ка"), ("mys", "мыс"), ("ter", "тер"), ("ek", "ек"),
    ("nur", "нур"), ("sa", "са"), ("ul", "ул"), ("dar", "дар"), ("ba", "ба"), ("tur", "тур"), ("kum", "кум"),
    ("ko", "ко"), ("shy", "шы"), ("gys", "гыс"), ("zhe", "же"), ("tis", "тис"), ("u", "у"), ("man", "ман"),
    ("ol", "ол"), ("ta", "та"), ("or", "ор"), ("da", "да"), ("kent", "кент"), ("sai", "сай"), ("bu", "бу"),
    ("lak", "лак"), ("ton", "тон"), ("as", "ас"), ("tan", "тан"), ("mir", "мир"), ("ken", "кен"), ("zhol", "жол"),
    ("es", "ес"), ("il", "ил"), ("te", "те"), ("mer", "мер"), ("gul", "гул"), ("dos", "дос"),
)  # fmt: skip
# Product words: (English, Russian, Kazakh, Uzbek Latin, HS headings). Some are one word in every script
# (cement/цемент/sement), some are translations (flour/мука/ұн/un).
_PRODUCTS = (
    ("Cement", "Цемент", "Цемент", "Sement", ("2523",)),
    ("Flour", "Мука", "Ұн", "Un", ("1101", "1102")),
    ("Textile", "Текстиль", "Текстиль", "Tekstil", ("5208", "5209", "6109")),
    ("Milk", "Молоко", "Сүт", "Sut", ("0401", "0402", "0406")),
    ("Steel", "Сталь", "Болат", "Poʻlat", ("7208", "7214")),
    ("Glass", "Стекло", "Шыны", "Shisha", ("7005", "7010")),
    ("Agro", "Агро", "Агро", "Agro", ("1001", "1003", "0703")),
    ("Plast", "Пласт", "Пласт", "Plast", ("3917", "3923")),
    ("Brick", "Кирпич", "Кірпіш", "Gʻisht", ("6904",)),
    ("Oil", "Май", "Май", "Yogʻ", ("1512", "1517")),
)
_DISTRACTOR_WORDS = (("Trading", "Трейдинг"), ("Logistics", "Логистик"), ("Invest", "Инвест"), ("Service", "Сервис"))
_COUNTRIES = (("KZ", 50), ("UZ", 30), ("KG", 12), ("TJ", 8))
_ID_DIGITS = {"KZ": 12, "UZ": 9, "KG": 14, "TJ": 9}
_ID_SCHEME = {"KZ": "KZ-BIN", "UZ": "UZ-INN", "KG": "KG-INN", "TJ": "TJ-INN"}
_LATIN_FORM = {"KZ": ("LLP", "TOO"), "UZ": ("MChJ", "LLC"), "KG": ("LLC", "OsOO"), "TJ": ("LLC", "JDMM")}


@dataclass(frozen=True)
class SyntheticProducer:
    """An underlying producer: what every register's row about it derives from."""

    key: str
    country: str
    stem_latin: str
    stem_cyrillic: str
    product: int
    city: City
    identifier: str
    phone: str
    domain: str | None
    suffix: tuple[str, str] | None = None  # a distractor's extra word: ("Trading", "Трейдинг")


def _stem(rng: random.Random) -> tuple[str, str]:
    parts = [rng.choice(_SYLLABLES) for _ in range(rng.choices((2, 3, 4), (10, 60, 30))[0])]
    latin = "".join(p[0] for p in parts)
    cyrillic = "".join(p[1] for p in parts)
    return latin.capitalize(), cyrillic.capitalize()


def _country(rng: random.Random) -> str:
    return rng.choices([c for c, _ in _COUNTRIES], [w for _, w in _COUNTRIES])[0]


def _new_identifier(rng: random.Random, country: str) -> str:
    digits = _ID_DIGITS[country]
    return f"{_ID_SCHEME[country]}:{rng.randrange(10 ** (digits - 1), 10**digits)}"


def _producer(rng: random.Random, n: int) -> SyntheticProducer:
    country = _country(rng)
    latin, cyrillic = _stem(rng)
    return SyntheticProducer(
        key=f"P{n}",
        country=country,
        stem_latin=latin,
        stem_cyrillic=cyrillic,
        product=rng.randrange(len(_PRODUCTS)),
        city=rng.choice(cities_of(country)),
        identifier=_new_identifier(rng, country),
        phone=f"+{rng.randrange(100, 999)}{rng.randrange(10**8, 10**9)}",
        domain=f"{latin.lower()}-{n}.example" if rng.random() < 0.5 else None,
    )


def _distractor(rng: random.Random, of: SyntheticProducer, n: int) -> SyntheticProducer:
    """Another producer with nearly the same name, elsewhere, with its own identifier and phone."""
    other = _producer(rng, n)
    cities = [c for c in cities_of(of.country) if c != of.city] or [of.city]
    return SyntheticProducer(
        key=other.key,
        country=of.country,
        stem_latin=of.stem_latin,
        stem_cyrillic=of.stem_cyrillic,
        product=of.product,
        city=rng.choice(cities),
        identifier=_new_identifier(rng, of.country),
        phone=other.phone,
        domain=None,
        suffix=rng.choice(_DISTRACTOR_WORDS),
    )


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, max(2, len(word) - 1))
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1 :]  # a letter dropped
    if kind == 1:
        return word[:i] + word[i] + word[i:]  # a letter doubled
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]  # two letters swapped


def _name(rng: random.Random, p: SyntheticProducer, register: str) -> str:
    english, russian, kazakh, uzbek, _ = _PRODUCTS[p.product]
    cyrillic_register = register in {"ru", "kk"}
    stem = p.stem_cyrillic if cyrillic_register else p.stem_latin
    if rng.random() < 0.08:
        stem = _typo(rng, stem)
    product = {"ru": russian, "kk": kazakh, "uz": uzbek}.get(register, english)
    if register == "fair" and rng.random() < 0.3:
        product = product[:3] + "."  # abbreviated
    words = [stem, product]
    if p.suffix:
        words.append(p.suffix[1] if cyrillic_register else p.suffix[0])
    body = " ".join(words)
    if register == "ru":
        return f"{'ТОО' if p.country == 'KZ' else 'ООО'} «{body}»"
    if register == "kk":
        return f"«{body}» {'ЖШС' if p.country == 'KZ' else 'ЖЧК'}"
    first, second = _LATIN_FORM[p.country]
    if register == "fair":
        return f'"{body.upper()}" {second}' if rng.random() < 0.5 else f"{body} {first}"
    return f'"{body}" {first}' if register == "uz" else f"{body} {first}"


def _registers_of(rng: random.Random, country: str) -> list[str]:
    local = ["ru", "kk"] if country in {"KZ", "KG"} else ["uz", "ru"]
    pool = [*local, "chamber", "fair"]
    count = rng.choices((1, 2, 3, 4), (30, 35, 25, 10))[0]
    return rng.sample(pool, count)


def _city(rng: random.Random, p: SyntheticProducer, register: str) -> City:
    if rng.random() < 0.08:
        return rng.choice(cities_of(p.country))  # moved plant or a head-office address
    return p.city


def _city_name(city: City, register: str) -> str:
    return {"ru": city.name_ru, "kk": city.name, "uz": city.name}.get(register, city.latin)


def _identifier(rng: random.Random, p: SyntheticProducer, register: str) -> list[str]:
    missing = {"ru": 0.05, "kk": 0.05, "uz": 0.05, "chamber": 0.3, "fair": 0.6}[register]
    roll = rng.random()
    if roll < missing:
        return []
    if roll < missing + 0.03:
        scheme, value = p.identifier.split(":")
        i = rng.randrange(len(value))
        return [f"{scheme}:{value[:i]}{(int(value[i]) + 1) % 10}{value[i + 1 :]}"]  # mistyped
    return [p.identifier]


def _record(rng: random.Random, p: SyntheticProducer, register: str, record_id: int) -> RawRecord:
    city = _city(rng, p, register)
    headings = _PRODUCTS[p.product][4]
    hs = rng.sample(headings, rng.randint(1, len(headings)))
    phone = p.phone if rng.random() < 0.6 else (f"+7{rng.randrange(10**9, 10**10)}" if rng.random() < 0.2 else None)
    return RawRecord(
        record_id=record_id,
        country=p.country,
        names=[_name(rng, p, register)],
        identifiers=_identifier(rng, p, register),
        city=_city_name(city, register),
        region=city.region,
        hs_codes=list(hs),
        phones=[phone] if phone else [],
        websites=[f"https://www.{p.domain}"] if p.domain and rng.random() < 0.7 else [],
        truth=p.key,
    )


def generate_registers(size: int, seed: int = 1, distractor_rate: float = 0.08) -> Iterator[RawRecord]:
    """About ``size`` register rows (record ids 1…), each with ``truth`` naming its underlying producer."""
    rng = random.Random(seed)
    record_id = 0
    n = 0
    previous: SyntheticProducer | None = None
    while record_id < size:
        n += 1
        if previous is not None and rng.random() < distractor_rate:
            producer = _distractor(rng, previous, n)
        else:
            producer = previous = _producer(rng, n)
        for register in _registers_of(rng, producer.country):
            record_id += 1
            yield _record(rng, producer, register, record_id)
            if record_id >= size:
                return
