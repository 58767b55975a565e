"""Searches (API and search page) run on the server process's own search threads: one on SQLite, where more
threads only take turns at the GIL, and the pool size on PostgreSQL, where a thread mostly waits for the server."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from cagateway.config import Settings
from cagateway.db import Database
from cagateway.web import create_app
from cagateway.web.api import search as search_api
from cagateway.web.searching import search_threads
from tests.unit.search.conftest import make_producer


@pytest.fixture(scope="module")
def settings(app_db: Database) -> Settings:
    with app_db.writer() as session:
        make_producer(session, "«Оңтүстік Цемент» ЖШС")
    return Settings(database_url=app_db.engine.url.render_as_string(hide_password=False), db_pool_size=7)


def test_thread_count_follows_the_backend_unless_set(app_db: Database, settings: Settings) -> None:
    assert search_threads(settings, app_db) == (1 if app_db.is_sqlite else 7)
    assert search_threads(settings.model_copy(update={"search_threads": 3}), app_db) == 3
    with pytest.raises(ValueError, match="search_threads"):
        Settings(search_threads=0)


class _Recorder:
    """Wraps the API's search body: which threads ran it, and how many ran at once."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.lock = inner, threading.Lock()
        self.threads: set[str] = set()
        self.running = self.most = 0

    def __call__(self, *args: Any) -> bytes:
        with self.lock:
            self.threads.add(threading.current_thread().name)
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            return bytes(self.inner(*args))
        finally:
            with self.lock:
                self.running -= 1


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Recorder]:
    recorder = _Recorder(search_api._search_body)
    monkeypatch.setattr(search_api, "_search_body", recorder)
    yield recorder


async def _asgi_get(app: Any, path: str, params: dict[str, str]) -> tuple[int, bytes]:
    """One GET through the app's ASGI interface (as uvicorn calls it), awaited in the caller's event loop."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": urlencode(params).encode(), "root_path": "",
        "headers": [(b"host", b"test")], "client": ("127.0.0.1", 50000), "server": ("test", 80),
    }  # fmt: skip
    status, body = 0, bytearray()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    await app(scope, receive, send)
    return status, bytes(body)


def test_concurrent_searches_run_on_the_search_threads(
    app_db: Database, settings: Settings, recorder: _Recorder
) -> None:
    app = create_app(settings, database=app_db)
    queries = ["Ontustik cement", "цемент", "sement", "2523", "ontustik"] * 4

    async def many() -> list[tuple[int, bytes]]:  # twenty requests in flight at once in one event loop
        return await asyncio.gather(*(_asgi_get(app, "/api/v1/search", {"q": q}) for q in queries))

    # In a thread of its own: the browser tests' Playwright keeps an event loop running in the main thread.
    with ThreadPoolExecutor(1) as runner:
        responses = runner.submit(asyncio.run, many()).result()
    assert [status for status, _ in responses] == [200] * len(queries)
    assert all(json.loads(body)["total"] >= 1 for _, body in responses)
    assert recorder.threads and all(name.startswith("cagateway-search") for name in recorder.threads)
    assert len(recorder.threads) <= search_threads(settings, app_db)
    if app_db.is_sqlite:
        assert recorder.most == 1  # one search at a time in the process


def test_search_page_runs_on_the_search_threads_and_restarts_with_the_app(app_db: Database, settings: Settings) -> None:
    app = create_app(settings, database=app_db)
    for _ in range(2):  # the lifespan's end shuts the threads down; the next run starts fresh ones
        with TestClient(app) as client:
            page = client.get("/search", params={"q": "Ontustik cement"})
            assert page.status_code == 200
            assert "Оңтүстік" in page.text
            bad = client.get("/search", params={"q": "cement", "country": "Narnia"})
            assert bad.status_code == 422
            assert "country" in bad.text
            api = client.get("/api/v1/search", params={"q": "ontustik"})
            assert api.json()["total"] == 1
        with pytest.raises(RuntimeError, match="shutdown"):
            app.state.search_executor.submit(int)
