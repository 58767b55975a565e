"""Many rows into one table through the driver's own ``executemany``: the fast path of bulk loads on SQLite.

SQLAlchemy Core's ``executemany`` builds a parameter dictionary per row and runs each value's bind processor
through its compiled statement; for the import of a register (a dozen rows in ten tables per producer) that cost
more than SQLite's inserts themselves (bench/RESULTS.md, "Import"). Here each table's statement and its
columns' bind processors are prepared once, rows become tuples, and only the columns that have a processor
(dates, JSON) are converted: the values stored are exactly those Core would store. PostgreSQL keeps Core's
path (psycopg's own batching), so behaviour there is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Dialect

__all__ = ["insert_rows", "upsert_rows"]

_Processor = Callable[[Any], Any]


@lru_cache(maxsize=256)
def _prepared(
    table: Table, columns: tuple[str, ...], key: tuple[str, ...], dialect: Dialect
) -> tuple[str, list[tuple[int, _Processor]]]:
    """The qmark ``INSERT`` (``ON CONFLICT ... DO UPDATE`` when ``key`` is given) and the processors by position."""
    quote = dialect.identifier_preparer.quote
    names, marks = ", ".join(quote(c) for c in columns), ", ".join("?" * len(columns))
    # Only the table's own quoted names go into the text: values are bound parameters.
    sql = f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({names}) VALUES ({marks})"  # noqa: S608
    if key:
        updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns if c not in key)
        sql += f" ON CONFLICT ({', '.join(quote(c) for c in key)}) DO UPDATE SET {updates}"
    processors: list[tuple[int, _Processor]] = []
    for index, name in enumerate(columns):
        column_type = table.c[name].type
        processor = column_type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors.append((index, processor))
    return sql, processors


def _tuples(
    rows: Sequence[dict[str, Any]], columns: tuple[str, ...], processors: list[tuple[int, _Processor]]
) -> list[Any]:
    get = itemgetter(*columns)
    values = list(map(get, rows)) if len(columns) > 1 else [(get(r),) for r in rows]
    if not processors:
        return values
    # Converted column by column (then zipped back into rows), each distinct value object once: most processed
    # values are one object repeated through a chunk (the load's timestamp, its batch's retrieval time).
    by_column: list[Sequence[Any]] = list(zip(*values, strict=True))
    for index, processor in processors:
        by_column[index] = _converted(by_column[index], processor)
    return list(zip(*by_column, strict=True))


def _converted(values: Sequence[Any], processor: _Processor) -> list[Any]:
    """``processor`` applied to ``values``, once per distinct object (by identity: processors are pure, and the
    values are alive, so their ids are theirs while this runs; an equal but separate object is converted again)."""
    distinct = dict(zip(map(id, values), values, strict=True))  # in C: no Python step per value
    done = {key: processor(value) for key, value in distinct.items()}
    return list(map(done.__getitem__, map(id, values)))


def _driver_executemany(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]], key: tuple[str, ...]
) -> None:
    columns = tuple(rows[0])
    sql, processors = _prepared(table, columns, key, connection.dialect)
    connection.exec_driver_sql(sql, _tuples(rows, columns, processors))


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dictionaries with the same keys) into ``table`` in the caller's transaction."""
    if not rows:
        return
    if connection.dialect.name != "sqlite":
        connection.execute(insert(table), list(rows))
        return
    _driver_executemany(connection, table, rows, ())


def upsert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]], key: Sequence[str]) -> None:
    """Insert ``rows``, or update every non-key column of those whose ``key`` exists already."""
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        _driver_executemany(connection, table, rows, tuple(key))
        return
    stmt = pg_insert(table)
    updates = {c: getattr(stmt.excluded, c) for c in rows[0] if c not in key}
    connection.execute(stmt.on_conflict_do_update(index_elements=list(key), set_=updates), list(rows))
