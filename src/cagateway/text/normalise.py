"""Folding text for search, and Russian stemming that leaves legal forms alone.

:func:`fold_for_search` is what both the index and the query go through, so that spellings a user cannot tell
apart compare equal: case, quote and apostrophe styles, ``ё``/``е``, Latin diacritics, spacing. It is idempotent.
It never changes script, and it keeps the Cyrillic letters that look like a base letter with a mark but are
letters of their own (Kazakh ``қ ң ө ү``, Uzbek ``ў``, Tajik ``ӣ ӯ``, and ``й``).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import cache

import Stemmer

from cagateway.text.legal_forms import LEGAL_FORMS
from cagateway.text.scripts import OKINA, fold_apostrophes

__all__ = ["fold_for_search", "stem_ru"]

# Latin letters that are not a base letter plus a mark, written as their usual ASCII stand-ins.
_LATIN_LETTERS = str.maketrans({"ı": "i", "ə": "e", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ŋ": "n"})
_DOUBLE_QUOTES = re.compile(r"[«»„“”‟\"‹›「」『』]")
# After folding, ʻ is a quote where it opens a word, or closes one whose last letter is not o/g (Uzbek "togʻ").
_OKINA_AS_QUOTE = re.compile(rf"(?<!\w){OKINA}+|(?<=[^\Wog]){OKINA}+(?!\w)")
_RUSSIAN_WORD = re.compile(r"[а-яё-]+")
# Abbreviated forms: the Snowball stemmer turns АО into "а" and ТОО into "то". Spelled-out forms stem fine.
_PROTECTED = frozenset(form.spelling.lower() for form in LEGAL_FORMS if " " not in form.spelling)

_local = threading.local()


def _strip_latin_marks_slowly(decomposed: str) -> str:
    out: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and out and out[-1].isascii():
            continue
        out.append(char)
    return "".join(out)


@cache
def _marks_after_ascii() -> re.Pattern[str]:
    """A run of combining marks right after an ASCII character (a base letter, or a mark's first neighbour).

    Built on first use (~50 ms: every mark of the Basic Multilingual Plane, none below U+0300); text with
    characters beyond it takes the loop above, which asks :func:`unicodedata.combining` char by char.
    """
    marks = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))
    return re.compile(f"(?<=[\\x00-\\x7f])[{re.escape(marks)}]+")


def _strip_latin_marks(text: str) -> str:
    """Remove combining marks that sit on a Latin letter; Cyrillic letters keep theirs.

    One regular expression instead of a Python loop per character (the loop was ~40% of folding a name during
    an import); the loop stays for text beyond the Basic Multilingual Plane. Both remove exactly the marks
    that follow an ASCII character, directly or after other such marks.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if max(decomposed) > "\uffff":
        stripped = _strip_latin_marks_slowly(decomposed)
    else:
        stripped = _marks_after_ascii().sub("", decomposed)
    return unicodedata.normalize("NFC", stripped)


def _fold_quotes_and_apostrophes(text: str) -> str:
    text = _DOUBLE_QUOTES.sub(" ", text)
    return _OKINA_AS_QUOTE.sub(" ", fold_apostrophes(text))


def fold_for_search(text: str) -> str:
    """Fold ``text`` for matching: case-folded, ``ё`` → ``е``, Latin diacritics off, quotes gone, one space.

    Apostrophes become U+02BB (:data:`~cagateway.text.OKINA`), so Uzbek ``O'zbekiston``, ``O‘zbekiston`` and
    ``Oʻzbekiston`` fold alike; an apostrophe used as a quote mark is removed. Idempotent.
    Example: ``fold_for_search("  «Türkmen   Ýüpek» O‘zbekiston Ёлка ")`` is ``"turkmen yupek oʻzbekiston елка"``.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("ё", "е").translate(_LATIN_LETTERS)
    text = _strip_latin_marks(text)
    return " ".join(_fold_quotes_and_apostrophes(text).split())


def _russian_stemmer() -> Stemmer.Stemmer:
    """One stemmer per thread: PyStemmer objects keep a cache and are not thread-safe."""
    stemmer: Stemmer.Stemmer | None = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("russian")
    return stemmer


def _stem(stemmer: Stemmer.Stemmer, token: str) -> str:
    word = token.lower().replace("ё", "е")
    if word in _PROTECTED or not _RUSSIAN_WORD.fullmatch(word):
        return word
    return str(stemmer.stemWord(word))


def stem_ru(tokens: Iterable[str]) -> list[str]:
    """Russian Snowball stems of ``tokens``, lower-cased; legal-form abbreviations and non-Russian tokens unstemmed.

    Strip legal forms from the name first (:func:`~cagateway.text.strip_legal_form`); tokens that still are
    abbreviated forms (``ТОО``, ``АО``, ``ИП``) are kept whole rather than stemmed into ``то``, ``а``.
    Tokens with Latin letters, digits or letters outside the Russian alphabet (Kazakh ``ң``) are only
    lower-cased. Example: ``stem_ru(["Цементный", "ЗАВОД", "ТОО"])`` is ``["цементн", "завод", "тоо"]``.
    """
    stemmer = _russian_stemmer()
    return [_stem(stemmer, token) for token in tokens]
