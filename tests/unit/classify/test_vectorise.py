"""The TF-IDF rows and the column-major scoring of a query give the same cosine similarities as a full product."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from cagateway.classify.model import HsModel
from cagateway.classify.vectorise import NgramTfidf, _l2_normalise, features


def test_rows_are_unit_length_and_empty_rows_stay_empty() -> None:
    matrix = _l2_normalise(sp.csr_matrix(np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0], [0.0, 2.0, 0.0]])))
    assert np.allclose(matrix.toarray(), [[0.6, 0.8, 0.0], [0.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


def test_a_word_and_its_stem_are_both_features() -> None:
    counts = features("frozen shrimps")
    assert counts["w:shrimps"] > 0 and counts["s:shrimp"] > 0 and counts[" shr"] > 0


def test_scoring_by_feature_columns_equals_the_full_product(small_model: HsModel) -> None:
    for text in ("мука пшеничная", "paxta kalava", "cement", "asdf", ""):
        query = small_model.vectoriser.transform([text])
        full = np.asarray((small_model.matrix @ query.T).toarray()).ravel()
        assert np.allclose(small_model.similarities(text), full)


def test_unseen_features_are_ignored() -> None:
    vectoriser = NgramTfidf.fit(["wheat flour"])
    assert vectoriser.transform(["qqqq"]).nnz == 0
