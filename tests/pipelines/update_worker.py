"""A separate process that edits a producer the way a user does: read, think, write with the version read.

Usage: python -m tests.pipelines.update_worker DATABASE_URL PUBLIC_ID WEBSITE BARRIER_DIR PARTIES
Prints "ok" or "conflict" on stdout.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from cagateway.db import Database
from cagateway.registry import services
from cagateway.registry.errors import ProducerChanged
from cagateway.registry.schemas import ProducerUpdate


def _wait_for_others(barrier: Path, parties: int, me: str) -> None:
    (barrier / me).touch()
    deadline = time.monotonic() + 60
    while len(list(barrier.iterdir())) < parties:
        if time.monotonic() > deadline:
            raise SystemExit("barrier timed out")
        time.sleep(0.005)


def main(url: str, public_id: str, website: str, barrier_dir: str, parties: str) -> None:
    db = Database.from_url(url)
    with db.session() as session:
        version = services.get_producer(session, public_id).version
    _wait_for_others(Path(barrier_dir), int(parties), website.replace("/", "_").replace(":", "_"))
    try:
        with db.writer() as session:
            services.update_producer(
                session, public_id, ProducerUpdate(website=website), expected_version=version, actor=website
            )
        print("ok")
    except ProducerChanged:
        print("conflict")
    finally:
        db.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:])
