"""Ranking of candidates: exact identifier, exact name, name similarity (rapidfuzz), text match, product/HS
match, verification tier and completeness, summed with weights; each hit carries the parts as ``why``.

The engine's full-text rank picks the candidates (a few hundred); rapidfuzz then compares the query with each
candidate's name keys, which the engine's rank cannot: ``Ontustik Cement`` against ``ontustik sement`` is a
near-perfect name match whatever bm25 thought of the token frequencies.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz

from cagateway.search.query import ParsedQuery

__all__ = ["WEIGHTS", "RankedHit", "finish", "rank_candidates", "stored_hit"]

WEIGHTS = {
    "identifier": 1000.0,
    "exact_name": 100.0,
    "name_similarity": 30.0,
    "text_match": 10.0,
    "product_match": 8.0,
    "hs_match": 8.0,
    "tier": 4.0,
    "completeness": 3.0,
}


# The weights by name, read once (the scorer runs for every candidate); WEIGHTS keeps their order.
_W_IDENTIFIER, _W_EXACT, _W_SIMILARITY, _W_TEXT, _W_PRODUCT, _W_HS, _W_TIER, _W_COMPLETENESS = WEIGHTS.values()
_TIER_SHARE = {rank: round(rank / 3.0, 3) for rank in range(4)}  # the tier part: rank 0 unverified .. 3 site_visited


class RankedHit:
    """A document with its score and the reasons for it (``why``: worked out when first read, because a query
    ranks a few hundred candidates and shows twenty)."""

    __slots__ = ("_source", "_why", "body", "entity_id", "hit", "score")

    def __init__(  # noqa: PLR0917 -- the fields, positional as the dataclass this replaced
        self,
        entity_id: int,
        score: float,
        hit: Any,  # the stored hit: None until the page is read (services.attach_documents), then JSON text or a dict
        why: dict[str, Any] | None = None,
        body: str = "",
        source: tuple[_Scorer, dict[str, Any]] | None = None,
    ) -> None:
        self.entity_id, self.score, self.hit, self.body = entity_id, score, hit, body
        self._why, self._source = why, source

    @property
    def why(self) -> dict[str, Any]:
        if self._why is None:
            scorer, row = self._source or (None, None)
            self._why = scorer.why(row) if scorer is not None and row is not None else {}
            self._source = None
        return self._why

    def __repr__(self) -> str:
        return f"RankedHit(entity_id={self.entity_id!r}, score={self.score!r})"

    def as_dict(self, explain: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = stored_hit(self.hit) | {"score": round(self.score, 3)}
        return out | {"why": self.why} if explain else out


def stored_hit(value: Any) -> dict[str, Any]:
    """The stored hit as a dict (SQLite returns the JSON column as text)."""
    return dict(json.loads(value) if isinstance(value, str) else value)


def _name_similarity(query_key: str, name_keys: str) -> float:
    if not query_key or not name_keys:
        return 0.0
    return max(fuzz.token_set_ratio(query_key, key) for key in name_keys.split("|")) / 100.0


def _matched(tokens: set[str], text: str) -> list[str]:
    padded = f" {text} "
    return sorted(t for t in tokens if f" {t} " in padded)


class _Scorer:
    """Scores rows for one query: what depends on the query alone is worked out once, not per candidate (a few
    hundred candidates a query made that the larger part of re-ranking)."""

    def __init__(self, parsed: ParsedQuery, pool: int) -> None:
        self.parsed = parsed
        self.query_key = parsed.name_key
        self.tokens = parsed.tokens()
        self.term_tokens = [frozenset((*t.tokens, *t.corrected)) for t in parsed.terms]
        self.pool = max(pool, 1)
        self.corrected = {t.word: list(t.corrected) for t in parsed.terms if t.corrected}
        self.similarities: dict[str, float] = {}

    def _parts(self, row: dict[str, Any]) -> tuple[bool, bool, float, float, bool, bool, float, float, set[str]]:
        """The parts of :data:`WEIGHTS` for ``row`` (and the query's tokens found in its names)."""
        parsed, query_key = self.parsed, self.query_key
        # Tokens carry no spaces and the names column is space-separated tokens: a set intersection finds the
        # query's tokens among them.
        name_set = self.tokens.intersection(row["names"].split())
        # A word of the query that did not match in the names matched in products, HS names or places (the
        # body): deciding that from the short names column spares scanning every candidate's long body.
        in_body = any(name_set.isdisjoint(term) for term in self.term_tokens)
        identifier = bool(parsed.identifier) and parsed.identifier in row["idents"].split()
        exact = bool(query_key) and query_key in row["name_keys"].split("|")
        similarity = self._similarity(row["name_keys"]) if name_set else 0.0
        text_match = round(1.0 - row["text_rank"] / self.pool, 3)
        hs_codes = parsed.hs_codes
        hs_match = bool(hs_codes) and any(c.startswith(h) for h in hs_codes for c in row["hs_codes"].split())
        tier = _TIER_SHARE[row["tier_rank"]]
        completeness = float(row["completeness"])
        return identifier, exact, similarity, text_match, in_body, hs_match, tier, completeness, name_set

    def _similarity(self, name_keys: str) -> float:
        """The name-similarity part; once per distinct ``name_keys`` (namesakes share theirs: "ТОО «Нұр»" has
        hundreds)."""
        similarity = self.similarities.get(name_keys)
        if similarity is None:
            similarity = self.similarities[name_keys] = round(_name_similarity(self.query_key, name_keys), 3)
        return similarity

    def score(self, row: dict[str, Any]) -> float:
        """The weighted sum of :data:`WEIGHTS` over the parts, added in that order."""
        identifier, exact, similarity, text_match, in_body, hs_match, tier, completeness, _ = self._parts(row)
        score = 0.0
        if identifier:
            score += _W_IDENTIFIER
        if exact:
            score += _W_EXACT
        score += _W_SIMILARITY * similarity  # each part added in turn, in the order of WEIGHTS
        score += _W_TEXT * text_match
        score += _W_PRODUCT * (1.0 if in_body else 0.0)
        score += _W_HS * (1.0 if hs_match else 0.0)
        score += _W_TIER * tier
        return score + _W_COMPLETENESS * completeness

    def why(self, row: dict[str, Any]) -> dict[str, Any]:
        """The non-zero parts of the score, and the query's tokens found in the names."""
        identifier, exact, similarity, text_match, in_body, hs_match, tier, completeness, name_set = self._parts(row)
        why: dict[str, Any] = {}
        if identifier:
            why["identifier"] = 1.0
        if exact:
            why["exact_name"] = 1.0
        if similarity:
            why["name_similarity"] = similarity
        if text_match:
            why["text_match"] = text_match
        if in_body:
            why["product_match"] = 1.0
        if hs_match:
            why["hs_match"] = 1.0
        if tier:
            why["tier"] = tier
        if completeness:
            why["completeness"] = completeness
        if name_set:
            why["matched_in_name"] = sorted(name_set)
        if self.corrected:
            why["typo_corrections"] = {k: list(v) for k, v in self.corrected.items()}
        return why

    def hit(self, row: dict[str, Any]) -> RankedHit:
        """``row`` scored; its reasons are worked out if read."""
        entity_id, score = int(row["entity_id"]), self.score(row)
        return RankedHit(entity_id, score, row.get("hit"), None, row.get("body") or "", (self, row))


def rank_candidates(parsed: ParsedQuery, rows: Iterable[dict[str, Any]], sort: str = "relevance") -> list[RankedHit]:
    """Score every row once (duplicates from the exact and full-text look-ups merged) and sort."""
    unique: dict[int, dict[str, Any]] = {}
    for row in rows:
        unique.setdefault(int(row["entity_id"]), row)
    scorer = _Scorer(parsed, len(unique))
    hits = [scorer.hit(row) for row in unique.values()]
    if sort == "name":
        hits = [_parsed(h) for h in hits]
        return sorted(hits, key=lambda h: (str(h.hit.get("name", "")).casefold(), h.entity_id))
    if sort == "tier":
        return sorted(hits, key=lambda h: (-h.why.get("tier", 0.0), -h.score, h.entity_id))
    return sorted(hits, key=lambda h: (-h.score, h.entity_id))


def _parsed(hit: RankedHit) -> RankedHit:
    hit.hit = stored_hit(hit.hit)
    return hit


def finish(hits: list[RankedHit], parsed: ParsedQuery) -> list[RankedHit]:
    """Complete the hits that are shown (only those: it costs): decode the stored hit, and say which words
    matched in products, HS names or places."""
    tokens = parsed.tokens()
    for hit in hits:
        _parsed(hit)
        body_words = [t for t in _matched(tokens, hit.body) if t not in hit.why.get("matched_in_name", [])]
        if body_words:
            hit.why["matched_in_products_or_places"] = body_words
    return hits
