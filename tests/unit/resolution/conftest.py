"""A resolution model trained once per test session on synthetic registers (no labels used)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cagateway.ingest.resolution.features import features_of
from cagateway.ingest.resolution.model import train_model
from cagateway.ingest.resolution.synthetic import generate_registers


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("resolution") / "model.json"
    train_model([features_of(r) for r in generate_registers(3000, seed=11)], path)
    return path
