"""The Splink model: blocking rules, comparisons, unsupervised training, saving and scoring on DuckDB.

Blocking (which pairs are scored at all): the same identifier; the same country and the same rarest (or second
rarest) name token; the same city, HS heading and first two letters of the distinctive name token; the same
phone; the same web or mail domain. Rare tokens are
chosen per record from the token frequencies of the whole input (Splink's business-rates pattern): "sement" or
"agro" would put a country's whole industry in one block, "ontustik" does not. "City + HS chapter", as the issue
words it, gave 5.7M pairs at 100k rows (blocks of ~300 records, quadratic): city + 4-digit heading + the name
token's first two letters keeps the intent (same place, same trade, a typo later in the name) at 1% of the pairs.

Comparisons: name key (exact with term-frequency adjustment, then Jaro-Winkler bands), identifier (exact, one
edit, different), city (same city key, same region, different), HS headings overlap, phone, domain.

Training needs no labels: λ from a deterministic rule (same identifier, recall assumed 0.6), u by random
sampling, m by expectation maximisation over two blockings (identifier, then name key) so each comparison is
estimated from pairs not blocked on it.
"""

# ruff: noqa: PLC0415  -- splink, duckdb and pyarrow load in ~0.5 s: imported when scoring runs, not with the CLI

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cagateway.ingest.resolution.features import COLUMNS, ResolutionRecord
from cagateway.ingest.resolution.similarity import jaro_winkler_at_least

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

__all__ = [
    "FETCH_MARGIN",
    "ScoredPair",
    "model_settings",
    "prepared_records",
    "score_pairs",
    "scored_pairs",
    "train_model",
    "trained_settings",
]

BLOCKING_RULES = (
    "l.identifier = r.identifier",
    "l.country = r.country AND l.rare1 = r.rare1",
    "l.country = r.country AND l.rare2 = r.rare2",
    "l.country = r.country AND l.rare1 = r.rare2",
    "l.country = r.country AND l.rare2 = r.rare1",
    "l.city_key = r.city_key AND l.hs_heading = r.hs_heading AND l.name_prefix = r.name_prefix",
    "l.phone = r.phone",
    "l.domain = r.domain",
)
# The rarest and second-rarest tokens of each name (ties broken by the token, so runs are repeatable). A token
# shared by more than MAX_TOKEN_BLOCK records of a country is no blocking key: a product word ("sement") as the
# second-rarest token of two-word names put 80M pairs into 100k records.
MAX_TOKEN_BLOCK = 40
_RARE_TOKENS_SQL = """
CREATE OR REPLACE TABLE records AS
WITH tokens AS (
    SELECT unique_id, country, unnest(list_distinct(name_tokens)) AS token FROM raw_records
), freq AS (
    SELECT country, token, count(*) AS n FROM tokens GROUP BY ALL
), ranked AS (
    SELECT t.unique_id, t.token,
           row_number() OVER (PARTITION BY t.unique_id ORDER BY f.n, t.token) AS rank
    FROM tokens t JOIN freq f USING (country, token)
    WHERE f.n <= {max_block}
)
SELECT r.*, r1.token AS rare1, r2.token AS rare2,
       CASE WHEN len(r.hs_headings) > 0 THEN r.hs_headings[1] END AS hs_heading,
       left(coalesce(r1.token, r.name_tokens[1]), 2) AS name_prefix,
       coalesce(len(r.name_tokens), 0) AS name_len
FROM raw_records r
LEFT JOIN ranked r1 ON r1.unique_id = r.unique_id AND r1.rank = 1
LEFT JOIN ranked r2 ON r2.unique_id = r.unique_id AND r2.rank = 2
"""


@dataclass(frozen=True)
class ScoredPair:
    """Two records the model scored, lower id first, with the probability that they are one producer."""

    left: int
    right: int
    probability: float


_RARE_SHARED = "rare1_l = rare1_r OR rare1_l = rare2_r OR rare2_l = rare1_r"


