"""Log-in rate limits and log hygiene over real HTTP: `cagateway serve` with two worker processes on a loopback
port, 1,000 log-in attempts from a thread pool of httpx clients (both engines). The limits are counted in the
database, so they hold whichever worker takes a request."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import func, select

from cagateway.accounts.models import AuditEvent
from cagateway.db import Database
from tests.accounts_support import clear_of_window_edge, make_user

pytestmark = pytest.mark.slow

ATTEMPTS = 1000
LIMIT_IP = 60
LIMIT_ACCOUNT = 10
ACCOUNTS = 25
WINDOW = 24 * 3600  # one fixed window of a day: the whole flood lands in it (see clear_of_window_edge)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx2.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("cagateway serve did not start")
        time.sleep(0.2)


def _csrf(client: httpx2.Client, base: str) -> str:
    page = client.get(f"{base}/login")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match
    return match.group(1)


def test_login_rate_limits_hold_under_a_thousand_attempts(fresh_db: Database, tmp_path: Path) -> None:
    victim = make_user(fresh_db, "buyer")
    emails = [victim.email, *(f"guess{i}@example.org" for i in range(ACCOUNTS - 1))]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    url = fresh_db.engine.url.render_as_string(hide_password=False)
    cli = str(Path(sys.executable).with_name("cagateway"))
    env = os.environ | {
        "CAGATEWAY_LOGIN_LIMIT_IP": str(LIMIT_IP),
        "CAGATEWAY_LOGIN_LIMIT_ACCOUNT": str(LIMIT_ACCOUNT),
        "CAGATEWAY_LOGIN_WINDOW_MINUTES": str(WINDOW // 60),
        "CAGATEWAY_LOG_LEVEL": "DEBUG",
    }
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [cli, "--db", url, "serve", "--port", str(port), "--workers", "2", "--access-log"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            _wait_ready(base, server)
            clear_of_window_edge(WINDOW, margin=600)
            statuses = _flood(base, emails)
            # The right password is refused too now: the address is over its limit.
            with httpx2.Client() as client:
                token = _csrf(client, base)
                form = {"email": victim.email, "password": victim.password, "csrf_token": token}
                right = client.post(f"{base}/login", data=form)
                # A reset link's token in a URL must not reach the access log either.
                client.get(f"{base}/reset-password", params={"token": "SECRET-RESET-TOKEN-123"})
        finally:
            server.terminate()
            server.wait(timeout=30)

    assert len(statuses) == ATTEMPTS
    counts = Counter(status for status, _ in statuses)
    assert set(counts) <= {401, 429}, counts
    assert counts[401] >= LIMIT_ACCOUNT  # the limits let some through...
    assert counts[401] <= LIMIT_IP  # ...but never more than the per-IP limit, across both workers
    per_account = Counter(email for status, email in statuses if status == 401)
    assert max(per_account.values()) <= LIMIT_ACCOUNT
    assert right.status_code == 429
    assert int(right.headers["Retry-After"]) > 0
    with fresh_db.session() as session:
        failures = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.event == "login.failure")
        )
        throttled = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.event == "login.throttled")
        )
    assert failures == counts[401]
    assert throttled >= 1

    logged = log_path.read_text(encoding="utf-8")
    assert "POST /login" in logged  # the access log was on
    assert victim.password not in logged
    assert "wrong-password" not in logged
    assert "SECRET-RESET-TOKEN-123" not in logged


def _flood(base: str, emails: list[str]) -> list[tuple[int, str]]:
    """ATTEMPTS wrong-password log-ins, spread over ``emails``, from 16 threads each with its own client."""
    with httpx2.Client() as first:
        token = _csrf(first, base)
        cookies = dict(first.cookies)
    clients = [httpx2.Client(cookies=cookies, timeout=60) for _ in range(16)]

    def attempt(i: int) -> tuple[int, str]:
        email = emails[i % len(emails)]
        form = {"email": email, "password": f"wrong-password-{i}", "csrf_token": token}
        response = clients[i % len(clients)].post(f"{base}/login", data=form)
        return response.status_code, email

    try:
        with ThreadPoolExecutor(max_workers=len(clients)) as pool:
            return list(pool.map(attempt, range(ATTEMPTS)))
    finally:
        for client in clients:
            client.close()
