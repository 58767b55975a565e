"""Scripts, apostrophes, quotes and a language guess for short company names.

:func:`guess_language` is a heuristic over a handful of letters, meant for names a few words long. It knows the
region's alphabets, not its vocabularies, so it is only as good as the letters a name happens to use:

* Cyrillic: letters only one of the region's alphabets has decide on their own (Tajik ҷ ӣ ӯ, Uzbek ў, Kazakh
  ә ұ һ і). Letters shared by several (ғ қ ҳ; ң ө ү) need the country to choose, and default to the
  language with the larger register (Kazakh; Uzbek for ҳ). Plain Cyrillic is Russian, even where it is really
  Uzbek or Kyrgyz written without any of their own letters (``Навоий``).
* Latin: ə is Azerbaijani, ň or ý Turkmen, oʻ/gʻ Uzbek; ı or ğ Turkish unless the country is AZ.
  Turkmen ä ö ş ü ž, Turkish ş ç ö ü and Uzbek "sh"/"ch"/"q"/"x" count only with the matching country,
  because German, English and other names have them too. Plain ASCII is English otherwise.
* Han is Chinese, Georgian is Georgian; anything else (Arabic script, no letters) gives None.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["OKINA", "detect_script", "fold_apostrophes", "fold_quotes", "guess_language"]

# The first word of a letter's Unicode name that tells its script.
_SCRIPT_WORDS = {"LATIN": "Latn", "CYRILLIC": "Cyrl", "CJK": "Hans", "ARABIC": "Arab", "GEORGIAN": "Geor"}
_UNDETERMINED = "Zyyy"

# U+02BB is the Uzbek oʻ/gʻ letter; registries also type ‘ ’ ' ` ´ and the tutuq belgisi ʼ (U+02BC) for it.
OKINA = "\u02bb"
_APOSTROPHE_VARIANTS = re.compile("[\u02bb\u2018\u2019\u0027\u0060\u02bc\u00b4]")
_DOUBLE_QUOTES = re.compile(r"[«»„“”‟\"‹›「」『』]")

_TAJIK_ONLY = frozenset("ҷӣӯ")
_UZBEK_ONLY = frozenset("ў")
_KAZAKH_ONLY = frozenset("әұһі")
_KAZAKH_TAJIK_UZBEK = frozenset("ғқҳ")
_GHE_QA = frozenset("ғқ")
_KAZAKH_KYRGYZ = frozenset("ңөү")
_TURKMEN_ONLY = frozenset("ňý")
_TURKMEN = frozenset("äçňöşüýž")
_TURKISH_ONLY = frozenset("ığ")
_TURKISH_AZERBAIJANI = frozenset("çğıöşü")
# oʻ/gʻ: with the proper U+02BB always; with another apostrophe only before a lower-case letter other than a
# possessive "s" ("Hugo's").
_UZBEK_OKINA = re.compile(r"[oOgG](?:\u02bb|['‘’`´ʼ](?!s\b)[a-z])")
_UZBEK_DIGRAPHS = re.compile(r"sh|ch|q|x", re.IGNORECASE)


def _script_of(char: str) -> str | None:
    if not char.isalpha():
        return None
    for word in unicodedata.name(char, "").split():
        if word in _SCRIPT_WORDS:
            return _SCRIPT_WORDS[word]
    return None


def detect_script(text: str) -> str:
    """The ISO 15924 code of the script most letters are in: Cyrl, Latn, Hans (any Han), Arab or Geor.

    "Zyyy" when there is no letter of those scripts (digits, punctuation) or two scripts tie.
    Example: ``detect_script("ТОО «Kazakh Invest»")`` is "Latn" (11 Latin letters against 3 Cyrillic).
    """
    counts = Counter(script for script in map(_script_of, text) if script is not None)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return _UNDETERMINED
    return ranked[0][0]


def fold_apostrophes(text: str) -> str:
    """Write every apostrophe variant as U+02BB, so "O'zbekiston", "O‘zbekiston" and "Oʻzbekiston" compare equal.

    Folds U+02BB, U+2018, U+2019, U+0027, the backtick, U+02BC and the acute accent ´. Closing single quotes are
    folded too: strip quotes first (``strip_legal_form`` does) when the text has them.
    """
    return _APOSTROPHE_VARIANTS.sub(OKINA, text)


def fold_quotes(text: str) -> str:
    """Write every double quote and guillemet (« » „ “ ” ‟ ‹ › 「 」 『 』) as the ASCII ``"``.

    Single quotes are left alone: in Uzbek they are letters (see :func:`fold_apostrophes`).
    """
    return _DOUBLE_QUOTES.sub('"', text)


def _first_rule(rules: list[tuple[object, str]], default: str | None) -> str | None:
    """The language of the first rule whose evidence is there (truthy), in the order the rules are written."""
    return next((language for evidence, language in rules if evidence), default)


def _guess_cyrillic(letters: frozenset[str], country: str | None) -> str | None:
    shared = letters & _KAZAKH_TAJIK_UZBEK
    kazakh_kyrgyz = letters & _KAZAKH_KYRGYZ
    rules: list[tuple[object, str]] = [
        (letters & _TAJIK_ONLY, "tg"),
        (letters & _UZBEK_ONLY, "uz"),
        (letters & _KAZAKH_ONLY, "kk"),
        (shared and country == "TJ", "tg"),
        (shared and country == "UZ", "uz"),
        (shared & _GHE_QA, "kk"),  # ғ қ without a country: the Kazakh register is the largest
        (shared, "uz"),  # ҳ alone: Uzbek or Tajik, and Uzbekistan registers more companies
        (kazakh_kyrgyz and country == "KG", "ky"),
        (kazakh_kyrgyz, "kk"),
    ]
    return _first_rule(rules, "ru")


def _guess_latin(text: str, letters: frozenset[str], country: str | None) -> str | None:
    rules: list[tuple[object, str]] = [
        ("ə" in letters, "az"),
        (letters & _TURKMEN_ONLY or (country == "TM" and letters & _TURKMEN), "tk"),
        (_UZBEK_OKINA.search(text) or (country == "UZ" and _UZBEK_DIGRAPHS.search(text)), "uz"),
        (country == "AZ" and letters & _TURKISH_AZERBAIJANI, "az"),
        (letters & _TURKISH_ONLY or (country == "TR" and letters & _TURKISH_AZERBAIJANI), "tr"),
        (all(letter.isascii() for letter in letters if _script_of(letter) == "Latn"), "en"),
    ]
    return _first_rule(rules, None)


def guess_language(text: str, country: str | None = None) -> str | None:
    """Guess the ISO 639-1 language of a short company name, or None; ``country`` (ISO 3166 alpha-2) breaks ties.

    A heuristic on letters, not words (see the module docstring for the rules). Examples:
    ``guess_language("«Оңтүстік Цемент» ЖШС")`` is "kk"; ``guess_language("«Ак-Жол Күмүш» ЖЧК", "KG")`` is "ky";
    ``guess_language("Toshkent Tekstil MChJ", "UZ")`` is "uz"; ``guess_language("Toshkent Tekstil")`` is "en".
    """
    country = country.upper() if country else None
    letters = frozenset(text.lower())
    script = detect_script(text)
    if script == "Cyrl":
        return _guess_cyrillic(letters, country)
    if script == "Latn":
        return _guess_latin(text, letters, country)
    return {"Hans": "zh", "Geor": "ka"}.get(script)
