"""The labelled synthetic registers: reproducible, noisy in the ways the issue lists, and our resolver beats the
exact-match baseline on them (quality, not time: the benchmark in bench/resolution.py measures time)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from cagateway.ingest.resolution.clusters import clusters_of, exact_match_clusters, pairwise_scores
from cagateway.ingest.resolution.features import features_of
from cagateway.ingest.resolution.model import score_pairs
from cagateway.ingest.resolution.synthetic import generate_registers
from cagateway.text import detect_script


def test_registers_are_reproducible_and_list_producers_several_times() -> None:
    first = list(generate_registers(2000, seed=3))
    assert first == list(generate_registers(2000, seed=3))
    assert len(first) == 2000 and [r.record_id for r in first] == list(range(1, 2001))
    per_producer = Counter(r.truth for r in first)
    assert max(per_producer.values()) >= 3 and min(per_producer.values()) == 1
    scripts = Counter(detect_script(r.names[0]) for r in first)
    assert scripts["Cyrl"] > 300 and scripts["Latn"] > 300
    assert sum(1 for r in first if not r.identifiers) > 200  # missing identifiers
    assert any("Trading" in r.names[0] or "Трейдинг" in r.names[0] for r in first)  # distractors


def test_resolver_beats_the_exact_match_baseline(trained_model: Path) -> None:
    raws = list(generate_registers(4000, seed=21))  # another seed than the model was trained on
    truth = {r.record_id: r.truth or "" for r in raws}
    records = [features_of(r) for r in raws]
    _scored, pairs = score_pairs(records, trained_model, 0.5)
    ours = pairwise_scores(clusters_of(pairs, 0.95), truth)
    baseline = pairwise_scores(exact_match_clusters(records), truth)
    assert ours.precision >= 0.98
    assert ours.f1 > baseline.f1 + 0.05
