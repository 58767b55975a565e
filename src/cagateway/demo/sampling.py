"""Weighted choice without the overhead of ``random.choices`` (called about ten times per generated producer)."""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from typing import TypeVar

__all__ = ["pick"]

T = TypeVar("T")


def pick(rng: random.Random, items: Sequence[T], cum_weights: Sequence[float]) -> T:
    """One of ``items``, drawn with the given cumulative weights (as ``rng.choices(items, cum_weights=...)[0]``)."""
    return items[bisect.bisect(cum_weights, rng.random() * cum_weights[-1], 0, len(items) - 1)]
