"""Text folding for HS classification: one Latin key for Russian, Kazakh and Uzbek (both scripts) and English.

Producers write the same goods in several scripts: ``пахта`` and ``paxta`` (Uzbek Cyrillic and Latin),
``бидай`` (Kazakh), ``хлопок`` (Russian). Folding every Cyrillic letter to the Latin letter Uzbek uses for it
(х → x, ш → sh, қ → q, ў → o) puts all of them in one alphabet, so character n-grams of ``пахта`` and ``paxta``
are the same. Digits, punctuation and symbols carry no product meaning here (``М400``, ``500g``, phone numbers)
and are dropped; what remains is lower-case words separated by single spaces.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import Stemmer

__all__ = ["fold", "stemmed_words", "words"]

# Uzbek Latin conventions where they exist (x, sh, ch, q, g, o, j, y), a plain Russian romanisation otherwise.
_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "x", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Kazakh
    "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Uzbek, Tajik, Kyrgyz
    "ў": "o", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u",
}  # fmt: skip
_LATIN_EXTRA = {"ş": "sh", "ç": "ch", "ı": "i", "ğ": "g", "ä": "a", "ö": "o", "ü": "u", "ñ": "n", "ň": "n"}
_TABLE = str.maketrans({**_CYRILLIC_TO_LATIN, **_LATIN_EXTRA})
# Uzbek oʻ/gʻ with any apostrophe: the apostrophe goes, the letter stays.
_APOSTROPHES = re.compile("[\u02bb\u02bc\u2018\u2019'`\u00b4]")
_NOT_LETTERS = re.compile(r"[^a-z]+")
# "T-shirt", "X-ray", "Т-образный": a lone letter hyphenated to a word is part of it, not a word of its own.
_LETTER_HYPHEN = re.compile(r"(?<![^\W\d_])([^\W\d_])-(?=[^\W\d_]{2})")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """``"Paxta kalava (ip)"`` → ``"paxta kalava ip"``; ``"Пахта калава"`` → ``"paxta kalava"``.

    Lower-cases, writes Cyrillic in Latin letters, drops apostrophes, accents, digits and every other
    non-letter. Letters of other scripts (Chinese, Thai) are dropped too: the model has no words in them.
    """
    joined = _LETTER_HYPHEN.sub(r"\1", text.lower())
    lowered = _APOSTROPHES.sub("", joined.translate(_TABLE))
    return _NOT_LETTERS.sub(" ", _strip_accents(lowered)).strip()


def words(text: str) -> list[str]:
    """The folded words of ``text`` of at least two letters."""
    return [w for w in fold(text).split() if len(w) >= 2]


_RAW_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


@functools.cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Snowball stem: Russian rules for Cyrillic words, English for Latin ones (no Kazakh or Uzbek stemmer exists)."""
    stem: str = _stemmer("russian" if _CYRILLIC.search(word) else "english").stemWord(word)
    return stem


def stemmed_words(text: str) -> list[tuple[str, str]]:
    """``(folded word, folded stem)`` for each word of :func:`words`; the stem is taken in the original script.

    Stems join inflections that whole-word features keep apart (``shrimp``/``shrimps``, ``тележка``/``тележки``).
    """
    raw = unicodedata.normalize("NFKC", _APOSTROPHES.sub("", _LETTER_HYPHEN.sub(r"\1", text.lower())))
    pairs = []
    for token in _RAW_WORD.findall(raw):
        word = fold(token).replace(" ", "")
        if len(word) >= 2:
            pairs.append((word, fold(_stem(token)).replace(" ", "") or word))
    return pairs
