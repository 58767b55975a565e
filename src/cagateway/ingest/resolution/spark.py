"""The scale-out path: score with the saved (DuckDB-trained) model on Splink's Spark backend.

PySpark is an optional extra (``pip install 'cagateway[spark]'``; Java 17 on the machine). Records are prepared
exactly as for DuckDB (the same rare-token, prefix and length columns, computed by the same DuckDB SQL), written
to Parquet and read by Spark, so both engines score the same table with the same parameters and the same
comparison functions: Jaro-Winkler is ours on Spark (:mod:`.similarity` says why), and Spark's match weights and
probabilities are recomputed in Python from the levels and term frequencies it found, with the ``log2`` and
``pow`` DuckDB uses (:mod:`.weights` says why), so both engines give bit-identical probabilities. Only dialect
spellings of the same SQL differ (:func:`~cagateway.ingest.resolution.model.trained_settings`). Clustering is our
own union-find on the pairs of either engine (:func:`~cagateway.ingest.resolution.clusters.clusters_of`).
"""

# ruff: noqa: PLC0415  -- pyspark is optional: imported only when the Spark engine is asked for

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cagateway.errors import ConfigurationError
from cagateway.ingest.resolution.features import ResolutionRecord
from cagateway.ingest.resolution.model import (
    FETCH_MARGIN,
    ScoredPair,
    prepared_records,
    scored_pairs,
    trained_settings,
)
from cagateway.ingest.resolution.similarity import register_spark_functions
from cagateway.ingest.resolution.weights import Weights

__all__ = ["score_pairs_spark", "spark_session"]


def spark_session() -> Any:
    """A local Spark (2 cores) with Splink's UDF jar and our Jaro-Winkler (:mod:`.similarity`) registered."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigurationError(
            "The Spark engine needs PySpark: pip install 'cagateway[spark]' (and Java 17 or newer)."
        ) from exc
    from splink.backends.spark import similarity_jar_location

    # Spark's Python workers run our Jaro-Winkler UDF: they must be this interpreter (with rapidfuzz), not "python3".
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("cagateway-resolution")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", "6g")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    register_spark_functions(spark)
    return spark


def score_pairs_spark(
    records: Sequence[ResolutionRecord], model: Path, threshold: float
) -> tuple[int, list[ScoredPair]]:
    """Like :func:`~cagateway.ingest.resolution.model.score_pairs`, on a local Spark."""
    from splink import Linker, SparkAPI

    spark = spark_session()
    with tempfile.TemporaryDirectory(prefix="cagateway-spark-") as folder:
        parquet = Path(folder) / "records.parquet"
        con = prepared_records(records)
        con.execute(f"COPY records TO '{parquet}' (FORMAT parquet)")
        con.close()
        spark.sparkContext.setCheckpointDir(str(Path(folder) / "checkpoints"))
        frame = spark.read.parquet(str(parquet))
        api = SparkAPI(spark_session=spark)  # type: ignore[no-untyped-call]
        settings = trained_settings(model, "spark")
        # Spark decides the levels (gamma_, mw_) and term frequencies (tf_); the arithmetic is DuckDB's, in Python.
        settings["retain_intermediate_calculation_columns"] = True
        settings["retain_matching_columns"] = True
        weights = Weights(settings)
        linker = Linker(api.register(frame), settings, log_level=logging.WARNING)
        predictions = linker.inference.predict().as_spark_dataframe()
        scored = predictions.count()
        # Spark's own probability is within ~1e-15 of the exact one: good enough to choose which rows to fetch.
        rows = predictions.where(predictions.match_probability >= threshold - FETCH_MARGIN).select(
            "unique_id_l", "unique_id_r", *weights.columns
        )
        exact = ((row["unique_id_l"], row["unique_id_r"], weights.probability(row)) for row in rows.collect())
        pairs = scored_pairs(exact, threshold)
    return scored, pairs
