"""Name keys for entity resolution, and the spellings of a name that search indexes.

:func:`name_tokens` turns a registry name into tokens that agree across scripts, romanisations, quote styles and
legal-form placement, so that ``«Оңтүстік Цемент» ЖШС``, ``ТОО «Оңтүстік Цемент»``, ``Ontustik Cement LLP`` and
``"ONTUSTIK CEMENT" TOO`` all give ``["ontustik", "sement"]``. The steps:

1. the legal form goes (:func:`~cagateway.text.strip_legal_form`; a bilingual string keeps its first part);
2. ``ё`` is read as ``е`` (except in Uzbek); Cyrillic is romanised the simple, Russian-style way
   (``Талдықорған`` → ``taldykorgan``), any other script through anyascii; Latin is folded as for search
   (:func:`~cagateway.text.fold_for_search`), with Uzbek ``x`` read as ``kh`` and Azerbaijani/Turkish ``c`` as
   ``j``, and apostrophes dropped (``Oʻzbekiston`` → ``ozbekiston``);
3. each token is reduced to a phonetic skeleton where romanisations disagree (one pass of each rule, in order):
   ``zh``/``dzh``/``j`` → ``j``, ``kh``/``x``(uz)/``h`` → ``h``, ``q`` → ``k``, ``gh`` → ``g``, ``ng`` → ``n``
   (Kazakh ``ң``), ``ts`` and ``c`` before e/i/y → ``s`` (so ``Цемент``, ``Cement``, ``Tsement`` and Uzbek
   ``Sement`` agree), other ``c`` → ``k``, ``x`` → ``ks``, ``y`` after a vowel → ``i`` (``Semey``/``Semei``),
   a leading ``ye`` → ``e`` (``Yerkin``/``Еркин``), doubled letters once (``Прогресс``/``Progress``);
4. generic words that say what kind of business it is, not which one, are dropped: "завод", "zavod", "plant",
   "factory", "фабрика", "комбинат", "company", "компания", "фирма", "corporation", "enterprise", "korxona", and
   the connectives "and", "и", "va", "ve", "және". A name made only of such words keeps them.

Why this shape, for Splink: blocking on rare name tokens needs the *same* token for the same word whatever
script or romanisation a register used, and needs the generic words gone because they are frequent enough to put
every plant of a country in one block. Product words ("cement", "agro", "trading") stay: they tell
``Ontustik Cement`` from ``Ontustik Cement Trading``, and token-frequency adjustment discounts them anyway.
:func:`name_key` is the sorted, de-duplicated tokens joined by spaces, for exact-key blocking.

What it does not do: translate (``Южный`` is not ``Оңтүстік``), restore historical names (``Chimkent``), or
segment Chinese (a run of Han characters is one token of pinyin syllables).
"""

from __future__ import annotations

import re

from cagateway.text.legal_forms import strip_legal_form
from cagateway.text.normalise import fold_for_search
from cagateway.text.scripts import detect_script, guess_language
from cagateway.text.translit import transliterate

__all__ = ["name_key", "name_tokens", "name_variants"]

_LANGUAGE_OF_COUNTRY = {"KZ": "kk", "KG": "ky", "UZ": "uz", "TJ": "tg", "TM": "tk", "RU": "ru"}
_CYRILLIC_FROM_LATIN = frozenset({"kk", "ky", "uz", "ru", "en"})
_LATIN_LETTERS = str.maketrans({"ş": "sh", "ç": "ch", "ž": "zh", "ğ": "g", "ñ": "n"})
_APOSTROPHES = re.compile("[ʻʼ'‘’`´]")
_NOT_ALNUM = re.compile(r"[\W_]+")
_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("shch", "sh"),
        ("dzh|zh", "j"),
        ("kh", "h"),
        ("gh", "g"),
        ("ph", "f"),
        ("ch", "C"),  # keep ч apart from the c rules below
        ("ts", "s"),  # before the c rules, so that Шымкентцемент and Shymkentcement meet
        ("ck", "k"),
        ("c(?=[eiy])", "s"),
        ("c", "k"),
        ("q", "k"),
        ("x", "ks"),
        ("w", "v"),
        ("ng", "n"),
        ("^ye", "e"),
        ("(?<=[aeiou])y", "i"),
        ("C", "ch"),
        (r"(.)\1+", r"\1"),
    )
)
_NOISE_WORDS = (
    "завод заводы zavod zavodi заводи зауыт зауыты plant factory works фабрика фабрикасы fabrika fabrikasi "
    "комбинат комбинаты kombinat kombinati company co компания компаниясы компани kompaniya kompaniyasi фирма фирмасы "
    "firma firmasi corporation corp корпорация korporatsiya enterprise предприятие кәсіпорын кәсіпорны korxona "
    "korxonasi корхона корхонаси and и va ва ve және жана the of"
)


