"""Matching whole names from someone else's list to registry producers (the reconciliation service's core).

An analyst's list gives a name as they have it (another script, the legal form moved or translated, quotes
dropped) and perhaps a country, a national identifier and a city. An identifier that the registry knows wins
outright. Otherwise the search finds candidates for the name (and for the name with the city, since a common name
has more namesakes than one page holds), and they are re-ordered for matching a whole name: in the named city
first, then by name likeness across scripts and word order, then by the same class of legal form, then by the
search's own score. The leader is declared a match only when it is clearly ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from cagateway.search.backend import SearchFilters
from cagateway.search.query import MAX_QUERY_CHARS
from cagateway.search.ranking import RankedHit
from cagateway.search.services import search_producers
from cagateway.text.keys import name_key
from cagateway.text.legal_forms import detect_legal_form
from cagateway.text.normalise import fold_for_search

__all__ = ["CANDIDATES", "MATCH_MARGIN", "MATCH_SCORE", "NameMatch", "NameQuery", "match_name"]

CANDIDATES = 50  # search hits re-ranked per query: enough to reach the one in the named city among namesakes
MATCH_SCORE = 95.0  # name likeness (0–100) from which a clear leader is declared a match
MATCH_MARGIN = 10.0  # lead over the runner-up needed for that


@dataclass(frozen=True)
class NameQuery:
    """A name from a list, with what the list says besides: country (ISO alpha-2), identifier and city."""

    query: str
    limit: int = 5
    country: str | None = None
    identifier: str = ""
    city: str = ""


@dataclass(frozen=True)
class NameMatch:
    """A candidate producer: its public id and name, name likeness (0–100), and whether it is a clear match."""

    id: str
    name: str
    score: float
    match: bool


def _identifier_hit(session: Session, q: NameQuery, filters: SearchFilters) -> list[NameMatch]:
    if not q.identifier:
        return []
    result = search_producers(session, q.identifier, filters, limit=1, facets=False)
    hit = next((h for h in result.hits if h.why.get("identifier")), None)
    if hit is None:
        return []
    return [NameMatch(id=hit.hit["id"], name=hit.hit["name"], score=100.0, match=True)]


def _name_score(query_key: str, hit: dict[str, Any]) -> float:
    """0–100: how alike the query and the producer's best name are, across scripts, word order and legal form."""
    country = hit.get("country")
    keys = {name_key(str(n), country=country) for n in [hit.get("name"), *(hit.get("names") or [])] if n}
    return max((fuzz.token_sort_ratio(query_key, k) for k in keys if k), default=0.0)


def _form_class(name: str) -> str | None:
    match = detect_legal_form(name)
    return str(match.form_class) if match else None


def _ranked(q: NameQuery, hits: list[RankedHit], country: str | None) -> list[tuple[float, RankedHit]]:
    """Hits re-ordered for matching a whole name: in the named city first, then by name likeness, then by the
    same class of legal form (``MChJ`` and ``LLC`` agree, ``XK`` does not), then by the search's own score."""
    query_key = name_key(q.query, country=country)
    query_form = _form_class(q.query)
    city = fold_for_search(q.city)

    def key(scored: tuple[float, RankedHit]) -> tuple[bool, float, bool, float]:
        score, hit = scored
        elsewhere = bool(city) and fold_for_search(str(hit.hit.get("city") or "")) != city
        other_form = query_form is not None and _form_class(str(hit.hit.get("name"))) != query_form
        return elsewhere, -score, other_form, -hit.score

    return sorted(((_name_score(query_key, h.hit), h) for h in hits), key=key)


def _search(session: Session, q: NameQuery, filters: SearchFilters) -> list[RankedHit]:
    """Search hits for the name and, when the list names a city, for the name with the city first: a common name
    has more namesakes than one page holds, and the search indexes places, so the city finds the right one."""
    size = max(q.limit, CANDIDATES)
    city = q.city
    queries = [f"{q.query} {city}"[:MAX_QUERY_CHARS], q.query] if city else [q.query]
    seen: dict[str, RankedHit] = {}
    for text in queries:
        for hit in search_producers(session, text, filters, limit=size, facets=False).hits:
            seen.setdefault(str(hit.hit["id"]), hit)
    return list(seen.values())


def match_name(session: Session, q: NameQuery) -> list[NameMatch]:
    """Registry producers for one name from a list, best first, at most ``q.limit``."""
    country = (q.country or "").strip().upper() or None
    filters = SearchFilters(country=country if country and len(country) == 2 else None)
    exact = _identifier_hit(session, q, filters)
    if exact or not q.query.strip():
        return exact
    hits = _search(session, q, filters)
    ranked = _ranked(q, hits, filters.country)[: q.limit]
    out = []
    for i, (score, hit) in enumerate(ranked):
        runner_up = ranked[i + 1][0] if i + 1 < len(ranked) else 0.0
        clear = i == 0 and score >= MATCH_SCORE and score - runner_up >= MATCH_MARGIN
        out.append(NameMatch(id=hit.hit["id"], name=hit.hit["name"], score=round(score, 1), match=clear))
    return out
