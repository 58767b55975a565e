"""HS classification services: train the model, suggest codes for texts, record confirmed codes."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cagateway.classify.corpus import (
    feedback_examples,
    hs_examples,
    labelled_examples,
    read_hs_tree,
    term_examples,
)
from cagateway.classify.devsets import LabelledItem
from cagateway.classify.model import Example, HsModel
from cagateway.classify.models import HsFeedback
from cagateway.classify.notes import examples_from_notes
from cagateway.classify.store import load_model, save_model
from cagateway.classify.suggest import MAX_TOP, SuggestionResult, suggest
from cagateway.errors import InvalidInput
from cagateway.reference.services import get_hs_code, require_reference_loaded

__all__ = [
    "TrainingSources",
    "build_hs_model",
    "default_terms_dir",
    "record_hs_feedback",
    "suggest_hs",
    "suggest_hs_many",
    "train_hs_model",
]

MAX_TEXT = 500


def default_terms_dir() -> Path:
    """``data/hs_terms`` of the project checkout (the authored term lists)."""
    return Path(__file__).resolve().parents[3] / "data" / "hs_terms"


@dataclass(frozen=True)
class TrainingSources:
    """What to train on besides the HS tree and confirmations: term lists, TN VED notes, labelled sets."""

    terms_dir: Path | None = None
    tnved_dir: Path | None = None
    labelled: tuple[LabelledItem, ...] = field(default=())


def collect_examples(session: Session, sources: TrainingSources) -> tuple[list[Example], Any]:
    """Every labelled text the sources give, and the HS tree they refer to."""
    require_reference_loaded(session)
    tree = read_hs_tree(session)
    examples = hs_examples(tree) + feedback_examples(session) + labelled_examples(sources.labelled, tree)
    if sources.terms_dir is not None:
        examples += term_examples(sources.terms_dir, tree)
    if sources.tnved_dir is not None:
        examples += [e for e in examples_from_notes(sources.tnved_dir) if tree.known(e.code)]
    return examples, tree


def build_hs_model(session: Session, sources: TrainingSources) -> tuple[HsModel, dict[str, Any]]:
    """A model fitted on ``sources``, with a summary of what went in (counts per source, time taken)."""
    started = time.perf_counter()
    examples, tree = collect_examples(session, sources)
    model = HsModel.fit(examples, dict(tree.subheadings), tree.names)
    about = {
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "examples": dict(Counter(e.source.split(":")[0] for e in model.examples)),
        "features": len(model.vectoriser.vocabulary),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return model, about


def train_hs_model(session: Session, sources: TrainingSources, path: Path) -> dict[str, Any]:
    """Build the model and save it at ``path`` (a folder); returns what it was trained on."""
    model, about = build_hs_model(session, sources)
    save_model(model, path, {**about, "path": str(path)})
    return {**about, "path": str(path)}


def _check(text: str, top: int) -> None:
    if len(text) > MAX_TEXT:
        raise InvalidInput.single("text", f"give at most {MAX_TEXT} characters: one product per text", len(text))
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput.single("top", f"top must be between 1 and {MAX_TOP}", top)


def suggest_hs(model_path: Path, text: str, top: int = 5) -> SuggestionResult:
    """Suggested HS subheadings for a product text in Russian, Kazakh, Uzbek or English."""
    _check(text, top)
    model, _about = load_model(model_path)
    return suggest(model, text, top)


def suggest_hs_many(model_path: Path, texts: Iterable[str], top: int = 5) -> Iterable[SuggestionResult]:
    """:func:`suggest_hs` for each text, loading the model once."""
    model, _about = load_model(model_path)
    for text in texts:
        _check(text, top)
        yield suggest(model, text, top)


def record_hs_feedback(session: Session, text: str, hs_code: str, actor: str, lang: str | None = None) -> HsFeedback:
    """Remember that ``text`` is ``hs_code`` (a heading or subheading); the next training learns from it."""
    if not text.strip():
        raise InvalidInput.single("text", "give the product text the code was confirmed for")
    code = get_hs_code(session, hs_code)
    if code.level == 2:
        raise InvalidInput.single("hs_code", "confirm a heading (4 digits) or subheading (6 digits)", hs_code)
    feedback = HsFeedback(text=text.strip()[:MAX_TEXT], hs_code=code.code, lang=lang, actor=actor)
    session.add(feedback)
    session.flush()
    return feedback
