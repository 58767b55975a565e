"""Query understanding: script and language, identifiers, HS codes, words and their spellings in other scripts.

:func:`parse_query` is pure (no database). Typo expansion needs the index vocabulary and happens in
:func:`expand_typos`, through the backend. Tokens are those of :mod:`cagateway.search.tokens`, so a Latin query
meets a Cyrillic name on the same skeleton token (``Ontustik`` and ``Оңтүстік`` → ``ontustik``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz.distance import OSA
from sqlalchemy import Connection

from cagateway.search.backend import TIERS, MatchPlan, SearchBackend, SearchFilters
from cagateway.search.documents import identifier_token
from cagateway.search.errors import InvalidSearch
from cagateway.search.tokens import name_key_of, name_tag, strip_forms, word_tokens, words
from cagateway.text import detect_script, guess_language, name_tokens, transliterate

__all__ = ["MAX_QUERY_CHARS", "MAX_TERMS", "ParsedQuery", "QueryTerm", "expand_typos", "max_edits", "parse_query"]

MAX_QUERY_CHARS = 1000
MAX_TERMS = 12
_HS_DOTTED = re.compile(r"^\d{2}(?:\.?\d{2}){1,4}$")
_HS_PLAIN = re.compile(r"^(?:\d{4}|\d{6})$")
_ID_DIGITS = re.compile(r"^\d{9,14}$")
_ID_USCC = re.compile(r"^[0-9A-Z]{18}$")
_ID_SEPARATORS = re.compile(r"[\s\-/]")  # not dots: 25.23.29 is an HS code
_PLAIN_TOKEN = re.compile(r"^\w+$")


@dataclass(frozen=True)
class QueryTerm:
    """One word of the query and the tokens that may stand for it in the index."""

    word: str
    tokens: tuple[str, ...]
    corrected: tuple[str, ...] = ()  # vocabulary terms within the allowed edits, when the word is not a term


@dataclass(frozen=True)
class ParsedQuery:
    """A query as understood: its words, HS codes, identifier, script and language, and notes for the user."""

    raw: str
    script: str = "Zyyy"
    language: str | None = None
    terms: tuple[QueryTerm, ...] = ()
    hs_codes: tuple[str, ...] = ()
    identifier: str | None = None
    name_key: str = ""
    spellings: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.hs_codes or self.identifier)

    def tokens(self) -> set[str]:
        """Every token the query may match, typo corrections included."""
        return {t for term in self.terms for t in (*term.tokens, *term.corrected)}

    def plan(self, mode: str = "all") -> MatchPlan:
        groups = tuple(tuple(dict.fromkeys((*t.tokens, *t.corrected))) for t in self.terms)
        return MatchPlan(
            text_groups=groups,
            tag_groups=tuple((f"hs{code}",) for code in self.hs_codes),
            mode=mode,
            russian_text=" ".join(t.word for t in self.terms) if self.script == "Cyrl" else "",
            exact_tags=(name_tag(self.name_key),) if self.name_key else (),
            identifier=self.identifier,
        )


def max_edits(token: str) -> int:
    """Typos tolerated in a token of this length: none up to 4 letters, one up to 8, then two."""
    return 0 if len(token) <= 4 else 1 if len(token) <= 8 else 2


def _identifier(text: str) -> str | None:
    compact = _ID_SEPARATORS.sub("", text)
    # A Chinese USCC is 18 letters and digits, mostly digits: "ShymkentZaminZamin" is a name, not an id.
    uscc = _ID_USCC.match(compact.upper()) and sum(ch.isdigit() for ch in compact) >= 10
    if _ID_DIGITS.match(compact) or uscc:
        return identifier_token(compact)
    return None


def _hs_code(word: str) -> str | None:
    if ("." in word and _HS_DOTTED.match(word)) or _HS_PLAIN.match(word):
        digits = word.replace(".", "")
        return digits[:6] if len(digits) >= 6 else digits[:4]
    return None


def _term(word: str, language: str | None) -> QueryTerm:
    tokens = [*word_tokens(word, language), *word_tokens(word, None)]
    if not word.isascii():
        tokens.append(word)
    elif language in {None, "en", "kk", "ru", "uz", "ky"}:  # the same word typed in Cyrillic, for literal names
        tokens.extend(w for w in words(transliterate(word, language or "ru", "Cyrl")) if not w.isascii())
    return QueryTerm(word, tuple(t for t in dict.fromkeys(tokens) if _PLAIN_TOKEN.match(t)))


@lru_cache(maxsize=50_000)
def _is_generic(word: str, language: str | None) -> bool:
    """Whether :func:`cagateway.text.name_tokens` drops ``word`` as generic ('завод', 'plant', 'korxona')."""
    return name_tokens(f"zorb {word}", language) == name_tokens("zorb", language)


def _drop_generic(terms: list[QueryTerm], language: str | None) -> list[QueryTerm]:
    """Drop words such as 'завод', 'plant', 'LLP' that say what kind of business, unless they are all there is."""
    kept = [t for t in terms if t.word.isdigit() or not _is_generic(t.word, language)]
    return kept or terms


def _check_length(raw: str) -> None:
    if len(raw) > MAX_QUERY_CHARS:
        raise InvalidSearch(
            "q",
            f"The query is {len(raw)} characters long; shorten it to at most {MAX_QUERY_CHARS} characters "
            "(a producer name, a product, a place, an HS code or an identifier).",
            raw[:40] + "…",
        )


def parse_query(raw: str) -> ParsedQuery:
    """Understand ``raw``: an identifier (BIN/INN), HS codes (``2523``, ``25.23``), and words in any script."""
    _check_length(raw)
    text = " ".join(raw.split())
    if not text:
        return ParsedQuery(raw)
    identifier = _identifier(text)
    if identifier:
        return ParsedQuery(raw, "Zyyy", None, identifier=identifier)
    hs_codes = tuple(c for c in (_hs_code(w) for w in text.split()) if c)
    rest = " ".join(w for w in text.split() if not _hs_code(w))
    return _parse_words(raw, rest, hs_codes)


def _parse_words(raw: str, text: str, hs_codes: tuple[str, ...]) -> ParsedQuery:
    bare = strip_forms(text)
    language = guess_language(bare) if bare.strip() else None
    terms = [_term(w, language) for w in words(bare)]
    terms = [t for t in _drop_generic(terms, language) if t.tokens]
    notes: list[str] = []
    if len(terms) > MAX_TERMS:
        notes.append(f"Only the first {MAX_TERMS} words of the query were searched for.")
        terms = terms[:MAX_TERMS]
    if not terms and not hs_codes and text.strip():
        notes.append("The query has no letters or digits to search for; showing producers by the filters alone.")
    key = name_key_of(bare)
    spellings = tuple(dict.fromkeys(" ".join(words(s)) for s in _spellings(bare, language)))
    return ParsedQuery(
        raw,
        detect_script(bare),
        language,
        tuple(terms),
        hs_codes,
        None,
        key,
        spellings,
        tuple(notes),
    )


@lru_cache(maxsize=10_000)
def _spellings(bare: str, language: str | None) -> list[str]:
    """The query as typed and in the other script(s): shown to the user, so they see what was searched."""
    if not bare.strip():
        return []
    if detect_script(bare) == "Cyrl":
        return [
            bare,
            transliterate(bare, language, "Latn"),
            transliterate(bare, language, "Latn", romanisation="simple"),
        ]
    return [bare, transliterate(bare, language if language in {"kk", "ky", "uz", "ru"} else "ru", "Cyrl")]


def expand_typos(conn: Connection, backend: SearchBackend, parsed: ParsedQuery) -> ParsedQuery:
    """Give each word whose tokens are not in the index the vocabulary terms within :func:`max_edits`."""
    all_tokens = [t for term in parsed.terms for t in term.tokens]
    if not all_tokens:
        return parsed
    known = backend.known_terms(conn, all_tokens)
    terms = []
    for term in parsed.terms:
        if known.intersection(term.tokens) or term.word.isdigit():
            terms.append(term)
            continue
        terms.append(replace(term, corrected=tuple(_near(conn, backend, term.tokens[0], term.word))))
    return replace(parsed, terms=tuple(terms))


def _near(conn: Connection, backend: SearchBackend, token: str, word: str) -> list[str]:
    # The budget follows the word as typed; one more when romanising it made letters into digraphs, because a
    # swap of ш and и in "Бшикек" is one typo but two edits in "bshikek".
    edits = min(2, max_edits(word) + (1 if len(token) > len(word) else 0)) if max_edits(word) else 0
    if not edits:
        return []
    found = backend.similar_terms(conn, token, limit=60)
    return [t for t in found if abs(len(t) - len(token)) <= edits and OSA.distance(token, t) <= edits][:8]


def validate_filters(filters: SearchFilters) -> SearchFilters:
    """Normalise ``filters`` (upper-case codes, digits-only HS) or raise :class:`InvalidSearch` naming the field."""
    country = filters.country.strip().upper() if filters.country else None
    if country is not None and not re.fullmatch(r"[A-Z]{2}", country):
        raise InvalidSearch("country", "'country' must be an ISO 3166 alpha-2 code such as KZ or UZ.", filters.country)
    region = filters.region.strip().upper() if filters.region else None
    if region is not None and not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", region):
        raise InvalidSearch("region", "'region' must be an ISO 3166-2 code such as KZ-79 or UZ-TK.", filters.region)
    hs = filters.hs.replace(".", "").strip() if filters.hs else None
    if hs is not None and not re.fullmatch(r"\d{2,6}", hs):
        raise InvalidSearch(
            "hs", "'hs' must be an HS code or prefix of 2 to 6 digits, such as 25, 2523 or 25.23.", filters.hs
        )
    if filters.tier is not None and filters.tier not in TIERS:
        raise InvalidSearch("tier", f"'tier' must be one of {', '.join(TIERS)}.", filters.tier)
    if filters.min_capacity is not None and not filters.min_capacity >= 0:
        raise InvalidSearch("min_capacity", "'min_capacity' must be a number of zero or more.", filters.min_capacity)
    certificate = " ".join(words(filters.certificate)) if filters.certificate else None
    if filters.certificate is not None and not certificate:
        raise InvalidSearch(
            "certificate", "'certificate' must name a certificate kind, such as 'ISO 9001'.", filters.certificate
        )
    return SearchFilters(country, region, hs, filters.tier, certificate, filters.min_capacity)
