"""Entity-resolution benchmark on labelled synthetic registers: our Splink resolver beside an exact-match baseline.

Usage:  .venv/bin/python bench/resolution.py [--size 100000] [--seed 1] [--train-size 100000] [--profile]

Generates ``--size`` register rows of the same underlying producers (``cagateway.ingest.resolution.synthetic``:
other scripts, legal-form placement, translated product words, typos, missing or mistyped identifiers, moved
plants, similar-named distractors), then in the same run:

- baseline: records sharing an identifier, or sharing country and exact normalised name key, are one producer;
- ours: features, unsupervised training (λ, u by random sampling, m by EM), scoring of every blocked pair in
  DuckDB, clusters of the pairs at or above the merge threshold (the automatic merges).

Prints pairwise precision, recall and F1 of each against the ground truth, and the time of each stage. The
resolver is measured without the registry database (reading records from and writing merges to it are
separate costs; ``tests/unit/resolution`` covers them). ``--engine spark`` (needs ``pip install '.[spark]'``)
also scores the same records with the same saved model on a local PySpark and compares pairs and clusters.
"""

from __future__ import annotations

import argparse
import cProfile
import platform
import pstats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from cagateway.ingest.resolution.clusters import PairScores, clusters_of, exact_match_clusters, pairwise_scores
from cagateway.ingest.resolution.features import RawRecord, ResolutionRecord, features_many
from cagateway.ingest.resolution.model import ScoredPair, score_pairs, train_model
from cagateway.ingest.resolution.spark import score_pairs_spark
from cagateway.ingest.resolution.synthetic import generate_registers

T = TypeVar("T")


def timed(label: str, times: dict[str, float], work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    times[label] = time.perf_counter() - start
    print(f"  {label:<22} {times[label]:8.1f} s", flush=True)
    return result


def line(label: str, scores: PairScores, seconds: float) -> str:
    return (
        f"| {label} | {scores.precision:.4f} | {scores.recall:.4f} | {scores.f1:.4f} | "
        f"{scores.predicted_pairs} | {seconds:.1f} s |"
    )


def run(args: argparse.Namespace) -> None:
    times: dict[str, float] = {}
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; size {args.size}, seed {args.seed}")
    raws: list[RawRecord] = timed("generate registers", times, lambda: list(generate_registers(args.size, args.seed)))
    truth = {r.record_id: r.truth or "" for r in raws}
    print(f"  {len(set(truth.values()))} underlying producers")
    records = timed("features (name keys)", times, lambda: features_many(raws))
    base = timed("baseline", times, lambda: exact_match_clusters(records))
    model = Path(args.model or Path(tempfile.mkdtemp()) / "resolution_model.json")
    if not args.model or not model.exists():
        timed("train (no labels)", times, lambda: train_model(records, model, seed=args.seed))
    scored, pairs = timed("score blocked pairs", times, lambda: score_pairs(records, model, args.review_threshold))
    ours = timed("cluster", times, lambda: clusters_of(pairs, args.merge_threshold))
    resolver_seconds = sum(times[k] for k in times if k not in {"generate registers", "baseline"})
    review = sum(1 for p in pairs if p.probability < args.merge_threshold)
    print(f"\n{scored} blocked pairs scored; {review} pairs between the thresholds (review queue)")
    print("\n| resolver | precision | recall | F1 | pairs merged | time |\n|---|---|---|---|---|---|")
    base_scores, our_scores = pairwise_scores(base, truth), pairwise_scores(ours, truth)
    print(line("baseline: exact identifier + exact normalised name", base_scores, times["baseline"]))
    print(line(f"Splink/DuckDB, auto merges at p ≥ {args.merge_threshold}", our_scores, resolver_seconds))
    for threshold in (0.5, 0.8, 0.9, 0.99):
        s = pairwise_scores(clusters_of(pairs, threshold), truth)
        print(f"  (at p ≥ {threshold}: precision {s.precision:.4f}, recall {s.recall:.4f}, F1 {s.f1:.4f})")
    print(f"\nF1 ratio ours/baseline: {our_scores.f1 / base_scores.f1:.2f}")
    if args.engine == "spark":
        compare_spark(args, records, model, (ours, pairs), truth=truth, times=times)


def compare_spark(
    args: argparse.Namespace,
    records: list[ResolutionRecord],
    model: Path,
    duck: tuple[list[list[int]], list[ScoredPair]],
    *,
    truth: dict[int, str],
    times: dict[str, float],
) -> None:
    """Score the same records with the same saved model on local Spark; compare pairs and clusters with DuckDB's."""
    print("\nSpark (local[2]), the model trained above:")
    scored, pairs = timed("spark: score pairs", times, lambda: score_pairs_spark(records, model, args.review_threshold))
    duck_clusters, duck_pairs = duck
    spark_clusters = clusters_of(pairs, args.merge_threshold)
    same = {tuple(c) for c in spark_clusters} & {tuple(c) for c in duck_clusters}
    duck_p = {(p.left, p.right): p.probability for p in duck_pairs}
    spark_p = {(p.left, p.right): p.probability for p in pairs}
    both = duck_p.keys() & spark_p.keys()
    s = pairwise_scores(spark_clusters, truth)
    print(f"  {scored} blocked pairs scored; {len(spark_clusters)} clusters (DuckDB: {len(duck_clusters)})")
    print(
        f"  pairs at p ≥ {args.review_threshold}: DuckDB {len(duck_p)}, Spark {len(spark_p)}, in both {len(both)}, "
        f"same probability (bit for bit) {sum(1 for k in both if duck_p[k] == spark_p[k])}"
    )
    print(f"  identical clusters: {len(same)} of {len(duck_clusters)} (DuckDB) / {len(spark_clusters)} (Spark)")
    print(f"  Spark precision {s.precision:.4f}, recall {s.recall:.4f}, F1 {s.f1:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--merge-threshold", type=float, default=0.95)
    parser.add_argument("--review-threshold", type=float, default=0.5)
    parser.add_argument("--model", help="a saved model to score with (trained in the run if missing)")
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--profile", action="store_true", help="print where the time goes (cProfile, top 25)")
    args = parser.parse_args()
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run, args)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    else:
        run(args)


if __name__ == "__main__":
    main()
