"""Match weights and probabilities of scored pairs, computed in Python as DuckDB computes them, for any engine.

Why this module exists: with the same levels on every pair (:mod:`.similarity`), Spark's match probabilities still
differed from DuckDB's in the last bits (up to 2.2e-16; 3,296 of 37,171 pairs at 20k records), and 9-decimal
rounding before the thresholds only made a wrong decision improbable, not impossible. Traced column by column,
it is not the order of summation (Splink writes one left-to-right sum for both dialects), nor the levels' weights
(literals, parsed exactly by both: 0 differences), nor the term frequencies (exact divisions: 0 differences). It
is two functions Spark computes otherwise: ``log2(x)`` is ``ln(x) / ln(2)`` there (the term-frequency adjustment
of the name: ``log2(0.0002)`` is -12.287712379549449 in C and -12.28771237954945 on Spark), and ``POWER`` is
Java's ``Math.pow``, not C's ``pow`` (the probability from the weight). DuckDB calls C's ``log2`` and ``pow``,
the ones Python's :func:`math.log2` and :func:`math.pow` call, so its results are reproduced here to the bit.

So an engine decides what is discrete — which pairs are blocked, each comparison's level (its ``mw_`` literal
and ``gamma_`` value) and the term frequencies — and :class:`Weights` does the arithmetic Splink's SQL does
(``_combine_prior_and_mws``, ``ComparisonLevel._tf_adjustment_sql`` in Splink 5), once, in Python. DuckDB
needs no recomputation (a test checks, pair by pair, that its SQL gives these very floats); Spark's pairs are
recomputed, and then both engines give bit-identical probabilities.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Weights", "match_probability"]


@dataclass(frozen=True)
class _TermFrequencyLevel:
    """The level of a comparison whose weight is adjusted by the term frequency of its column's value."""

    gamma_column: str
    gamma: int
    tf_left: str
    tf_right: str
    weight: float
    log2_u: float
    minimum: float

    def adjustment(self, row: Mapping[str, Any]) -> float:
        """Splink's ``mw_tf_adj_`` term: w · (log2 u − log2 max(tf_l, tf_r, minimum)) on this level, else 0."""
        left, right = row[self.tf_left], row[self.tf_right]
        if row[self.gamma_column] != self.gamma or (left is None and right is None):
            return 0.0
        left = right if left is None else left
        right = left if right is None else right
        return self.weight * (self.log2_u - math.log2(max(left, right, self.minimum)))


def match_probability(match_weight: float) -> float:
    """Splink's probability of a match weight, with C's ``pow`` as DuckDB's ``POWER`` (stable for either sign)."""
    if match_weight >= 0:
        return 1.0 / (1.0 + math.pow(2.0, -match_weight))
    return math.pow(2.0, match_weight) / (1.0 + math.pow(2.0, match_weight))


class Weights:
    """The arithmetic of Splink's prediction for one trained settings dict (any dialect: only numbers are read)."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        prior = float(settings["probability_two_random_records_match"])
        # Splink's prob_to_match_weight, written into its SQL as a literal that both engines parse exactly.
        self.prior = math.log2(prior / (1 - prior)) if prior != 1 else math.inf
        mw, tf, gamma = (
            settings.get("match_weight_column_prefix", "mw_"),
            settings.get("term_frequency_adjustment_column_prefix", "tf_"),
            settings.get("comparison_vector_value_column_prefix", "gamma_"),
        )
        self.terms: list[tuple[str, _TermFrequencyLevel | None]] = []
        for comparison in settings["comparisons"]:
            name = comparison["output_column_name"]
            levels = comparison["comparison_levels"]
            counted = [level for level in levels if not level.get("is_null_level")]
            tf_levels = [
                _TermFrequencyLevel(
                    gamma_column=f"{gamma}{name}",
                    gamma=len(counted) - 1 - counted.index(level),  # Splink numbers levels from the top, down to 0
                    tf_left=f"{tf}{level['tf_adjustment_column']}_l",
                    tf_right=f"{tf}{level['tf_adjustment_column']}_r",
                    weight=float(level.get("tf_adjustment_weight", 1.0)),
                    # Our term-frequency levels are exact matches on their own column, so the u Splink adjusts
                    # from is the level's own (ComparisonLevel._u_probability_corresponding_to_exact_match).
                    log2_u=math.log2(level["u_probability"]),
                    minimum=float(level.get("tf_minimum_u_value", 0.0)),
                )
                for level in counted
                if level.get("tf_adjustment_column") and level.get("tf_adjustment_weight", 1.0) != 0
            ]
            if len(tf_levels) > 1:
                raise ValueError(f"comparison {name!r}: Splink adjusts at most one level by term frequency")
            self.terms.append((f"{mw}{name}", tf_levels[0] if tf_levels else None))

    @property
    def columns(self) -> list[str]:
        """The columns of Splink's predictions the arithmetic reads (with intermediate and matching columns kept)."""
        names: list[str] = []
        for column, tf in self.terms:
            names.append(column)
            if tf is not None:
                names += [tf.gamma_column, tf.tf_left, tf.tf_right]
        return names

    def match_weight(self, row: Mapping[str, Any]) -> float:
        """The pair's match weight: prior, then each comparison's weight and its term-frequency term, in order."""
        total = self.prior
        for column, tf in self.terms:
            total += row[column]
            if tf is not None:
                total += tf.adjustment(row)
        return total

    def probability(self, row: Mapping[str, Any]) -> float:
        """The pair's match probability, bit for bit what DuckDB's SQL gives."""
        return match_probability(self.match_weight(row))
