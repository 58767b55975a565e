"""HS classification benchmark: top-1/3/5 accuracy at HS4 and HS6 on the development sets, latency, calibration.

Usage:  .venv/bin/python bench/hs_classify.py [--shared ../shared/data] [--folds 5] [--no-terms] [--record]

Three systems on the same items in the same run:
- baseline: keyword overlap of the folded words of the text with the English HS 2022 subheading descriptions;
- model, unseen: trained on the HS tree, TN VED names and notes and the authored terms, no development item;
- model, cross-validated: as above plus the development items of the other folds (k folds over both sets);
  no item is ever scored by a model that trained on it.
Codes are compared by the prefix the gold code gives: HS4 for every item, HS6 only where 6+ digits are given.
Latency is per `suggest` call (one text, top 5), on one core: wall time, and the process's CPU time beside it
because the machine is shared (under load wall time includes waiting for a core). ``--no-terms`` trains without
the authored term lists, to show how much of the accuracy they bring. Calibration: the share of items whose best
suggestion is confident, and the HS4 top-1 accuracy of those, and of the rest; junk texts should not be confident.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from cagateway.classify.corpus import HsTree, labelled_examples
from cagateway.classify.devsets import LabelledItem, read_labelled
from cagateway.classify.model import Example, HsModel
from cagateway.classify.normalise import words
from cagateway.classify.services import TrainingSources, collect_examples, default_terms_dir
from cagateway.classify.suggest import CONFIDENT, suggest
from cagateway.db import Database, upgrade
from cagateway.reference.builtin import sync_builtin_reference
from cagateway.reference.hs_names import load_hs_russian_names

SETS = ("eec_decisions_ru_dev.csv", "hsclassify_cases_dev.csv")
JUNK = ("asdf", "", "🙂🙂🙂", "+7 701 123 45 67", "qwerty uiop", "lorem ipsum dolor", "ааааа", "12345", "xyz")
Ranker = Callable[[str], list[str]]  # text → HS6 codes, best first, distinct headings


def _base(shared: Path, terms: bool = True) -> tuple[list[Example], HsTree]:
    db = Database.from_url(f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    upgrade(db.engine)
    with db.writer() as session:
        sync_builtin_reference(session)
        load_hs_russian_names(session, shared / "hs")
    with db.session() as session:
        sources = TrainingSources(default_terms_dir() if terms else None, shared / "hs")
        examples, tree = collect_examples(session, sources)
    db.dispose()
    return examples, tree


def _baseline(tree: HsTree) -> Ranker:
    index = {code: set(words(en)) for code, (en, _ru) in tree.names.items() if len(code) == 6}

    def rank(text: str) -> list[str]:
        query = set(words(text))
        scored = sorted(index, key=lambda c: (-len(query & index[c]), len(index[c])))
        return _distinct_headings(scored, 5)

    return rank


def _distinct_headings(codes: Sequence[str], n: int) -> list[str]:
    seen: dict[str, str] = {}
    for code in codes:
        seen.setdefault(code[:4], code)
        if len(seen) == n:
            break
    return list(seen.values())


def _scores(items: Sequence[LabelledItem], predictions: dict[str, list[str]]) -> dict[str, float]:
    out: dict[str, float] = {"n": len(items)}
    for level in (4, 6):
        scored = [i for i in items if i.digits >= level]
        out[f"n{level}"] = len(scored)
        for k in (1, 3, 5):
            hits = sum(i.code[:level] in [c[:level] for c in predictions[i.id][:k]] for i in scored)
            out[f"hs{level}@{k}"] = hits / len(scored) if scored else float("nan")
    return out


def _groups(items: Sequence[LabelledItem]) -> dict[str, list[LabelledItem]]:
    groups: dict[str, list[LabelledItem]] = defaultdict(list)
    for item in items:
        groups[item.set_name].append(item)
        groups[f"{item.set_name} [{item.lang}]"].append(item)
    return groups


def _cross_validated(base: list[Example], tree: HsTree, items: list[LabelledItem], folds: int, seed: int) -> dict:
    order = items[:]
    random.Random(seed).shuffle(order)
    predictions: dict[str, list[str]] = {}
    confidences: dict[str, float] = {}
    latencies: list[float] = []
    cpu: list[float] = []
    for fold in range(folds):
        test = order[fold::folds]
        train = [i for i in order if i not in test]
        model = HsModel.fit(base + labelled_examples(train, tree), dict(tree.subheadings), tree.names)
        for item in test:
            started, started_cpu = time.perf_counter(), time.process_time()
            result = suggest(model, item.text, 5)
            latencies.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            predictions[item.id] = [s.code for s in result.suggestions]
            confidences[item.id] = result.suggestions[0].confidence if result.suggestions else 0.0
    return {"predictions": predictions, "confidences": confidences, "latencies": latencies, "cpu": cpu}


def _calibration(items: Sequence[LabelledItem], run: dict) -> str:
    confident = [i for i in items if run["confidences"][i.id] >= CONFIDENT]
    rest = [i for i in items if i not in confident]

    def top1(group: list[LabelledItem]) -> str:
        if not group:
            return "n/a"
        hits = sum(bool(run["predictions"][i.id]) and run["predictions"][i.id][0][:4] == i.code[:4] for i in group)
        return f"{hits / len(group):.2f}"

    return (
        f"confidence ≥ {CONFIDENT}: {len(confident)}/{len(items)} items, HS4 top-1 {top1(confident)}; "
        f"below: {len(rest)} items, HS4 top-1 {top1(rest)}"
    )


def _table(title: str, groups: dict[str, list[LabelledItem]], predictions: dict[str, list[str]]) -> list[str]:
    lines = [
        f"**{title}**",
        "",
        "| set | n | HS4@1 | HS4@3 | HS4@5 | n(HS6) | HS6@1 | HS6@3 | HS6@5 |",
        "|---" * 9 + "|",
    ]
    for name, group in sorted(groups.items()):
        s = _scores(group, predictions)
        lines.append(
            f"| {name} | {s['n']:.0f} | {s['hs4@1']:.2f} | {s['hs4@3']:.2f} | {s['hs4@5']:.2f} "
            f"| {s['n6']:.0f} | {s['hs6@1']:.2f} | {s['hs6@3']:.2f} | {s['hs6@5']:.2f} |"
        )
    return [*lines, ""]


def _p95(values: Sequence[float]) -> float:
    """The 95th percentile of sorted ``values``, in milliseconds."""
    return values[int(0.95 * (len(values) - 1))] * 1000


def _model_ranker(model: HsModel) -> Ranker:
    return lambda text: [s.code for s in suggest(model, text, 5).suggestions]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_shared = os.environ.get(
        "CAGATEWAY_SHARED_DATA", str(Path(__file__).resolve().parents[2] / "shared" / "data")
    )
    parser.add_argument("--shared", type=Path, default=Path(default_shared))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-terms", action="store_true", help="Train without the authored term lists.")
    parser.add_argument("--record", action="store_true", help="Append the figures to bench/RESULTS.md.")
    args = parser.parse_args()

    started = time.perf_counter()
    base, tree = _base(args.shared, terms=not args.no_terms)
    items = [item for name in SETS for item in read_labelled(args.shared / "hs_labelled" / name)]
    groups = _groups(items)
    baseline = _baseline(tree)
    unseen = HsModel.fit(base, dict(tree.subheadings), tree.names)
    unseen_rank = _model_ranker(unseen)
    cv = _cross_validated(base, tree, items, args.folds, args.seed)
    lat, cpu = sorted(cv["latencies"]), sorted(cv["cpu"])
    junk_confident = sum(suggest(unseen, text, 5).confident for text in JUNK)

    lines = [
        f"### HS classification — {dt.datetime.now(dt.UTC).date().isoformat()}, {platform.node()} "
        f"({os.cpu_count()} vCPU, {platform.processor() or platform.machine()}, Python {platform.python_version()})",
        "",
        f"Training texts (without development items): {len(base)}"
        f"{' (no authored terms)' if args.no_terms else ''}; load average {os.getloadavg()[0]:.1f}; "
        f"{args.folds}-fold cross-validation, seed {args.seed}.",
        "",
        *_table(
            "Baseline: keyword overlap with English HS descriptions", groups, {i.id: baseline(i.text) for i in items}
        ),
        *_table(
            "Model, development items unseen (no dev item in training)",
            groups,
            {i.id: unseen_rank(i.text) for i in items},
        ),
        *_table(
            f"Model, {args.folds}-fold cross-validated (other folds' dev items in training)", groups, cv["predictions"]
        ),
        f"- latency per text (suggest, top 5): p50 {statistics.median(lat) * 1000:.1f} ms, "
        f"p95 {_p95(lat):.1f} ms over {len(lat)} texts (CPU time: p50 {statistics.median(cpu) * 1000:.1f} ms, "
        f"p95 {_p95(cpu):.1f} ms)",
        f"- calibration (cross-validated): {_calibration(items, cv)}",
        f"- junk texts ({len(JUNK)}: asdf, empty, emoji, phone number, ...): "
        f"{junk_confident} got a confident suggestion",
        f"- benchmark wall time {time.perf_counter() - started:.0f} s",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if args.record:
        results = Path(__file__).with_name("RESULTS.md")
        with results.open("a", encoding="utf-8") as handle:
            heading = "" if handle.tell() else "# Benchmark results\n"
            handle.write(f"{heading}\n## HS classification (bench/hs_classify.py)\n\n{report}")


if __name__ == "__main__":
    main()