def _comparisons(dialect: str) -> list[Any]:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    name = cl.CustomComparison(
        output_column_name="name_key",
        comparison_levels=[
            cll.NullLevel("name_key"),
            cll.ExactMatchLevel("name_key", term_frequency_adjustments=True),
            # The distinctive word agrees while a product word was translated (Мука / Un / Flour) or abbreviated.
            # Same number of words: a translated product word. An extra word ("Trading") is another company
            # as often as not, so it gets its own, weaker level.
            cll.CustomLevel(f"({_RARE_SHARED}) AND name_len_l = name_len_r", "Rare token, same length"),
            cll.CustomLevel(_RARE_SHARED, "Rarest token shared, extra words"),
            # A typo in the distinctive word. Not Jaro-Winkler on the whole key: its sorted tokens often start
            # with the product word ("agro guljelak" / "agro jelakgul"), which inflates the prefix bonus.
            # Our Jaro-Winkler with a tolerance (similarity.py), not Splink's level: Splink's Spark UDF is another
            # function, and the same saved model must give the same clusters on both engines.
            cll.CustomLevel(jaro_winkler_at_least("rare1", 0.92, dialect), "Jaro-Winkler of the rarest token >= 0.92"),
            cll.CustomLevel(jaro_winkler_at_least("name_key", 0.88, dialect), "Jaro-Winkler of the name key >= 0.88"),
            cll.ElseLevel(),
        ],
    )
    identifier = cl.CustomComparison(
        output_column_name="identifier",
        comparison_levels=[
            cll.NullLevel("identifier"),
            cll.ExactMatchLevel("identifier"),
            cll.LevenshteinLevel("identifier", 1),
            cll.ElseLevel(),
        ],
    )
    city = cl.CustomComparison(
        output_column_name="city_key",
        comparison_levels=[
            cll.And(cll.NullLevel("city_key"), cll.NullLevel("region")),
            cll.ExactMatchLevel("city_key"),
            cll.ExactMatchLevel("region"),
            cll.ElseLevel(),
        ],
    )
    hs = cl.CustomComparison(
        output_column_name="hs_headings",
        comparison_levels=[
            cll.NullLevel("hs_headings"),
            cll.ArrayIntersectLevel("hs_headings", 2),
            cll.ArrayIntersectLevel("hs_headings", 1),
            cll.ElseLevel(),
        ],
    )
    return [name, identifier, city, hs, cl.ExactMatch("phone"), cl.ExactMatch("domain")]


