"""Cyrillic↔Latin transliteration for the region's languages, with anyascii for every other script.

Which engine does what, and why:

* **Cyrillic → Latin, "standard" romanisation** (the default): the ICU transforms ``Kazakh-Latin/BGN``,
  ``Kirghiz-Latin/BGN``, ``Russian-Latin/BGN``, ``Turkmen-Latin/BGN`` (BGN/PCGN systems) and ``uz_Cyrl-uz_Latn``
  (the official Uzbek Latin alphabet), from the ``icukit-pyicu`` wheel. They handle the context rules a letter
  table gets wrong (Russian ``е`` → ``ye`` after a vowel, Uzbek ``е`` → ``ye`` at the start of a word). The BGN
  output is then folded to plain ASCII (``Öskemen`` → ``Oskemen``, ``Atyraū`` → ``Atyrau``; ICU's ``ī̆`` for
  ``й`` becomes ``y``; the soft and hard sign marks are dropped), because nobody types ``Atyraū`` into a search
  box. Uzbek keeps ``oʻ gʻ`` (U+02BB) and ``ʼ`` (U+02BC): they are letters of its official alphabet.
  ICU has no Tajik transform: Tajik uses the table below, after the BGN/PCGN Tajik system
  (``Ҷумҳурии Тоҷикистон`` → ``Jumhurii Tojikiston``, ``Хуҷанд`` → ``Khujand``).
* **Cyrillic → Latin, "simple" romanisation**: one authored table, the Russian-style spelling of registers,
  passports and road signs. Kazakh ``Талдықорған`` is ``Taldyqorghan`` in the standard (BGN/PCGN) romanisation and
  ``Taldykorgan`` in the simple one, ``Оңтүстік`` ``Ongtustik`` and ``Ontustik``. Search indexes both
  (see :func:`cagateway.text.name_variants`). Historical names (``Chimkent``) are not a transliteration: an
  authored place-name table has to supply them.
* **Latin → Cyrillic**: authored tables, best effort. Uzbek Latin → Cyrillic is exact for words written in the
  official alphabet (ICU's ``uz_Latn-uz_Cyrl`` writes ``э`` for every ``e``: ``Тошкэнт``). Kazakh, Kyrgyz and
  Russian from Latin are guesses a search query can use: ``Shymkent`` → ``Шымкент``, ``sement`` → ``семент``,
  ``Taldyqorghan`` → ``Талдықорған``; ASCII cannot say whether ``u`` was ``у``, ``ү`` or ``ұ``.
* **Any other script** (Han, Arabic, Georgian…): ``anyascii``.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Literal

import icu
from anyascii import anyascii

from cagateway.text.scripts import guess_language

__all__ = ["Romanisation", "Target", "transliterate"]

Target = Literal["Latn", "Cyrl"]
Romanisation = Literal["standard", "simple"]

_ICU_TO_LATIN = {
    "kk": "Kazakh-Latin/BGN",
    "ky": "Kirghiz-Latin/BGN",
    "ru": "Russian-Latin/BGN",
    "tk": "Turkmen-Latin/BGN",
    "uz": "uz_Cyrl-uz_Latn",
}
_ICU_ASCII = "Latin-ASCII"
# ICU's BGN tables write й as ī̆ (Kazakh) or ĭ (Kyrgyz) and keep the signs as ʹ ʺ: fix them before Latin-ASCII.
# Russian BGN also writes тс as t·s to tell it from ц: the dot goes too.
_BGN_FIXES = {"ī̆": "y", "Ī̆": "Y", "ĭ": "y", "Ĭ": "Y", "ʹ": "", "ʺ": "", "·": ""}
_VOWELS = frozenset("aeiouаеёиоуыэюяәөүұіӣӯў")

_SIMPLE: dict[str, str] = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "ӣ": "i", "й": "y", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u",
    "ӯ": "u", "ў": "o", "ф": "f", "х": "kh", "һ": "h", "ҳ": "h", "ц": "ts", "ч": "ch", "ҷ": "j", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_TAJIK = _SIMPLE | {"ғ": "gh", "қ": "q", "х": "kh", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ё": "yo"}


@dataclass(frozen=True)
class _LatinTable:
    """Latin → Cyrillic: chunks of up to four Latin letters, longest first, and letters that depend on context."""

    chunks: Mapping[str, str]
    context: Mapping[str, Callable[[str, int], str]] = field(default_factory=dict)


def _is_word_start(text: str, index: int) -> bool:
    return index == 0 or not text[index - 1].isalpha()


def _after_vowel(text: str, index: int) -> bool:
    """Whether a vowel precedes: a vowel letter, or Uzbek oʻ (ў) in any apostrophe style."""
    previous = text[max(index - 2, 0) : index].lower()
    if len(previous) == 2 and previous[0] == "o" and previous[1] in _UZ_APOSTROPHES:
        return True
    return previous[-1:] in _VOWELS


def _e_letter(text: str, index: int) -> str:
    """``e`` is ``э`` at the start of a word or after a vowel (``Ekspress``, ``poeziya``), ``е`` elsewhere."""
    return "э" if _is_word_start(text, index) or _after_vowel(text, index) else "е"


def _y_letter(text: str, index: int) -> str:
    """A lone ``y`` is ``й`` after a vowel (``Aktay``), ``ы`` after a consonant (``Shymkent``)."""
    return "й" if _after_vowel(text, index) else "ы"


def _c_letter(text: str, index: int) -> str:
    """``c`` is ``ц`` before e, i, y (``Cement``) and ``к`` elsewhere (``Company``)."""
    following = text[index + 1 : index + 2].lower()
    return "ц" if following in {"e", "i", "y"} else "к"


_RU_CHUNKS: dict[str, str] = {
    "shch": "щ", "zh": "ж", "kh": "х", "ts": "ц", "ch": "ч", "sh": "ш", "yu": "ю", "ya": "я", "yo": "ё",
    "ye": "е", "yy": "ый", "ph": "ф", "ck": "к", "a": "а", "b": "б", "d": "д", "f": "ф", "g": "г", "h": "х",
    "i": "и", "j": "дж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс", "z": "з", "'": "ь",
}  # fmt: skip
_KK_CHUNKS = _RU_CHUNKS | {
    "gh": "ғ", "ng": "ң", "q": "қ", "j": "ж", "ä": "ә", "á": "ә", "ö": "ө", "ó": "ө", "ü": "ү", "ú": "ү",
    "ū": "ұ", "ı": "ы", "ī": "и", "ǵ": "ғ", "ń": "ң", "ş": "ш", "ç": "ч", "ý": "у",
}  # fmt: skip
_KY_CHUNKS = _RU_CHUNKS | {"ng": "ң", "j": "ж", "ö": "ө", "ü": "ү", "gh": "г"}
_UZ_APOSTROPHES = "ʻ‘’'`´"  # the oʻ/gʻ sign as registries type it; U+02BC ʼ is the tutuq belgisi (ъ)
_UZ_CHUNKS: dict[str, str] = {
    **{f"o{mark}": "ў" for mark in _UZ_APOSTROPHES},
    **{f"yo{mark}": "йў" for mark in _UZ_APOSTROPHES},  # yoʻl is й + ў, not ё + ъ
    **{f"g{mark}": "ғ" for mark in _UZ_APOSTROPHES},
    **{f"s{mark}h": "сҳ" for mark in _UZ_APOSTROPHES + "ʼ"},
    **dict.fromkeys(_UZ_APOSTROPHES + "ʼ", "ъ"),
    "sh": "ш", "ch": "ч", "yo": "ё", "yu": "ю", "ya": "я", "ye": "е", "a": "а", "b": "б", "d": "д", "f": "ф",
    "g": "г", "h": "ҳ", "i": "и", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "q": "қ", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "х", "y": "й", "z": "з",
}  # fmt: skip
_RU_CONTEXT = {"e": _e_letter, "y": _y_letter, "c": _c_letter}
_LATIN_TABLES = {
    "ru": _LatinTable(_RU_CHUNKS, _RU_CONTEXT),
    "kk": _LatinTable(_KK_CHUNKS, _RU_CONTEXT),
    "ky": _LatinTable(_KY_CHUNKS, _RU_CONTEXT),
    "uz": _LatinTable(_UZ_CHUNKS, {"e": _e_letter, "c": _c_letter}),
}
_LONGEST_CHUNK = 4

_local = threading.local()


def _icu(transform_id: str) -> icu.Transliterator:
    """One ICU transliterator per transform and thread (ICU objects are not shared across threads)."""
    cache: dict[str, icu.Transliterator] = _local.__dict__.setdefault("icu", {})
    if transform_id not in cache:
        cache[transform_id] = icu.Transliterator.createInstance(transform_id)
    return cache[transform_id]


def _cased_neighbours(text: str, start: int, end: int) -> list[str]:
    """The characters just before and after ``text[start:end]`` that have case (ʻ and ʼ have none)."""
    return [char for char in (text[start - 1 : start], text[end : end + 1]) if char.lower() != char.upper()]


def _is_upper_word(text: str, start: int, end: int) -> bool:
    """Whether the letters next to ``text[start:end]`` are capitals too (``SHAHAR``, not ``Shahar``)."""
    return any(char.isupper() for char in _cased_neighbours(text, start, end))


def _cased(output: str, text: str, start: int, end: int) -> str:
    """``output`` in the case of ``text[start:end]``: lower, capitalised, or all capitals inside a capital word.

    A chunk without case (the Uzbek ʼ) takes it from its neighbours: capital between capitals (``MAʼMUR``).
    """
    source = text[start:end]
    if source.lower() == source.upper():
        neighbours = _cased_neighbours(text, start, end)
        return output.upper() if neighbours and all(char.isupper() for char in neighbours) else output
    if not source[:1].isupper():
        return output
    if (len(source) > 1 and source.isupper()) or _is_upper_word(text, start, end):
        return output.upper()
    return output[:1].upper() + output[1:]


def _map_cyrillic(text: str, table: Mapping[str, str]) -> str:
    """Letter by letter through ``table``, keeping the case; anything not in the table passes through."""
    out = []
    for index, char in enumerate(text):
        latin = table.get(char.lower())
        out.append(char if latin is None else _cased(latin, text, index, index + 1))
    return "".join(out)


def _next_chunk(text: str, index: int, table: _LatinTable) -> tuple[int, str]:
    """The length of the Latin chunk at ``index`` and its Cyrillic; one unknown character passes through."""
    for length in range(_LONGEST_CHUNK, 1, -1):
        chunk = text[index : index + length].lower()
        if len(chunk) == length and chunk in table.chunks:
            return length, table.chunks[chunk]
    char = text[index].lower()
    if char in table.context:
        return 1, table.context[char](text, index)
    return 1, table.chunks.get(char, text[index])


def _map_latin(text: str, table: _LatinTable) -> str:
    out = []
    index = 0
    while index < len(text):
        length, cyrillic = _next_chunk(text, index, table)
        out.append(_cased(cyrillic, text, index, index + length))
        index += length
    return "".join(out)


def _bgn_to_ascii(text: str) -> str:
    for bgn, plain in _BGN_FIXES.items():
        text = text.replace(bgn, plain)
    return str(_icu(_ICU_ASCII).transliterate(text))


def _is_cyrillic(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CYRILLIC")


def _cyrillic_run_to_latin(run: str, language: str, romanisation: Romanisation) -> str:
    if romanisation == "simple":
        return _map_cyrillic(run, _SIMPLE)
    if language == "tg":
        return _map_cyrillic(run, _TAJIK)
    latin = str(_icu(_ICU_TO_LATIN.get(language, _ICU_TO_LATIN["ru"])).transliterate(run))
    # Letters of another language's alphabet that the chosen transform does not know (Tajik ҷ in "Russian").
    latin = _map_cyrillic(latin, _SIMPLE)
    return latin if language == "uz" else _bgn_to_ascii(latin)


def _cyrillic_to_latin(text: str, language: str, romanisation: Romanisation) -> str:
    """Each run of Cyrillic letters romanised; Latin, digits and punctuation between them stay as written."""
    runs = groupby(unicodedata.normalize("NFC", text), _is_cyrillic)
    return "".join(
        _cyrillic_run_to_latin("".join(run), language, romanisation) if cyrillic else "".join(run)
        for cyrillic, run in runs
    )


def _is_other_script(char: str) -> bool:
    if char.isascii() or not char.isalpha():
        return False
    name = unicodedata.name(char, "")
    return not name.startswith(("LATIN", "CYRILLIC", "MODIFIER LETTER"))


def _other_scripts_to_ascii(text: str) -> str:
    """Runs of Han, Arabic, Georgian… letters through anyascii; Latin and Cyrillic stay as they are."""
    return "".join(anyascii("".join(run)) if other else "".join(run) for other, run in groupby(text, _is_other_script))


def transliterate(
    text: str,
    source_lang: str | None = None,
    target: Target = "Latn",
    *,
    romanisation: Romanisation = "standard",
) -> str:
    """Write ``text`` in the ``target`` script: "Latn" or "Cyrl".

    ``source_lang`` (ISO 639-1: kk, ky, ru, tg, tk, uz) picks the rules; it is guessed with
    :func:`~cagateway.text.guess_language` when not given, and Russian rules serve any other language.
    To Latin, ``romanisation`` chooses the "standard" system (BGN/PCGN; official Uzbek Latin) or the "simple"
    Russian-style one; letters of scripts other than Cyrillic go through anyascii, Latin stays as it is.
    To Cyrillic, Latin letters are mapped and everything else stays. Examples:
    ``transliterate("Талдықорған")`` is "Taldyqorghan", with ``romanisation="simple"`` "Taldykorgan";
    ``transliterate("Ўзбекистон")`` is "Oʻzbekiston"; ``transliterate("sement", target="Cyrl")`` is "семент";
    ``transliterate("Toshkent", "uz", "Cyrl")`` is "Тошкент".
    """
    language = source_lang or guess_language(text) or "ru"
    if target == "Cyrl":
        table = _LATIN_TABLES.get(language, _LATIN_TABLES["ru"])
        return _map_latin(unicodedata.normalize("NFC", text), table)
    return _other_scripts_to_ascii(_cyrillic_to_latin(text, language, romanisation))
