"""One Jaro-Winkler for DuckDB and Spark, and thresholds met at a stated precision (why: similarity.py).

The Spark/DuckDB difference is reproduced here without Spark: an exact (rational) Jaro-Winkler shows that the
two engines' functions differ only in rounding the transpositions, and which of the two our comparisons use.
"""

from __future__ import annotations

from fractions import Fraction

import duckdb
import pytest

from cagateway.ingest.resolution.similarity import (
    SIMILARITY_TOLERANCE,
    jaro_winkler,
    jaro_winkler_at_least,
)

PAIRS = [
    ("brik taudararor", "brik takosar"),  # 3 matched characters out of order: t = 1 or 1.5
    ("tantismirol", "tamirtur"),
    ("saitonko sement", "saiolor sement"),  # exactly 0.92; DuckDB computes 0.9199999999999999
    ("ontustik sement", "ontustik sement trading"),
    ("шымкент", "шимкент"),  # code points, not bytes
    ("北京水泥", "北京水"),
    ("martha", "marhta"),
    ("abc", "xyz"),
]


def exact_jaro_winkler(a: str, b: str, *, half_transpositions: bool = False) -> Fraction:
    """Jaro-Winkler as a fraction; ``half_transpositions`` keeps t's half (Splink's Spark jar, Spark 4.3)."""
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    used = [False] * len(b)
    matched_a = []
    for i, char in enumerate(a):
        near = range(max(0, i - window), min(len(b), i + window + 1))
        j = next((j for j in near if not used[j] and b[j] == char), -1)
        if j >= 0:
            used[j] = True
            matched_a.append(char)
    m = len(matched_a)
    if m == 0:
        return Fraction(0)
    out_of_order = sum(x != y for x, y in zip(matched_a, [c for c, u in zip(b, used, strict=True) if u], strict=True))
    t = Fraction(out_of_order, 2) if half_transpositions else Fraction(out_of_order // 2)
    jaro = (Fraction(m, len(a)) + Fraction(m, len(b)) + (m - t) / m) / 3
    prefix = next((i for i, (x, y) in enumerate(zip(a[:4], b[:4], strict=False)) if x != y), min(4, len(a), len(b)))
    return jaro + Fraction(prefix, 10) * (1 - jaro) if jaro > Fraction(7, 10) else jaro


def duckdb_jaro_winkler(a: str, b: str) -> float:
    row = duckdb.connect().execute("SELECT jaro_winkler_similarity(?, ?)", [a, b]).fetchone()
    assert row is not None
    return float(row[0])


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_our_jaro_winkler_is_duckdbs_and_rounds_transpositions_down(a: str, b: str) -> None:
    exact = exact_jaro_winkler(a, b)
    assert jaro_winkler(a, b) == pytest.approx(float(exact), abs=1e-12)
    assert duckdb_jaro_winkler(a, b) == pytest.approx(float(exact), abs=1e-12)


def test_the_spark_variant_keeps_half_a_transposition_and_crosses_the_name_level() -> None:
    # The pair that moved across the 0.88 name level at 100k: 10 matched characters, 3 of them out of order.
    a, b = "brik taudararor", "brik takosar"
    assert exact_jaro_winkler(a, b) == Fraction(22, 25)  # 0.88, DuckDB and ours: t = 3 // 2 = 1
    assert exact_jaro_winkler(a, b, half_transpositions=True) == Fraction(87, 100)  # Spark's: t = 1.5
    assert jaro_winkler(a, b) == pytest.approx(0.88)


def test_a_similarity_ulps_below_the_threshold_reaches_it_and_a_truly_lower_one_does_not() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE p (name_key_l VARCHAR, name_key_r VARCHAR)")
    con.executemany("INSERT INTO p VALUES (?, ?)", PAIRS)
    condition = jaro_winkler_at_least("name_key", 0.92, "duckdb")
    reached = {tuple(r) for r in con.execute(f"SELECT name_key_l, name_key_r FROM p WHERE {condition}").fetchall()}
    assert duckdb_jaro_winkler("saitonko sement", "saiolor sement") < 0.92  # the float falls one ulp short
    assert reached == {(a, b) for a, b in PAIRS if exact_jaro_winkler(a, b) >= Fraction(23, 25)}
    assert ("saitonko sement", "saiolor sement") in reached
    assert SIMILARITY_TOLERANCE < 1e-10  # far below the smallest gap between distinct values of short strings


def test_the_spark_sql_calls_our_function_not_sparks_own() -> None:
    assert jaro_winkler_at_least("rare1", 0.92, "spark").startswith("cagateway_jaro_winkler(rare1_l, rare1_r) >= ")
    assert jaro_winkler_at_least("rare1", 0.92, "duckdb").startswith("jaro_winkler_similarity(rare1_l, rare1_r) >= ")
    assert jaro_winkler(None, "x") is None
