"""Search documents of an import's new producers, built in a second process while the import goes on
(``ImportOptions(worker=True)``; off by default, see :class:`~cagateway.ingest.ImportOptions`).

Building a producer's search document (its names and products turned into search tokens in every script) costs
about as much CPU as the rest of its import, and it is pure: rows in, a document row out. An import of more than
one chunk hands each chunk's freshly inserted rows to one worker process and prepares the next chunk meanwhile;
it writes the documents in the same transaction as the rows, so a chunk still commits whole (``kill -9`` and
re-run safety do not change). SQLite has one writer, so the database work stays in the importing process.

The worker is forked, so it starts at once with the importer's modules and token caches loaded (``spawn`` would
run the ``cagateway`` command's imports again: ~2 CPU-seconds, the documents of thousands of rows). It never
touches the database connections it inherits (it is given
:class:`~cagateway.search.documents.ReferenceTexts`, and a forked process ends without finalisers), ignores
Ctrl-C (the importer stops it) and exits on its own if the importer dies (``kill -9`` leaves no orphan behind).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from cagateway.search.documents import DocumentBuilder, ReferenceTexts

__all__ = ["DocumentWorker"]

# The tables the documents are built from, and of them the columns they read: the rest is not sent over.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "legal_entities": ("id", "public_id", "country_code", "verification_tier", "display_name", "website"),
    "entity_names": ("entity_id", "value", "lang"),
    "identifiers": ("entity_id", "value"),
    "sites": ("entity_id", "region_code", "city", "country_code", "lat"),
    "product_lines": ("entity_id", "hs_code", "description", "description_lang", "capacity"),
    "certificates": ("entity_id", "kind"),
    "contacts": ("entity_id",),
}
_Tables = dict[str, list[tuple[Any, ...]]]

_builder: DocumentBuilder | None = None  # the worker process's own


def _packed(tables: dict[str, list[dict[str, Any]]]) -> _Tables:
    """The columns documents need, as tuples (pickled in a fraction of the time of the full dictionaries)."""
    return {name: [tuple(r[c] for c in columns) for r in tables.get(name, ())] for name, columns in _COLUMNS.items()}


def _unpacked(tables: _Tables) -> dict[str, list[dict[str, Any]]]:
    return {name: [dict(zip(_COLUMNS[name], r, strict=True)) for r in rows] for name, rows in tables.items()}


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)  # the importer is gone (killed): nobody will read our results


def _start(reference: ReferenceTexts, parent: int) -> None:
    global _builder  # noqa: PLW0603  (one builder per worker process, for its caches)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _builder = DocumentBuilder(reference)


def _build(tables: _Tables) -> list[dict[str, Any]]:
    assert _builder is not None  # noqa: S101  (set by _start)
    return [d.row() for d in _builder.build_inserted(None, _unpacked(tables))]


class DocumentWorker:
    """One worker process that builds search-document rows; :meth:`submit` returns at once."""

    def __init__(self, reference: ReferenceTexts) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(reference, os.getpid()),
        )

    def submit(self, tables: dict[str, list[dict[str, Any]]]) -> Future[list[dict[str, Any]]]:
        """Start building the documents of ``tables`` (the bulk writer's rows of one chunk, by table name)."""
        return self._pool.submit(_build, _packed(tables))

    def close(self, *, wait: bool = True) -> None:
        """Stop the worker: after its last build (``wait``), or without waiting (an import that failed), dropping
        builds not started."""
        self._pool.shutdown(wait=wait, cancel_futures=True)
