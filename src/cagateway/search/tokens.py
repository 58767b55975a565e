"""Search tokens: what the index stores and what a query is matched on, produced by one function for both.

A text becomes, word by word, the phonetic skeleton tokens of :func:`cagateway.text.name_tokens` (the same token
for ``Цемент``, ``Cement``, ``Tsement`` and Uzbek ``sement``), plus the skeleton of the word's Russian stem
(``цементный`` → ``sementn``), plus, for names, the folded word as written. Words are tokenised one at a time and
cached, because the index meets the same words (cities, product words, name stems) millions of times: a name
costs microseconds instead of the millisecond of a whole-name call.

Legal forms are removed with one compiled pattern per case rule here rather than
:func:`cagateway.text.strip_legal_form`, which is exact but too slow to run three times per producer over a
million producers. The same function serves index and query, so both agree on what was removed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cagateway.text import LEGAL_FORMS, fold_for_search, name_tokens, stem_ru, transliterate

__all__ = ["name_key_of", "name_tag", "name_tokens_and_key", "strip_forms", "text_tokens", "word_tokens", "words"]

_APOSTROPHES = "['’ʻʼ‘`´]"
_WORD = re.compile(r"\w+(?:[-ʻʼ]\w+)*")
_RUSSIAN = re.compile(r"[а-яё]+")


def _pattern(spelling: str) -> str:
    parts = []
    for char in spelling:
        if char == ".":
            parts.append(r"\.?")
        elif char == " ":
            parts.append(r"[\s-]+")
        elif char in "'’":
            parts.append(_APOSTROPHES)
        else:
            parts.append(re.escape(char))
    body = "".join(parts)
    # Whole words only; a hyphen is part of a word (Kyrgyz Ала-Тоо is a name). Forms ending in a dot end anywhere.
    end = "" if spelling.endswith(".") else r"(?![\w-])"
    return rf"(?<![\w-]){body}{end}"


def _in_other_script(spelling: str, script: str, language: str) -> str:
    """A form as a user may type it in the other script (ОсОО → OsOO, LLP → ЛЛП)."""
    if script == "Cyrl":
        return transliterate(spelling, language, "Latn", romanisation="simple")
    return transliterate(spelling, language if language in {"kk", "ky", "uz", "ru"} else "ru", "Cyrl")


def _spellings(case_sensitive: bool) -> list[str]:
    """Every spelling of the forms of one case rule, longest first ("РГП на ПХВ" before "РГП")."""
    spellings: set[str] = set()
    for form in LEGAL_FORMS:
        if form.script == "Hans":
            continue
        if form.case_sensitive == case_sensitive:
            spellings.update({form.spelling, form.spelling.upper()} if case_sensitive else {form.spelling})
        if case_sensitive and " " not in form.spelling:  # abbreviations typed in the other script: as written
            other = _in_other_script(form.spelling, form.script, form.language)
            spellings.update({other, other.upper()} if len(other) >= 2 else set())
    return sorted(spellings, key=lambda s: (-len(s), s))


def _squash(text: str) -> str:
    # upper() first so that letters a case-insensitive regex takes as equal fold alike: ı and i, ſ and s.
    return _NOT_LETTERS.sub("", text.upper().lower())


# One alternation of every form costs ~80 µs a name, and almost every form is absent from any one name. A form's
# pattern matches only where its letters stand in order with nothing but dots, spaces, hyphens or apostrophes
# between them, so its spelling squashed to letters must be a substring of the text squashed the same way: only
# the forms passing that test go into the text's pattern (the same idea as cagateway.text.legal_forms).
_NOT_LETTERS = re.compile(r"[\W_]+")
_RULES = {rule: [(_squash(s), _pattern(s)) for s in _spellings(rule)] for rule in (True, False)}


def _by_first_letters(rule: bool) -> dict[str, tuple[int, ...]]:
    """The forms of a rule by the first two letters of their squashed spelling (every one has two or more)."""
    grouped: dict[str, list[int]] = {}
    for index, (key, _) in enumerate(_RULES[rule]):
        grouped.setdefault(key[:2], []).append(index)
    return {first: tuple(indexes) for first, indexes in grouped.items()}


# Testing ~250 spellings with `in` cost ~10 µs a name; a form can only be in the text if its first two letters
# are, so only the few forms starting with one of the text's letter pairs are tested.
_FIRST_LETTERS = {rule: _by_first_letters(rule) for rule in (True, False)}


@lru_cache(maxsize=8192)
def _regex(case_sensitive: bool, candidates: tuple[int, ...]) -> re.Pattern[str]:
    forms = _RULES[case_sensitive]
    return re.compile("|".join(forms[i][1] for i in candidates), 0 if case_sensitive else re.IGNORECASE)


def _strip_rule(text: str, squashed: str, pairs: set[str], case_sensitive: bool) -> str:
    forms, first = _RULES[case_sensitive], _FIRST_LETTERS[case_sensitive]
    found = [i for pair in pairs for i in first.get(pair, ()) if forms[i][0] in squashed]
    # In the rule's order (longest first), as one alternation of every form would try them.
    return _regex(case_sensitive, tuple(sorted(found))).sub(" ", text) if found else text


_HAN_FORMS = tuple(sorted((f.spelling for f in LEGAL_FORMS if f.script == "Hans"), key=len, reverse=True))


def strip_forms(text: str) -> str:
    """``text`` without its legal forms (whole words; Cyrillic abbreviations as written or in capitals)."""
    squashed = _squash(text)
    pairs = {squashed[i : i + 2] for i in range(len(squashed) - 1)}
    bare = _strip_rule(_strip_rule(text, squashed, pairs, True), squashed, pairs, False)
    for form in _HAN_FORMS:
        if bare.endswith(form) and len(bare) > len(form):
            bare = bare[: -len(form)]
    return bare if bare.strip(" «»\"'“”-/|") else text


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits; apostrophes and hyphens inside a word kept)."""
    return _WORD.findall(fold_for_search(text))


