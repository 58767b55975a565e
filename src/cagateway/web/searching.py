"""The threads that run searches in a server process.

A search is CPU-bound Python and SQLite work. Starlette runs sync handlers in one shared pool of up to 40
threads. Under load, every request in flight then had its own thread, and the threads took turns at the GIL,
each with its own SQLite connection and page cache. Measured on loopback with `bench/load.py` (one worker, eight
connections, 100k producers, runs interleaved), the server spent 4.1–4.5 ms of CPU a search request in that
pool. With one search thread per process it spent 2.9–3.2 ms, and served 300–335 requests/s instead of 226–252,
at p99 37–54 ms instead of 98–137. Running the search in the event loop itself saved a further ~0.3 ms, but then
every other request of the process, ``/healthz`` included, waits behind each search.

So on SQLite each process runs its searches one at a time on one thread of its own (``cagateway serve
--workers`` gives one process per core), while the event loop stays free for the other requests. On
PostgreSQL the work happens in the database server's processes, and a thread mostly waits for it: there the
default is as many threads as pooled connections. ``CAGATEWAY_SEARCH_THREADS`` overrides both.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from fastapi import FastAPI, Request

from cagateway.config import Settings
from cagateway.db import Database

__all__ = ["install_search_threads", "run_search", "search_threads"]

_P = ParamSpec("_P")
_T = TypeVar("_T")


def search_threads(settings: Settings, db: Database) -> int:
    """How many threads run searches in one process (see the module docs)."""
    if settings.search_threads is not None:
        return settings.search_threads
    return 1 if db.is_sqlite else settings.db_pool_size


def install_search_threads(app: FastAPI, settings: Settings, db: Database) -> ThreadPoolExecutor:
    """Give ``app`` its search threads (started on first use); the caller shuts them down with the app."""
    executor = ThreadPoolExecutor(search_threads(settings, db), thread_name_prefix="cagateway-search")
    app.state.search_executor = executor
    return executor


async def run_search(request: Request, fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """``fn(*args, **kwargs)`` on the search threads of the app serving ``request``, with the caller's context
    variables (the request's log fields)."""
    executor: ThreadPoolExecutor = request.app.state.search_executor
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(executor, lambda: context.run(fn, *args, **kwargs))
