"""Character n-gram TF-IDF over folded text, in numpy/scipy, stored as plain arrays (no pickle).

Character n-grams within words (``" paxta "`` → `` pa``, ``pax``, ``axt`` ...) match across inflections
(``мука``/``муки``), compounds (``портландцемент``/``цемент``) and spelling variants (``sement``/``cement``)
without a stemmer per language. Whole words are features too, so an exact word outweighs a shared fragment, and
so are Snowball stems (Russian, English), which join inflections n-grams miss on short words (``shrimp(s)``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from cagateway.classify.normalise import stemmed_words

__all__ = ["NgramTfidf", "features"]

NGRAM_SIZES = (3, 4, 5)
WORD_WEIGHT = 2  # counts of the whole-word and stem features (n-grams count 1 each)
STEM_WEIGHT = 2


def features(text: str) -> Counter[str]:
    """Character 3- to 5-grams of each folded word (padded with spaces), plus the word itself and its stem."""
    counts: Counter[str] = Counter()
    for word, stem in stemmed_words(text):
        padded = f" {word} "
        for size in NGRAM_SIZES:
            counts.update(padded[i : i + size] for i in range(len(padded) - size + 1))
        counts[f"w:{word}"] += WORD_WEIGHT
        counts[f"s:{stem}"] += STEM_WEIGHT
    return counts


@dataclass
class NgramTfidf:
    """A fitted vocabulary (feature → column) and the inverse document frequency of each column."""

    vocabulary: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, texts: Sequence[str]) -> NgramTfidf:
        """Learn the vocabulary and IDF (smoothed, as in Salton's TF-IDF) from ``texts``."""
        document_frequency: Counter[str] = Counter()
        for text in texts:
            document_frequency.update(features(text).keys())
        vocabulary = {feature: i for i, feature in enumerate(sorted(document_frequency))}
        df = np.array([document_frequency[f] for f in sorted(document_frequency)], dtype=np.float64)
        idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
        return cls(vocabulary, idf)

    def transform(self, texts: Iterable[str]) -> sp.csr_matrix:
        """One L2-normalised row per text; features unseen in training are ignored."""
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        count = 0
        for count, text in enumerate(texts, start=1):
            for feature, n in features(text).items():
                column = self.vocabulary.get(feature)
                if column is not None:
                    rows.append(count - 1)
                    cols.append(column)
                    values.append((1.0 + np.log(n)) * self.idf[column])
        matrix = sp.csr_matrix((values, (rows, cols)), shape=(count, len(self.vocabulary)), dtype=np.float64)
        return _l2_normalise(matrix)


def _l2_normalise(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Each row scaled to unit length (empty rows stay empty), on the CSR data: cheap for a one-row query."""
    matrix = sp.csr_matrix(matrix, copy=True)
    matrix.sum_duplicates()
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(rows, weights=matrix.data**2, minlength=matrix.shape[0]))
    norms[norms == 0] = 1.0
    matrix.data = matrix.data / norms[rows]
    return matrix