@lru_cache(maxsize=500_000)
def word_tokens(word: str, lang: str | None = None) -> tuple[str, ...]:
    """Search tokens of one folded word: its skeleton token(s) and the skeleton of its Russian stem."""
    tokens = list(dict.fromkeys(t for t in name_tokens(word, lang) if t))
    if _RUSSIAN.fullmatch(word) and lang in {None, "ru"}:
        stem = stem_ru([word])[0]
        if stem != word and len(stem) >= 3:
            tokens.extend(t for t in name_tokens(stem, lang) if t and t not in tokens)
    return tuple(tokens)


def text_tokens(text: str, lang: str | None = None, *, keep_words: bool = False) -> list[str]:
    """Search tokens of a whole text, in order, each word's tokens once; ``keep_words`` adds the folded words."""
    return _tokens_of_words(words(text), lang, keep_words=keep_words)


def _tokens_of_words(folded: list[str], lang: str | None, *, keep_words: bool) -> list[str]:
    out: list[str] = []
    for word in folded:
        if keep_words and not word.isascii():
            out.append(word)
        out.extend(word_tokens(word, lang))
        if lang is not None:  # and as read without a language, which is how a query of unknown language reads
            out.extend(word_tokens(word, None))
    return out


def name_key_of(text: str) -> str:
    """A name's key for exact matching and re-ranking: the first token of each word, distinct, sorted.

    Read without a language on purpose: a query's language is a guess, and the key must not depend on it.
    """
    return _key_of_words(words(text))


def _key_of_words(folded: list[str]) -> str:
    firsts = {tokens[0] for tokens in (word_tokens(w, None) for w in folded) if tokens}
    return " ".join(sorted(firsts))


def name_tokens_and_key(text: str, lang: str | None) -> tuple[list[str], str]:
    """``text_tokens(text, lang, keep_words=True)`` and ``name_key_of(text)``, folding ``text`` once for both
    (the index does both for every name)."""
    folded = words(text)
    return _tokens_of_words(folded, lang, keep_words=True), _key_of_words(folded)


def name_tag(key: str) -> str:
    """The index tag of an exact name key (one FTS token: ``nk`` and the key without spaces)."""
    return ("nk" + key.replace(" ", ""))[:120]
