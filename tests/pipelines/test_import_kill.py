"""`kill -9` in the middle of a large import, then a re-run, ends with the same database as one clean run.

Real subprocesses of the `cagateway` command, on SQLite and PostgreSQL. The file mixes valid rows (GENERATED
demo producers) with broken ones, so that staging is checked as well as the registry.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from cagateway.db import Database
from cagateway.registry.models import Batch
from tests.conftest import BACKENDS, DatabaseFactory
from tests.ingest_files import broken_rows, snapshot, valid_rows, write_csv

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).parent / "cagateway"
CHUNK = 100
ROWS = 2500


def _command(db: Database, path: Path, rejects: Path) -> list[str]:
    url = db.engine.url.render_as_string(hide_password=False)
    return [
        str(CLI), "--db", url, "import", str(path), "--source", "kz-test", "--kind", "generated",
        "--chunk-size", str(CHUNK), "--rejects", str(rejects), "--json",
    ]  # fmt: skip


def _rows_done(db: Database) -> tuple[int, str | None]:
    with db.session() as session:
        batch = session.scalars(select(Batch).order_by(Batch.id.desc()).limit(1)).first()
        return (int(batch.counts.get("read", 0)), batch.status) if batch else (0, None)


def _kill_midway(db: Database, command: list[str], log: Path) -> int:
    """Start the import, kill -9 it once some chunks are committed; return the rows committed by then."""
    with log.open("w") as err:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if _rows_done(db)[0] >= 5 * CHUNK:
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.02)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, f"the import ended before it could be killed: {log.read_text()}"
    done, status = _rows_done(db)
    assert status == "running" and 0 < done < ROWS  # really interrupted midway: nothing marked it finished
    return done


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_kill_9_then_rerun_equals_one_clean_run(db_factory: DatabaseFactory, tmp_path: Path, backend: str) -> None:
    broken, _, expected = broken_rows(40)
    path = write_csv(
        [*broken, *[dict(r, retrieved_at="") for r in valid_rows(ROWS - len(broken), seed=11, prefix="v")]],
        tmp_path / "big.csv",
    )
    clean_db, killed_db = db_factory.migrated(backend), db_factory.migrated(backend)
    try:
        clean = subprocess.run(
            _command(clean_db, path, tmp_path / "a"), cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert clean.returncode == 0, clean.stderr
        clean_counts = json.loads(clean.stdout)

        done = _kill_midway(killed_db, _command(killed_db, path, tmp_path / "b"), tmp_path / "killed.log")
        rerun = subprocess.run(
            _command(killed_db, path, tmp_path / "b"), cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert rerun.returncode == 0, rerun.stderr
        rerun_counts = json.loads(rerun.stdout)

        assert rerun_counts["resumed"] is True and done % CHUNK == 0
        for key in ("read", "accepted", "rejected", "new", "updated", "unchanged"):
            assert rerun_counts[key] == clean_counts[key], key
        assert clean_counts["rejected"] == len(expected)
        assert snapshot(killed_db) == snapshot(clean_db)
        assert Path(rerun_counts["rejects_csv"]).read_text(encoding="utf-8").count("\n") == Path(
            clean_counts["rejects_csv"]
        ).read_text(encoding="utf-8").count("\n")
    finally:
        clean_db.dispose()
        killed_db.dispose()
