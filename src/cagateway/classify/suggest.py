"""Suggestions for one text: HS subheadings with their heading, a confidence and the texts that matched.

Confidence combines how much of all the votes the heading holds with how close its best match is: a heading
that wins every vote on a faint resemblance (``asdf``) is not a confident suggestion. Below
:data:`CONFIDENT` the result says "no confident suggestion" and lists the candidates only as weak guesses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cagateway.classify.model import HsModel, Match, RankedHeading, Ranking
from cagateway.classify.normalise import words

__all__ = ["CONFIDENT", "MAX_TOP", "Suggestion", "SuggestionResult", "suggest"]

CONFIDENT = 0.3
STRONG_MATCH = 0.6  # a best match this close (cosine) or closer leaves the vote share undiscounted
MAX_TOP = 20
MATCHES_SHOWN = 3


@dataclass(frozen=True)
class Suggestion:
    """An HS 2022 subheading suggested for a text."""

    code: str
    heading: str
    confidence: float
    description: str
    heading_description: str
    matched: tuple[Match, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "heading": self.heading,
            "confidence": self.confidence,
            "description": self.description,
            "heading_description": self.heading_description,
            "matched": [vars(m) for m in self.matched],
        }


@dataclass(frozen=True)
class SuggestionResult:
    """What a text got: ``confident`` is false when even the best suggestion is below :data:`CONFIDENT`."""

    text: str
    suggestions: tuple[Suggestion, ...]

    @property
    def confident(self) -> bool:
        return bool(self.suggestions) and self.suggestions[0].confidence >= CONFIDENT

    @property
    def message(self) -> str:
        if self.confident:
            return f"HS {self.suggestions[0].code}"
        return "no confident suggestion"

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "confident": self.confident,
            "message": self.message,
            "suggestions": [s.as_dict() for s in self.suggestions],
        }


def _confidence(heading: RankedHeading, ranking: Ranking) -> float:
    share = heading.score / ranking.total if ranking.total else 0.0
    closest = max((m.similarity for m in heading.matches), default=0.0)
    return round(share * min(1.0, closest / STRONG_MATCH), 3)


def _suggestion(model: HsModel, heading: RankedHeading, ranking: Ranking) -> Suggestion:
    matched = sorted(heading.matches, key=lambda m: -m.similarity)[:MATCHES_SHOWN]
    return Suggestion(
        code=heading.subheading,
        heading=heading.heading,
        confidence=_confidence(heading, ranking),
        description=model.names.get(heading.subheading, ("", None))[0],
        heading_description=model.names.get(heading.heading, ("", None))[0],
        matched=tuple(matched),
    )


def suggest(model: HsModel, text: str, top: int = 5) -> SuggestionResult:
    """Up to ``top`` suggestions for ``text``, best first; none for text without words (emoji, digits)."""
    if not words(text):
        return SuggestionResult(text, ())
    ranking = model.rank(text, min(top, MAX_TOP))
    return SuggestionResult(text, tuple(_suggestion(model, h, ranking) for h in ranking.headings))
