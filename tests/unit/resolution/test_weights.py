"""Match weights and probabilities computed as DuckDB computes them (why: weights.py), checked against DuckDB.

The Spark difference is reproduced without Spark: Spark's ``log2`` is ``ln(x) / ln(2)``, which differs from C's
``log2`` in the last bit for term frequencies such as 0.0002, and so moves a name-matched pair's probability.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from splink import DuckDBAPI, Linker

from cagateway.ingest.resolution.features import features_of
from cagateway.ingest.resolution.model import ScoredPair, prepared_records, scored_pairs, trained_settings
from cagateway.ingest.resolution.synthetic import generate_registers
from cagateway.ingest.resolution.weights import Weights, match_probability


def spark_log2(x: float) -> float:
    """Spark SQL's ``log2`` (``Logarithm`` with base 2: ln x / ln 2), as Spark 4.3 computes it."""
    return math.log(x) / math.log(2)


def duckdb_predictions(model: Path, size: int, seed: int) -> tuple[Weights, list[dict[str, Any]]]:
    settings = trained_settings(model, "duckdb")
    settings["retain_intermediate_calculation_columns"] = True
    settings["retain_matching_columns"] = True
    con = prepared_records([features_of(r) for r in generate_registers(size, seed=seed)])
    linker = Linker(DuckDBAPI(connection=con).register("records"), settings)
    relation = linker.inference.predict().as_duckdbpyrelation()
    rows = [dict(zip(relation.columns, values, strict=True)) for values in relation.fetchall()]
    con.close()
    return Weights(settings), rows


def test_duckdbs_sql_gives_our_weights_and_probabilities_bit_for_bit(trained_model: Path) -> None:
    weights, rows = duckdb_predictions(trained_model, 800, seed=12)
    name_matched = [row for row in rows if row["mw_tf_adj_name_key"] != 0]
    assert len(rows) > 100
    assert len(name_matched) > 10  # the term-frequency term is exercised, not only the literals
    for row in rows:
        assert weights.match_weight(row) == row["match_weight"]
        assert weights.probability(row) == row["match_probability"]
    assert set(weights.columns) <= set(rows[0])


def test_sparks_log2_moves_the_term_frequency_adjustment_and_ours_does_not(trained_model: Path) -> None:
    # 4 records of 20,000 sharing a name key: the value that made Spark's probabilities differ from DuckDB's.
    tf = 4 / 20_000
    assert spark_log2(tf) == -12.28771237954945 != math.log2(tf) == -12.287712379549449

    weights = Weights(trained_settings(trained_model, "spark"))  # the dialect does not matter: only numbers
    name, tf_level = weights.terms[0]
    assert tf_level is not None
    row: dict[str, Any] = {column: 0.0 for column, _ in weights.terms}
    row |= {name: 11.5, tf_level.gamma_column: tf_level.gamma, tf_level.tf_left: tf, tf_level.tf_right: tf}
    ours = weights.match_weight(row)
    as_on_spark = weights.prior + 11.5 + tf_level.weight * (tf_level.log2_u - spark_log2(tf))
    assert ours == weights.prior + 11.5 + tf_level.weight * (tf_level.log2_u - math.log2(tf))
    assert ours != as_on_spark
    assert abs(ours - as_on_spark) < 1e-13
    # Another level of the same comparison gets no term-frequency term, whatever the frequencies are.
    assert weights.match_weight(row | {tf_level.gamma_column: tf_level.gamma - 1}) == weights.prior + 11.5


def test_the_probability_of_a_weight_is_splinks_formula_for_either_sign() -> None:
    assert match_probability(0.0) == 0.5
    assert match_probability(math.log2(19)) == pytest.approx(0.95, abs=1e-15)
    assert match_probability(-3000.0) == 0.0
    assert match_probability(3000.0) == 1.0
    assert match_probability(-1.0) == pytest.approx(1 / 3, abs=1e-16)


def test_pairs_meet_the_threshold_exactly_lower_id_first() -> None:
    # No rounding: both engines' probabilities are the same floats, so the threshold is compared as it is.
    rows = [(7, 3, 0.95), (4, 9, 0.9499999999999999), (2, 1, 0.97)]
    assert scored_pairs(rows, 0.95) == [ScoredPair(3, 7, 0.95), ScoredPair(1, 2, 0.97)]
