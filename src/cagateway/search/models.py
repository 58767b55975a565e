"""The search index tables that both engines share.

``search_documents`` holds one row per live producer: the text the full-text index is built over (already folded,
transliterated and reduced to search tokens in Python, so both engines index the same tokens), the filter columns
and the hit as it is shown. ``search_terms`` is the vocabulary of the index, for typo tolerance: a query token that
is not a term is replaced by the terms within a few edits of it. The engine-specific parts (SQLite FTS5 virtual
tables, PostgreSQL tsvector and trigram indexes) are created by migration 0003 only; they are not models.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cagateway.db.base import Base

__all__ = ["SearchDocument", "SearchTerm"]


class SearchDocument(Base):
    """One producer as the search index sees it. No foreign key: a hard-deleted producer's row goes by hook."""

    __tablename__ = "search_documents"

    entity_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    public_id: Mapped[str] = mapped_column(String(12))
    country_code: Mapped[str] = mapped_column(String(2))
    region_codes: Mapped[str] = mapped_column(Text, default="")  # " KZ-79 KZ-71 ": space-padded for LIKE
    hs_codes: Mapped[str] = mapped_column(Text, default="")  # " 252329 252390 "
    verification_tier: Mapped[str] = mapped_column(String(20))
    tier_rank: Mapped[int] = mapped_column(Integer, default=0)  # 0 unverified .. 3 site_visited
    certificate_kinds: Mapped[str] = mapped_column(Text, default="")  # "|iso 9001|halal|", folded
    max_capacity: Mapped[float | None] = mapped_column(Float)
    completeness: Mapped[float] = mapped_column(Float, default=0.0)
    static_rank: Mapped[float] = mapped_column(Float, default=0.0)  # tier and completeness, for browsing
    names: Mapped[str] = mapped_column(Text, default="")  # name spellings and their tokens
    body: Mapped[str] = mapped_column(Text, default="")  # products, HS names, places: tokens
    idents: Mapped[str] = mapped_column(Text, default="")  # identifier values, folded
    tags: Mapped[str] = mapped_column(Text, default="")  # filter tokens: cckz hs2523 rgkz79 ...
    russian: Mapped[str] = mapped_column(Text, default="")  # Russian text as written, for PostgreSQL's 'russian'
    name_keys: Mapped[str] = mapped_column(Text, default="")  # "|"-joined name keys, for re-ranking
    hit: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the hit as shown (DESIGN.md shape)

    __table_args__ = (
        Index("ix_search_documents_country_rank", "country_code", "static_rank"),
        Index("ix_search_documents_static_rank", "static_rank"),
        # Narrow, covering: the facet counts look matches up here rather than in the wide rows (migration 0007).
        Index("ix_search_documents_facets", "entity_id", "country_code", "verification_tier"),
    )


class SearchTerm(Base):
    """A token that occurs in the index (names and body), for finding the terms near a mistyped one."""

    __tablename__ = "search_terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term: Mapped[str] = mapped_column(String(100), unique=True)
