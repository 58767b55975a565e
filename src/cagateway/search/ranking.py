"""Ranking of candidates: exact identifier, exact name, name similarity (rapidfuzz), text match, product/HS
match, verification tier and completeness, summed with weights; each hit carries the parts as ``why``.

The engine's full-text rank picks the candidates (a few hundred); rapidfuzz then compares the query with each
candidate's name keys, which the engine's rank cannot: ``Ontustik Cement`` against ``ontustik sement`` is a
near-perfect name match whatever bm25 thought of the token frequencies.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
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


@dataclass
class RankedHit:
    """A document with its score and the reasons for it."""

    entity_id: int
    score: float
    hit: Any  # the stored hit: None until the page is read (services.attach_documents), then JSON text or a dict
    why: dict[str, Any]
    body: str = ""

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


def _score(parsed: ParsedQuery, row: dict[str, Any], pool: int, query_key: str, tokens: set[str]) -> RankedHit:
    name_words = _matched(tokens, row["names"])
    # A word of the query that did not match in the names matched in products, HS names or places (the body):
    # deciding that from the short names column spares scanning every candidate's long body.
    in_body = any(not set(term.tokens + term.corrected).intersection(name_words) for term in parsed.terms)
    parts: dict[str, float] = {}
    if parsed.identifier and parsed.identifier in row["idents"].split():
        parts["identifier"] = 1.0
    if query_key and query_key in row["name_keys"].split("|"):
        parts["exact_name"] = 1.0
    parts["name_similarity"] = round(_name_similarity(query_key, row["name_keys"]), 3) if name_words else 0.0
    parts["text_match"] = round(1.0 - row["text_rank"] / max(pool, 1), 3)
    parts["product_match"] = 1.0 if in_body else 0.0
    codes = row["hs_codes"].split()
    parts["hs_match"] = 1.0 if any(c.startswith(h) for h in parsed.hs_codes for c in codes) else 0.0
    parts["tier"] = round(row["tier_rank"] / 3.0, 3)
    parts["completeness"] = float(row["completeness"])
    score = sum(WEIGHTS[k] * v for k, v in parts.items())
    why: dict[str, Any] = {k: v for k, v in parts.items() if v}
    if name_words:
        why["matched_in_name"] = name_words
    corrected = {t.word: list(t.corrected) for t in parsed.terms if t.corrected}
    if corrected:
        why["typo_corrections"] = corrected
    return RankedHit(int(row["entity_id"]), score, row.get("hit"), why, row.get("body") or "")


def rank_candidates(parsed: ParsedQuery, rows: Iterable[dict[str, Any]], sort: str = "relevance") -> list[RankedHit]:
    """Score every row once (duplicates from the exact and full-text look-ups merged) and sort."""
    unique: dict[int, dict[str, Any]] = {}
    for row in rows:
        unique.setdefault(int(row["entity_id"]), row)
    query_key, tokens = parsed.name_key, parsed.tokens()
    pool = len(unique)
    hits = [_score(parsed, row, pool, query_key, tokens) for row in unique.values()]
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
