"""Saving and loading a trained model as plain arrays and JSON (nothing executable, unlike a pickle).

The artefact is a folder: ``model.npz`` (IDF weights and the example matrix) and ``model.json`` (vocabulary,
examples, HS names and subheadings, and what it was trained on). It is rebuilt by ``cagateway hs train`` and
never committed.
"""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from cagateway.classify.errors import ModelNotTrained
from cagateway.classify.model import Example, HsModel
from cagateway.classify.vectorise import NgramTfidf

__all__ = ["FORMAT", "load_model", "save_model"]

FORMAT = 2  # 2: stem features and hyphenated single letters joined (2026-11-29)


def _arrays(model: HsModel) -> dict[str, np.ndarray]:
    matrix = model.matrix
    return {
        "idf": model.vectoriser.idf,
        "data": matrix.data,
        "indices": matrix.indices,
        "indptr": matrix.indptr,
        "shape": np.array(matrix.shape),
    }


def _document(model: HsModel, about: dict[str, Any]) -> dict[str, Any]:
    vocabulary = sorted(model.vectoriser.vocabulary, key=model.vectoriser.vocabulary.__getitem__)
    return {
        "format": FORMAT,
        "about": about,
        "vocabulary": vocabulary,
        "examples": [[e.text, e.code, e.source, e.weight] for e in model.examples],
        "names": model.names,
        "subheadings": model.subheadings,
    }


def save_model(model: HsModel, path: Path, about: dict[str, Any]) -> None:
    """Write ``model`` to the folder ``path``, replacing what was there only once the new one is complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".hs-model-", dir=path.parent))
    np.savez_compressed(staging / "model.npz", **_arrays(model))  # type: ignore[arg-type]
    (staging / "model.json").write_text(json.dumps(_document(model, about), ensure_ascii=False), encoding="utf-8")
    if path.exists():
        shutil.rmtree(path)
    staging.rename(path)
    _load_cached.cache_clear()


def _missing(path: Path) -> ModelNotTrained:
    return ModelNotTrained(f"No trained HS model at {path}. Run `cagateway hs train` first.")


def load_model(path: Path) -> tuple[HsModel, dict[str, Any]]:
    """The model saved at ``path`` and what it was trained on; loaded once per change of the files."""
    files = (path / "model.npz", path / "model.json")
    if not all(f.is_file() for f in files):
        raise _missing(path)
    return _load_cached(path, max(f.stat().st_mtime_ns for f in files))


@functools.lru_cache(maxsize=2)
def _load_cached(path: Path, _mtime: int) -> tuple[HsModel, dict[str, Any]]:
    document = json.loads((path / "model.json").read_text(encoding="utf-8"))
    if document.get("format") != FORMAT:
        raise ModelNotTrained(f"The HS model at {path} is of an older format. Run `cagateway hs train` again.")
    with np.load(path / "model.npz") as arrays:
        matrix = sp.csr_matrix(
            (arrays["data"], arrays["indices"], arrays["indptr"]), shape=tuple(int(n) for n in arrays["shape"])
        )
        vectoriser = NgramTfidf({f: i for i, f in enumerate(document["vocabulary"])}, arrays["idf"])
    examples = [Example(text, code, source, weight) for text, code, source, weight in document["examples"]]
    names = {code: (en, ru) for code, (en, ru) in document["names"].items()}
    return HsModel(vectoriser, matrix, examples, document["subheadings"], names), document["about"]
