"""Two real processes update the same producer at once: one wins, the other gets a conflict, nothing is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cagateway.db import Database
from cagateway.registry import services
from tests.factories import ProducerFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_updates_never_lose_one_silently(fresh_db: Database, tmp_path: Path, round_: int) -> None:
    with fresh_db.writer() as session:
        public_id = services.create_producer(session, ProducerFactory(), actor="setup").public_id
    url = fresh_db.engine.url.render_as_string(hide_password=False)
    barrier = tmp_path / f"barrier-{round_}"
    barrier.mkdir()
    websites = ["https://first.example", "https://second.example"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.pipelines.update_worker", url, public_id, site, str(barrier), "2"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for site in websites
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(out.strip())

    assert sorted(results) == ["conflict", "ok"]
    winner = websites[results.index("ok")]
    with fresh_db.session() as session:
        detail = services.describe_producer(session, public_id)
        history = services.list_changes(session, public_id)
    assert detail["website"] == winner
    assert detail["version"] == 2
    assert [(c.action, c.actor) for c in history] == [("create", "setup"), ("update", winner)]
