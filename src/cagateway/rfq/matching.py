"""Which producers can answer a request, in which order, and why.

Candidates are live producers (not deleted, not merged into a golden record) whose product lines are
  * in the requested subheading (``exact``; for a 4-digit request, anywhere in the heading),
  * in the same heading as a requested subheading (``heading``),
  * or found by the search for the request's text (``text``: products named, not coded, alike).
Then two rules exclude and the rest orders:
  * a known yearly capacity (summed over the matching lines, in the request's base unit) below the quantity
    excludes; an unknown one is kept and scores lower than an enough one;
  * every required certificate must be held and valid on the deadline, else the producer is excluded;
  * score = HS match (exact 60, heading 35, text 15) + capacity (enough 20, unknown 0) + preferred country 15
    + verification tier (site visited 6, documents checked 4, registry matched 2); ties go to the larger capacity.
Each match carries these reasons in words, so the order can be explained to the buyer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.errors import GatewayError
from cagateway.registry.models import Certificate, LegalEntity, ProductLine
from cagateway.rfq.units import UNITS, base_unit, canonical
from cagateway.rfq.validation import fold_certificate
from cagateway.search import search_producers

__all__ = ["MAX_MATCHES", "MatchQuery", "Matched", "find_matches"]

MAX_MATCHES: Final = 50
TEXT_CANDIDATES: Final = 20
HS_POINTS: Final = {"exact": 60.0, "heading": 35.0, "text": 15.0}
CAPACITY_POINTS: Final = 20.0
COUNTRY_POINTS: Final = 15.0
TIER_POINTS: Final = {"site_visited": 6.0, "documents_checked": 4.0, "registry_matched": 2.0}
_CHUNK: Final = 500
_ENTITY_COLUMNS: Final = (
    LegalEntity.id,
    LegalEntity.public_id,
    LegalEntity.display_name,
    LegalEntity.country_code,
    LegalEntity.verification_tier,
)


@dataclass(frozen=True)
class MatchQuery:
    """What matching needs of a request."""

    hs_code: str
    text: str
    base_quantity: float
    base_unit: str
    deadline: dt.date
    certificates: Sequence[str] = ()
    countries: Sequence[str] = ()


@dataclass
class Matched:
    """A producer that can answer, with its score and the reasons for it."""

    entity_id: int
    public_id: str
    name: str
    country: str
    tier: str
    hs_match: str
    hs_codes: list[str] = field(default_factory=list)
    capacity: float | None = None
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def _heading_range(hs_code: str) -> tuple[str, str]:
    heading = hs_code[:4]
    return heading, f"{int(heading) + 1:04d}"


def _in_base(amount: float | None, unit: str | None, wanted: str) -> float | None:
    if amount is None or base_unit(unit) != wanted:
        return None
    return amount * UNITS[canonical(unit or "")][1]


def _hs_candidates(session: Session, query: MatchQuery) -> dict[int, Matched]:
    low, high = _heading_range(query.hs_code)
    rows = session.execute(
        select(*_ENTITY_COLUMNS, ProductLine.hs_code, ProductLine.capacity, ProductLine.capacity_unit)
        .join(ProductLine, ProductLine.entity_id == LegalEntity.id)
        .where(ProductLine.hs_code >= low, ProductLine.hs_code < high)
        .where(LegalEntity.deleted_at.is_(None), LegalEntity.merged_into_id.is_(None))
    )
    found: dict[int, Matched] = {}
    for entity_id, public_id, name, country, tier, hs_code, capacity, unit in rows:
        exact = len(query.hs_code) == 4 or hs_code == query.hs_code
        kind = "exact" if exact else "heading"
        match = found.setdefault(entity_id, Matched(entity_id, public_id, name, country, tier, kind))
        if kind == "exact":
            match.hs_match = "exact"
        if hs_code not in match.hs_codes:
            match.hs_codes.append(hs_code)
        amount = _in_base(capacity, unit, query.base_unit)
        if amount is not None:
            match.capacity = (match.capacity or 0.0) + amount
    return found


def _text_candidates(session: Session, text: str, known: set[int]) -> dict[int, Matched]:
    if not text.strip():
        return {}
    try:
        result = search_producers(session, text, limit=TEXT_CANDIDATES, facets=False)
    except GatewayError:  # text the search cannot use (too long, no words) finds nothing
        return {}
    ids = [h.entity_id for h in result.hits if h.entity_id not in known]
    if not ids:
        return {}
    rows = session.execute(
        select(*_ENTITY_COLUMNS).where(
            LegalEntity.id.in_(ids), LegalEntity.deleted_at.is_(None), LegalEntity.merged_into_id.is_(None)
        )
    )
    return {row[0]: Matched(row[0], row[1], row[2], row[3], row[4], "text") for row in rows}


def _valid_certificates(session: Session, entity_ids: list[int], on: dt.date) -> dict[int, dict[str, dt.date | None]]:
    """Folded certificate kind → valid-to date, per producer, for certificates valid on ``on``."""
    held: dict[int, dict[str, dt.date | None]] = {}
    for start in range(0, len(entity_ids), _CHUNK):
        rows = session.execute(
            select(Certificate.entity_id, Certificate.kind, Certificate.valid_from, Certificate.valid_to).where(
                Certificate.entity_id.in_(entity_ids[start : start + _CHUNK])
            )
        )
        for entity_id, kind, valid_from, valid_to in rows:
            if (valid_from is None or valid_from <= on) and (valid_to is None or valid_to >= on):
                held.setdefault(entity_id, {})[fold_certificate(kind)] = valid_to
    return held


def _hs_reason(match: Matched, query: MatchQuery) -> str:
    codes = ", ".join(sorted(match.hs_codes))
    if match.hs_match == "exact":
        return f"makes HS {codes}: the requested {'heading' if len(query.hs_code) == 4 else 'subheading'}"
    if match.hs_match == "heading":
        return f"makes HS {codes}: same heading {query.hs_code[:4]}, another subheading"
    return "product text matches the request (no HS code in common)"


def _capacity_reason(match: Matched, query: MatchQuery) -> tuple[float, str]:
    if match.capacity is None:
        return 0.0, "capacity unknown: ranked below producers with enough capacity"
    return CAPACITY_POINTS, f"capacity {match.capacity:,.0f} {query.base_unit}/year ≥ {query.base_quantity:,.0f}"


def _score(match: Matched, query: MatchQuery, certificates: dict[str, dt.date | None]) -> None:
    points, capacity_reason = _capacity_reason(match, query)
    match.score = HS_POINTS[match.hs_match] + points
    match.reasons = [_hs_reason(match, query), capacity_reason]
    for kind in query.certificates:
        valid_to = certificates.get(fold_certificate(kind))
        match.reasons.append(f"holds {kind}, valid {'to ' + valid_to.isoformat() if valid_to else 'without end'}")
    if match.country in query.countries:
        match.score += COUNTRY_POINTS
        match.reasons.append(f"in a preferred country ({match.country})")
    tier_points = TIER_POINTS.get(match.tier, 0.0)
    if tier_points:
        match.score += tier_points
        match.reasons.append(f"verification: {match.tier.replace('_', ' ')}")


def find_matches(session: Session, query: MatchQuery, limit: int = MAX_MATCHES) -> tuple[list[Matched], dict[str, int]]:
    """The best ``limit`` producers for ``query``, best first, and how many each rule excluded."""
    candidates = _hs_candidates(session, query)
    candidates |= _text_candidates(session, query.text, set(candidates))
    excluded = {"capacity": 0, "certificates": 0}
    kept = []
    for match in candidates.values():
        if match.capacity is not None and match.capacity < query.base_quantity:
            excluded["capacity"] += 1
        else:
            kept.append(match)
    held = _valid_certificates(session, [m.entity_id for m in kept], query.deadline) if query.certificates else {}
    wanted = {fold_certificate(k) for k in query.certificates}
    matches = []
    for match in kept:
        if wanted - set(held.get(match.entity_id, {})):
            excluded["certificates"] += 1
            continue
        _score(match, query, held.get(match.entity_id, {}))
        matches.append(match)
    matches.sort(key=lambda m: (-m.score, -(m.capacity or 0.0), m.public_id))
    return matches[:limit], excluded | {"candidates": len(candidates)}