def _language(name: str, lang: str | None, country: str | None) -> str | None:
    return lang or guess_language(name, country)


def _latin_letters(text: str, language: str | None) -> str:
    """Latin spellings that stand for another sound in the name's language, written the common way."""
    text = text.lower()
    if language == "uz":
        text = text.replace("x", "kh")
    if language in {"az", "tr"}:  # c is j there; ç (ch) comes after, so that its c stays
        text = text.replace("c", "j").replace("ç", "ch")
    return text.translate(_LATIN_LETTERS)


def _skeleton(token: str) -> str:
    for pattern, replacement in _SKELETON_RULES:
        token = pattern.sub(replacement, token)
    return token


def _raw_tokens(bare: str, language: str | None) -> list[str]:
    if language != "uz":  # Russian and Kazakh registers write ё or е at will; Uzbek always writes its ё
        bare = bare.replace("ё", "е").replace("Ё", "Е")
    latin = transliterate(bare, language, "Latn", romanisation="simple")
    folded = _APOSTROPHES.sub("", fold_for_search(_latin_letters(latin, language)))
    return [_skeleton(token) for token in _NOT_ALNUM.sub(" ", folded).split()]


# Read each word both ways it could come: as its letters suggest, and as Uzbek (korxona, zavodi).
_NOISE = frozenset(
    token
    for word in _NOISE_WORDS.split()
    for language in {guess_language(word), "uz"}
    for token in _raw_tokens(word, language)
)


def name_tokens(name: str, lang: str | None = None, country: str | None = None) -> list[str]:
    """The name's tokens for entity resolution, in order: legal form off, romanised, folded, generic words out.

    ``lang`` (ISO 639-1) and ``country`` (ISO 3166 alpha-2) help read the name (see the module docstring).
    Example: ``name_tokens("ТОО «Шымкентский цементный завод»")`` is ``["shymkenski", "sementny"]``.
    """
    bare = strip_legal_form(name)
    tokens = _raw_tokens(bare, _language(bare, lang, country))
    kept = [token for token in tokens if token not in _NOISE]
    return kept or tokens


def name_key(name: str, lang: str | None = None, country: str | None = None) -> str:
    """A blocking key: the distinct :func:`name_tokens`, sorted and joined by spaces.

    Word order, script, quote style and legal form do not change it:
    ``name_key("«Оңтүстік Цемент» ЖШС") == name_key("Ontustik Cement LLP") == "ontustik sement"``.
    """
    return " ".join(sorted(set(name_tokens(name, lang, country))))


def _cyrillic_language(language: str | None, country: str | None) -> str | None:
    """The rules to write a Latin name in Cyrillic with, or None when that would garble it (Turkish, Chinese)."""
    if language not in _CYRILLIC_FROM_LATIN:
        return None
    if language == "en" and country:
        return _LANGUAGE_OF_COUNTRY.get(country.upper(), "ru")
    return language


def _other_script_spellings(bare: str, language: str | None, country: str | None) -> list[str]:
    if detect_script(bare) == "Latn":
        cyrillic_language = _cyrillic_language(language, country)
        return [transliterate(bare, cyrillic_language, "Cyrl")] if cyrillic_language else []
    return [
        transliterate(bare, language, "Latn"),
        transliterate(bare, language, "Latn", romanisation="simple"),
    ]


def name_variants(name: str, lang: str | None = None, country: str | None = None) -> list[str]:
    """The spellings search indexes for a name: the bare name as written, then in the other script(s).

    The legal form is removed. A Cyrillic name adds its standard (BGN/PCGN, official Uzbek Latin) and simple
    Russian-style romanisations; a Latin name in Kazakh, Kyrgyz, Uzbek, Russian or English adds a Cyrillic
    spelling; Chinese and other scripts add anyascii's romanisation. Spellings that fold alike for search are
    listed once. Example: ``name_variants("ТОО «Талдықорған Құрылыс»")`` is
    ``["Талдықорған Құрылыс", "Taldyqorghan Qurylys", "Taldykorgan Kurylys"]``.
    """
    bare = strip_legal_form(name)
    language = _language(bare, lang, country)
    variants: dict[str, str] = {}
    for spelling in [bare, *_other_script_spellings(bare, language, country)]:
        variants.setdefault(fold_for_search(spelling), spelling)
    return list(variants.values())
