"""The saved model: a Splink JSON file that moves between engines with its trained parameters."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cagateway.ingest.resolution.model import BLOCKING_RULES, trained_settings


def _levels(settings: dict[str, object]) -> list[tuple[object, object]]:
    return [
        (level.get("m_probability"), level.get("u_probability"))
        for comparison in settings["comparisons"]  # type: ignore[attr-defined]
        for level in comparison["comparison_levels"]
    ]


def test_saved_model_is_splink_json_with_trained_parameters(trained_model: Path) -> None:
    saved = json.loads(trained_model.read_text(encoding="utf-8"))
    assert 0 < saved["probability_two_random_records_match"] < 0.01
    assert [c["output_column_name"] for c in saved["comparisons"]] == [
        "name_key", "identifier", "city_key", "hs_headings", "phone", "domain",
    ]  # fmt: skip
    exact_name = saved["comparisons"][0]["comparison_levels"][1]
    assert exact_name["tf_adjustment_column"] == "name_key"
    assert exact_name["m_probability"] > 10 * exact_name["u_probability"]
    assert [r["blocking_rule"] for r in saved["blocking_rules_to_generate_predictions"]] == list(BLOCKING_RULES)


def test_the_same_model_is_rewritten_for_spark_with_the_same_parameters(trained_model: Path) -> None:
    saved = json.loads(trained_model.read_text(encoding="utf-8"))
    spark = trained_settings(trained_model, "spark")
    assert _levels(spark) == _levels(saved)
    assert spark["probability_two_random_records_match"] == saved["probability_two_random_records_match"]
    duck_sql = json.dumps(saved["comparisons"])
    spark_sql = json.dumps(spark["comparisons"])
    # Our Jaro-Winkler on Spark, not Splink's jar UDF (jaro_winkler) nor Spark's built-in: both are another function.
    assert "jaro_winkler_similarity(" in duck_sql and "cagateway_jaro_winkler(" not in duck_sql
    assert "cagateway_jaro_winkler(" in spark_sql
    assert not re.search(r"\b(jaro_winkler|jaro_winkler_similarity)\(", spark_sql)


def _conditions(settings: dict[str, object]) -> list[object]:
    return [
        level["sql_condition"]
        for comparison in settings["comparisons"]  # type: ignore[attr-defined]
        for level in comparison["comparison_levels"]
    ]


def test_duckdb_scores_with_the_saved_model_rebuilt_by_the_same_code(trained_model: Path) -> None:
    saved = json.loads(trained_model.read_text(encoding="utf-8"))
    duck = trained_settings(trained_model, "duckdb")
    assert _levels(duck) == _levels(saved)
    assert _conditions(duck) == _conditions(saved)
