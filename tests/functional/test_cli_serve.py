"""`cagateway serve` as users run it: a real process on a loopback port, one worker and several."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cagateway.db import Database


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, deadline: float) -> dict[str, object]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 -- loopback URL built here
                return dict(json.loads(response.read()))
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_over_http(fresh_db: Database, workers: int, tmp_path: Path) -> None:
    port = _free_port()
    url = fresh_db.engine.url.render_as_string(hide_password=False)
    cli = str(Path(sys.executable).with_name("cagateway"))
    command = [cli, "--db", url, "serve", "--port", str(port), "--no-access-log"]
    with (tmp_path / "serve.log").open("w") as log:
        server = subprocess.Popen([*command, "--workers", str(workers)], stdout=log, stderr=subprocess.STDOUT)
        try:
            health = _get(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 60)
            search = _get(f"http://127.0.0.1:{port}/api/v1/search?q=cement", time.monotonic() + 10)
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert health["ok"] is True
    assert health["database"] == fresh_db.engine.dialect.name
    assert search["ok"] is True
    assert search["total"] == 0
