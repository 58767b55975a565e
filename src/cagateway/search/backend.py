"""The seam between search logic and a database engine: :class:`SearchBackend` and what crosses it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection

__all__ = ["Facets", "MatchPlan", "SearchBackend", "SearchFilters"]

TIERS = ("unverified", "registry_matched", "documents_checked", "site_visited")


@dataclass(frozen=True)
class SearchFilters:
    """Filters that narrow a search. ``tier`` is a minimum; ``hs`` a code prefix of 2 to 6 digits."""

    country: str | None = None
    region: str | None = None
    hs: str | None = None
    tier: str | None = None
    certificate: str | None = None
    min_capacity: float | None = None

    def tier_names(self) -> list[str]:
        """The tiers at or above ``tier``."""
        return list(TIERS[TIERS.index(self.tier) :]) if self.tier else []


@dataclass(frozen=True)
class MatchPlan:
    """What to match: every group (``mode="all"``) or any group (``"any"``), each group's tokens OR-ed.

    ``text_groups`` are matched against names, products, places and identifiers; ``tag_groups`` against the
    filter tokens (HS codes typed as a query). ``exact_tags`` find exact names; ``identifier`` an exact id.
    """

    text_groups: tuple[tuple[str, ...], ...] = ()
    tag_groups: tuple[tuple[str, ...], ...] = ()
    mode: str = "all"
    russian_text: str = ""
    exact_tags: tuple[str, ...] = ()
    identifier: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.text_groups or self.tag_groups)


@dataclass
class Facets:
    """How many producers match, in total and by country and verification tier."""

    total: int = 0
    country: dict[str, int] = field(default_factory=dict)
    verification_tier: dict[str, int] = field(default_factory=dict)
    exact: bool = True  # False: more matched than were counted; every count is then a lower bound

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "total_exact": self.exact,
            "country": self.country,
            "verification_tier": self.verification_tier,
        }


class SearchBackend(Protocol):
    """An engine's full-text index over ``search_documents``: writes, term look-ups, matching and counting."""

    name: str

    def write(self, conn: Connection, rows: Sequence[dict[str, Any]], removed: Sequence[int]) -> None:
        """Replace the documents of ``rows`` and remove those of ``removed`` (entity ids), index included."""

    def clear(self, conn: Connection) -> None:
        """Empty the index."""

    def known_terms(self, conn: Connection, tokens: Sequence[str]) -> set[str]:
        """Which of ``tokens`` occur in the index vocabulary."""

    def similar_terms(self, conn: Connection, token: str, limit: int) -> list[str]:
        """Vocabulary terms that share trigrams with ``token``, best first (candidates for a typo)."""

    def candidates(self, conn: Connection, plan: MatchPlan, filters: SearchFilters, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` matching documents, best text match first, each with ``text_rank`` (0 = best)."""

    def exact(self, conn: Connection, plan: MatchPlan, filters: SearchFilters) -> list[dict[str, Any]]:
        """Documents whose name key or identifier equals the query's."""

    def browse(self, conn: Connection, filters: SearchFilters, limit: int, offset: int) -> list[dict[str, Any]]:
        """Documents matching ``filters`` alone, most verified and complete first."""

    def facets(self, conn: Connection, plan: MatchPlan, filters: SearchFilters) -> Facets:
        """Counts of every match (not just one page)."""
