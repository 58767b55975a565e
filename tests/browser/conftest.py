"""Browser tests: the portal served by uvicorn on a free loopback port, driven by Debian's Chromium through
Playwright (``executable_path``; Playwright's own browser downloads are never used).

Chromium is installed with apt when missing and this user is root with apt-get (``make chromium`` does the same);
where that is impossible the tests are skipped with the reason, except under CI (``CI=true``), where they fail.
Screenshots are saved to ``tmp/artefacts/browser`` (or ``$CAGATEWAY_TEST_ARTEFACTS``) as test artefacts.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from cagateway.config import Settings
from cagateway.db import Database
from cagateway.demo.loader import load_demo
from cagateway.search import rebuild_index
from cagateway.web import create_app
from tests.conftest import DatabaseFactory
from tests.unit.search.conftest import make_producer

CHROMIUM = Path(os.environ.get("CAGATEWAY_CHROMIUM", "/usr/bin/chromium"))
ARTEFACTS = Path(os.environ.get("CAGATEWAY_TEST_ARTEFACTS", Path(__file__).resolve().parents[2] / "tmp" / "artefacts"))
DEMO_PRODUCERS = 300


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser tests)")
    pytest.skip(reason)


def _ensure_chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    apt = shutil.which("apt-get")
    if os.geteuid() == 0 and apt:
        env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "update", "-qq"], check=False, env=env, capture_output=True, timeout=600)
        subprocess.run(
            [apt, "install", "-y", "-qq", "chromium"], check=False, env=env, capture_output=True, timeout=900
        )
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not found at {CHROMIUM} and could not be installed (needs root and apt-get)")
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    return _ensure_chromium()


@pytest.fixture(scope="session")
def artefacts() -> Path:
    path = ARTEFACTS / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def portal_db(db_factory: DatabaseFactory) -> Iterator[tuple[Database, dict[str, str]]]:
    """A SQLite file with a few hundred generated producers and one known Latin-registered cement maker."""
    database = db_factory.migrated("sqlite")
    load_demo(database, size=DEMO_PRODUCERS, seed=7)
    rebuild_index(database)
    with database.writer() as session:
        zarafshon = make_producer(
            session, "Zarafshon Marmar MChJ", lang="uz", country="UZ", city="Navoiy", region="UZ-NW", identifiers=[],
            hs="251511", description="Marmar bloklari",
        )  # fmt: skip
        known = {"zarafshon": zarafshon.public_id}
    yield database, known
    database.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(portal_db: tuple[Database, dict[str, str]]) -> Iterator[tuple[str, dict[str, str], object]]:
    """The portal in a uvicorn thread; yields its base URL, the known ids and the app (to change settings)."""
    database, known = portal_db
    url = database.engine.url.render_as_string(hide_password=False)
    app = create_app(Settings(database_url=url, log_level="WARNING"), database=database)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the portal did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", known, app
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 -- only browser tests need it

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium_path), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest, artefacts: Path) -> Iterator[object]:
    """A fresh browser context per test (no cookies carried over); a screenshot is saved at the end."""
    context = browser.new_context(accept_downloads=True, locale="en-GB")  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    tab.screenshot(path=str(artefacts / f"{request.node.name}.png"), full_page=True)
    context.close()
