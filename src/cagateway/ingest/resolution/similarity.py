"""One Jaro-Winkler for every engine, and the precision at which scores meet thresholds.

Why this module exists: the Spark backend gave other clusters than DuckDB with the same model, because the two
engines' Jaro-Winkler functions are not the same function. DuckDB's ``jaro_winkler_similarity`` (a port of
rapidfuzz) counts transpositions as half the out-of-order matched characters *rounded down*; the ``jaro_winkler``
UDF Splink ships for Spark (``uk.gov.moj.dash.linkage.JaroWinklerSimilarity``) keeps the half. ``brik taudararor``
/ ``brik takosar``: 10 matched characters, 3 out of order, so Jaro = (10/15 + 10/12 + (10 - t)/10) / 3 is 0.8
with t = 1 (DuckDB) and 0.78333 with t = 1.5 (Spark jar); Jaro-Winkler 0.88 against 0.87, on either side of the
0.88 name level. Spark 4.3's own ``jaro_winkler_similarity`` (same name as DuckDB's, a different function) also
gives 0.87. So on Spark the name is compared with :func:`jaro_winkler` below (rapidfuzz, the function DuckDB
ports), registered as ``cagateway_jaro_winkler`` (a temporary function cannot shadow Spark's built-in).

The same function computed by two programs can still differ in the last bit (rapidfuzz and DuckDB disagree by one
ulp on ~2 % of pairs, and 0.88 exactly is a common value), so a similarity counts as reaching a threshold when it is
at most :data:`SIMILARITY_TOLERANCE` below it. That admits no truly lower value: Jaro-Winkler of strings up to
100 characters is a fraction p/q with q = 30·|a|·|b|·m ≤ 3·10⁷, so one below a two-decimal threshold is at least
1/(100·q) ≥ 3·10⁻¹⁰ below it, far more than the tolerance of 10⁻¹² (ulp noise is ~10⁻¹⁶).
Match weights and probabilities are not rounded: :mod:`.weights` makes them bit-identical on both engines.
"""

# ruff: noqa: PLC0415  -- pyspark is optional: imported only when a Spark session is given

from __future__ import annotations

from typing import Any

from rapidfuzz.distance import JaroWinkler

__all__ = [
    "SIMILARITY_TOLERANCE",
    "jaro_winkler",
    "jaro_winkler_at_least",
    "register_spark_functions",
]

SIMILARITY_TOLERANCE = 1e-12
# The SQL name of the one Jaro-Winkler in each dialect: DuckDB's built-in, or :func:`jaro_winkler` as a Spark UDF.
JARO_WINKLER_SQL = {"duckdb": "jaro_winkler_similarity", "spark": "cagateway_jaro_winkler"}


def jaro_winkler(left: str | None, right: str | None) -> float | None:
    """DuckDB's ``jaro_winkler_similarity`` (prefix weight 0.1, up to 4 characters); None when either is None."""
    if left is None or right is None:
        return None
    return float(JaroWinkler.similarity(left, right, prefix_weight=0.1))


def jaro_winkler_at_least(column: str, threshold: float, dialect: str) -> str:
    """The SQL condition "Jaro-Winkler of ``column`` on both sides reaches ``threshold``", with the tolerance."""
    function = JARO_WINKLER_SQL[dialect]
    return f"{function}({column}_l, {column}_r) >= {threshold - SIMILARITY_TOLERANCE:.14f}"


def register_spark_functions(spark: Any) -> None:
    """Register :func:`jaro_winkler` in ``spark`` as ``cagateway_jaro_winkler`` (a Python UDF)."""
    from pyspark.sql.types import DoubleType

    spark.udf.register(JARO_WINKLER_SQL["spark"], jaro_winkler, DoubleType())
