"""Clusters from scored pairs (union-find), and pairwise precision/recall/F1 against ground truth."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cagateway.ingest.resolution.features import ResolutionRecord
from cagateway.ingest.resolution.model import ScoredPair

__all__ = ["PairScores", "clusters_of", "exact_match_clusters", "pairwise_scores"]


def clusters_of(
    pairs: Iterable[ScoredPair], threshold: float, forbidden: set[tuple[int, int]] | None = None
) -> list[list[int]]:
    """Connected components of the pairs scoring ``threshold`` or more, except ``forbidden`` (rejected) pairs.

    Only clusters of two or more records are returned, each sorted, largest first.
    """
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:  # path compression keeps later finds short
            parent[x], x = root, parent[x]
        return root

    for pair in pairs:
        if pair.probability >= threshold and (pair.left, pair.right) not in (forbidden or ()):
            a, b = find(pair.left), find(pair.right)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for node in list(parent):
        groups[find(node)].append(node)
    for root, members in groups.items():
        if root not in members:
            members.append(root)
    return sorted((sorted(m) for m in groups.values() if len(m) > 1), key=lambda m: (-len(m), m[0]))


@dataclass(frozen=True)
class PairScores:
    """Pairwise quality of a clustering: every pair of records put together is a prediction."""

    predicted_pairs: int
    true_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs_within(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def pairwise_scores(clusters: Iterable[Iterable[int]], truth: Mapping[int, str]) -> PairScores:
    """Compare predicted ``clusters`` (record ids) with ``truth`` (record id → underlying producer)."""
    predicted = correct = 0
    for cluster in clusters:
        members = list(cluster)
        predicted += _pairs_within([len(members)])
        correct += _pairs_within(Counter(truth[m] for m in members).values())
    return PairScores(predicted, _pairs_within(Counter(truth.values()).values()), correct)


def exact_match_clusters(records: Iterable[ResolutionRecord]) -> list[list[int]]:
    """The baseline: records sharing an identifier, or country and exact normalised name key, are one producer."""
    pairs: list[ScoredPair] = []
    first: dict[tuple[str, str, str], int] = {}
    for record in records:
        keys = [("name", record.country, record.name_key)] if record.name_key else []
        if record.identifier:
            keys.append(("id", "", record.identifier))
        for key in keys:
            if key in first:
                pairs.append(ScoredPair(first[key], record.unique_id, 1.0))
            else:
                first[key] = record.unique_id
    return clusters_of(pairs, 1.0)
