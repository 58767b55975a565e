"""The scale-out path: the same saved model on a local Spark gives DuckDB's pairs and clusters.

Needs the optional extra (``pip install -e '.[spark]'``) and Java 17; skipped otherwise. Slow: a local Spark
session, its Python workers and Splink's Spark stages take ~1 minute on this (shared, 2-core) machine.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from cagateway.ingest.resolution.clusters import clusters_of
from cagateway.ingest.resolution.features import features_of
from cagateway.ingest.resolution.model import score_pairs
from cagateway.ingest.resolution.similarity import jaro_winkler
from cagateway.ingest.resolution.spark import score_pairs_spark, spark_session
from cagateway.ingest.resolution.synthetic import generate_registers

from .test_similarity import PAIRS, duckdb_jaro_winkler
from .test_weights import spark_log2

pytest.importorskip("pyspark", reason="PySpark is the optional extra: pip install -e '.[spark]' to test the Spark path")
if shutil.which("java") is None:
    pytest.skip("the Spark path needs Java 17 or newer on PATH", allow_module_level=True)

pytestmark = [
    pytest.mark.slow,
    # PySpark 4.3 warns that it does not fully support pandas 3; nothing here goes through pandas.
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]


def test_spark_runs_duckdbs_functions_and_scores_the_same_pairs_and_clusters(trained_model: Path) -> None:
    # One test, one Spark session and one start of its Python workers: the path costs ~1 minute on this machine.
    spark = spark_session()
    spark.sparkContext.setLogLevel("ERROR")
    rows = spark.createDataFrame(PAIRS, "a string, b string").selectExpr("a", "b", "cagateway_jaro_winkler(a, b)")
    for a, b, value in rows.collect():
        assert value == jaro_winkler(a, b) == pytest.approx(duckdb_jaro_winkler(a, b), abs=1e-12)
    # Spark's log2 is ln x / ln 2, not C's log2 (DuckDB's): why Spark's arithmetic is redone in Python (weights.py).
    (spark_value,) = spark.sql("SELECT log2(CAST(0.0002 AS DOUBLE))").first()
    assert spark_value == spark_log2(0.0002) != math.log2(0.0002)

    records = [features_of(r) for r in generate_registers(800, seed=12)]
    duck_scored, duck = score_pairs(records, trained_model, 0.5)
    spark_scored, on_spark = score_pairs_spark(records, trained_model, 0.5)
    assert duck_scored == spark_scored > 0
    # The same pairs with bit-identical probabilities (no rounding, no tolerance).
    assert sorted(on_spark, key=lambda p: (p.left, p.right)) == sorted(duck, key=lambda p: (p.left, p.right))
    assert clusters_of(on_spark, 0.95) == clusters_of(duck, 0.95) != []
