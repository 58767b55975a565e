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


def _listening_sockets(port: int) -> int:
    """TCP sockets listening on ``port`` (Linux's /proc/net tables: state 0A is LISTEN)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            count += int(local.rsplit(":", 1)[1], 16) == port and state == "0A"
    return count


@pytest.mark.skipif(sys.platform != "linux", reason="a listening socket per worker (SO_REUSEPORT) is Linux's")
def test_each_worker_listens_on_its_own_socket_and_a_taken_port_is_refused(fresh_db: Database, tmp_path: Path) -> None:
    port = _free_port()
    url = fresh_db.engine.url.render_as_string(hide_password=False)
    command = [str(Path(sys.executable).with_name("cagateway")), "--db", url, "serve", "--port", str(port)]
    with (tmp_path / "serve.log").open("w") as log:
        server = subprocess.Popen([*command, "--workers", "2", "--no-access-log"], stdout=log, stderr=log)
        try:
            _get(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 60)
            deadline = time.monotonic() + 30  # the second worker may still be starting
            while _listening_sockets(port) < 2 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _listening_sockets(port) == 2  # one per worker: the kernel spreads connections over them
            # A second server on the same port must not join those sockets and take half the traffic.
            second = subprocess.run(
                [*command, "--workers", "2"], check=False, capture_output=True, text=True, timeout=60
            )
            assert second.returncode != 0
            assert f"cannot listen on 127.0.0.1:{port}" in second.stderr
            assert "Choose another --port" in second.stderr
            assert _listening_sockets(port) == 2
        finally:
            server.terminate()
            server.wait(timeout=30)