def model_settings(dialect: str = "duckdb") -> dict[str, Any]:
    """The untrained Splink settings (dedupe of one table of :class:`ResolutionRecord` rows) in ``dialect``.

    Every SQL condition is written for Splink's dialect machinery or in plain portable SQL, so the same
    settings exist for DuckDB and Spark; :func:`trained_settings` moves a trained model between them.
    """
    from splink import SettingsCreator
    from splink.blocking_rule_library import CustomRule

    creator = SettingsCreator(
        link_type="dedupe_only",
        comparisons=_comparisons(dialect),
        blocking_rules_to_generate_predictions=[CustomRule(rule) for rule in BLOCKING_RULES],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    return creator.create_settings_dict(dialect)


def trained_settings(model: Path, dialect: str) -> dict[str, Any]:
    """The model saved at ``model`` (trained on DuckDB) with its SQL written for ``dialect`` (e.g. "spark").

    Splink saves SQL in the dialect it trained on (Jaro-Winkler is DuckDB's ``jaro_winkler_similarity`` there,
    our ``cagateway_jaro_winkler`` UDF on Spark, see :mod:`.similarity`), so the settings are rebuilt for
    ``dialect`` by the code that built the saved ones and the trained parameters — λ and each level's m and u, in
    the same order — copied over. Scoring on DuckDB goes through here too, so both engines run the same current
    level definitions.
    """
    saved = json.loads(model.read_text(encoding="utf-8"))
    settings = model_settings(dialect)
    settings["probability_two_random_records_match"] = saved["probability_two_random_records_match"]
    for target, source in zip(settings["comparisons"], saved["comparisons"], strict=True):
        for level, trained in zip(target["comparison_levels"], source["comparison_levels"], strict=True):
            for key in ("m_probability", "u_probability"):
                if key in trained:
                    level[key] = trained[key]
    return settings


def _schema() -> pa.Schema:
    import pyarrow as pa

    text, texts = pa.string(), pa.list_(pa.string())
    types = {"unique_id": pa.int64(), "name_tokens": texts, "hs_headings": texts}
    return pa.schema([(name, types.get(name, text)) for name in COLUMNS])


def _table(records: Sequence[ResolutionRecord]) -> pa.Table:
    import pyarrow as pa

    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for record in records:
        for name in COLUMNS:
            value = getattr(record, name)
            columns[name].append(value if value != [] else None)
    return pa.table(columns, schema=_schema())


def prepared_records(records: Sequence[ResolutionRecord]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB holding ``records`` as table ``records``, with the blocking columns added."""
    return _connection(records)


def _connection(records: Sequence[ResolutionRecord]) -> duckdb.DuckDBPyConnection:
    import duckdb

    con = duckdb.connect(":memory:")
    raw = _table(records)
    con.register("raw_arrow", raw)
    con.execute("CREATE TABLE raw_records AS SELECT * FROM raw_arrow")
    con.unregister("raw_arrow")
    con.execute(_RARE_TOKENS_SQL.format(max_block=MAX_TOKEN_BLOCK))
    return con


def _linker(con: duckdb.DuckDBPyConnection, settings: dict[str, Any] | Path) -> Any:
    from splink import DuckDBAPI, Linker

    api = DuckDBAPI(connection=con)
    frame = api.register("records", table_name="records_input")
    return Linker(frame, settings if isinstance(settings, dict) else str(settings), log_level=logging.WARNING)


def train_model(records: Sequence[ResolutionRecord], path: Path, *, seed: int = 1) -> dict[str, Any]:
    """Train the model on ``records`` without labels and save it as Splink JSON at ``path``."""
    from splink import block_on

    linker = _linker(_connection(records), model_settings())
    training = linker.training
    training.estimate_probability_two_random_records_match(["l.identifier = r.identifier"], recall=0.6)
    training.estimate_u_using_random_sampling(max_pairs=3e6, seed=seed)
    training.estimate_parameters_using_expectation_maximisation(block_on("identifier"))
    training.estimate_parameters_using_expectation_maximisation(block_on("name_key"))
    path.parent.mkdir(parents=True, exist_ok=True)
    saved: dict[str, Any] = linker.misc.save_model_to_json(str(path), overwrite=True)
    return saved


# An engine's pairs are fetched from a little below the threshold; their exact probabilities (DuckDB's own, or
# recomputed as DuckDB computes them: weights.py) are then compared with it in Python, the same way for every engine.
FETCH_MARGIN = 1e-6


def scored_pairs(rows: Iterable[tuple[int, int, float]], threshold: float) -> list[ScoredPair]:
    """``(id, id, match_probability)`` rows as pairs, lower id first; those reaching ``threshold``."""
    pairs = (ScoredPair(min(a, b), max(a, b), float(p)) for a, b, p in rows)
    return [pair for pair in pairs if pair.probability >= threshold]


def score_pairs(records: Sequence[ResolutionRecord], model: Path, threshold: float) -> tuple[int, list[ScoredPair]]:
    """How many blocked pairs the saved model at ``model`` scored, and those scoring at least ``threshold``."""
    con = _connection(records)
    linker = _linker(con, trained_settings(model, "duckdb"))
    predictions = linker.inference.predict()
    table = predictions.physical_name
    scored = con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability FROM {table} WHERE match_probability >= ?",  # noqa: S608
        [threshold - FETCH_MARGIN],
    ).fetchall()
    con.close()
    return int(scored[0]) if scored else 0, scored_pairs(rows, threshold)
