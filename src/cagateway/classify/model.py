"""The HS model: labelled texts as TF-IDF rows, and suggestions by their nearest neighbours.

A query is compared (cosine) with every labelled text: HS descriptions, authored terms, confirmed product lines.
The closest texts vote for their code with their similarity; votes back off from subheading to heading to
chapter, because most evidence names a heading (TN VED Russian names, most terms) and only some a subheading.
Headings are ranked by their votes (each further vote for the same heading counts half the one before, so a
heading with forty near-identical subheadings does not win on numbers), then each heading's subheading is the one
with the most votes or, failing any, the one whose own description is closest to the query.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from cagateway.classify.vectorise import NgramTfidf

__all__ = ["Example", "HsModel", "Match", "RankedHeading", "Ranking"]

NEIGHBOURS = 40
CHAPTER_SHARE = 0.3  # how much a chapter's votes add to each of its headings
DECAY = 0.5


@dataclass(frozen=True)
class Example:
    """A labelled text: ``code`` is an HS chapter (2 digits), heading (4) or subheading (6)."""

    text: str
    code: str
    source: str
    weight: float = 1.0


@dataclass(frozen=True)
class Match:
    """A labelled text close to the query, and how close (cosine similarity of their n-grams, 0..1)."""

    text: str
    code: str
    source: str
    similarity: float


@dataclass
class RankedHeading:
    """A heading with its votes, its best subheading and the texts that voted for it."""

    heading: str
    score: float
    subheading: str = ""
    matches: list[Match] = field(default_factory=list)


@dataclass(frozen=True)
class Ranking:
    """The best headings, and the votes all headings got (to say how much of them the best ones hold)."""

    headings: list[RankedHeading]
    total: float


@dataclass
class HsModel:
    """Labelled texts, their TF-IDF rows, and the HS tree needed to turn votes into subheadings."""

    vectoriser: NgramTfidf
    matrix: sp.csr_matrix
    examples: list[Example]
    subheadings: dict[str, list[str]]  # heading → its HS 2022 subheadings
    names: dict[str, tuple[str, str | None]]  # code → (English, Russian) name
    _description_rows: dict[str, int] = field(init=False, repr=False)
    _by_feature: sp.csc_matrix = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._description_rows = {e.code: i for i, e in enumerate(self.examples) if e.source == "hs_en"}
        # Column-major copy: a query touches a few dozen features, so only their columns are read.
        self._by_feature = sp.csc_matrix(self.matrix)

    @classmethod
    def fit(
        cls,
        examples: Sequence[Example],
        subheadings: dict[str, list[str]],
        names: dict[str, tuple[str, str | None]],
    ) -> HsModel:
        """Vectorise ``examples`` (texts with no usable letters are left out)."""
        usable = [e for e in examples if e.text.strip()]
        vectoriser = NgramTfidf.fit([e.text for e in usable])
        return cls(vectoriser, vectoriser.transform(e.text for e in usable), usable, subheadings, names)

    def similarities(self, text: str) -> np.ndarray:
        """Cosine similarity of ``text`` to every example (all zero when nothing in it is known)."""
        query = self.vectoriser.transform([text])
        if not query.nnz:
            return np.zeros(self.matrix.shape[0])
        return np.asarray(self._by_feature[:, query.indices] @ query.data).ravel()

    def rank(self, text: str, top: int) -> Ranking:
        """The ``top`` best headings for ``text``, best first; none when no example shares anything with it."""
        sims = self.similarities(text)
        nearest = [i for i in _top_indices(sims, NEIGHBOURS) if sims[i] > 0]
        headings = _vote(self.examples, sims, nearest)
        ranked = heapq.nlargest(top, headings.values(), key=lambda h: h.score)
        for heading in ranked:
            heading.subheading = self._subheading(heading, sims)
        return Ranking(ranked, sum(h.score for h in headings.values()))

    def _subheading(self, heading: RankedHeading, sims: np.ndarray) -> str:
        votes: dict[str, float] = defaultdict(float)
        for match in heading.matches:
            if len(match.code) == 6:
                votes[match.code] += match.similarity
        if votes:
            return max(votes, key=lambda code: votes[code])
        children = self.subheadings.get(heading.heading) or [heading.heading + "00"]
        rows = self._description_rows
        return max(children, key=lambda code: sims[rows[code]] if code in rows else -1.0)


def _top_indices(values: np.ndarray, k: int) -> list[int]:
    if len(values) <= k:
        return sorted(range(len(values)), key=lambda i: -values[i])
    part = np.argpartition(-values, k)[:k]
    return [int(i) for i in part[np.argsort(-values[part])]]


def _vote(examples: Sequence[Example], sims: np.ndarray, nearest: list[int]) -> dict[str, RankedHeading]:
    """Headings with their decayed votes; chapter-level examples add a share to every heading they hold."""
    per_heading: dict[str, list[float]] = defaultdict(list)
    per_chapter: dict[str, float] = defaultdict(float)
    headings: dict[str, RankedHeading] = {}
    for i in nearest:
        example, sim = examples[i], float(sims[i])
        vote = example.weight * sim * sim
        per_chapter[example.code[:2]] += vote
        if len(example.code) < 4:
            continue
        code = example.code[:4]
        per_heading[code].append(vote)
        headings.setdefault(code, RankedHeading(code, 0.0)).matches.append(
            Match(example.text, example.code, example.source, round(sim, 3))
        )
    for code, heading in headings.items():
        votes = sorted(per_heading[code], reverse=True)
        heading.score = sum(v * DECAY**k for k, v in enumerate(votes)) + CHAPTER_SHARE * per_chapter[code[:2]]
    return headings
