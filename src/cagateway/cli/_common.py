"""What every CLI command shares: opening the database, printing text or ``--json``, mapping errors once."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

import click
from rich.console import Console

from cagateway.config import Settings, get_settings
from cagateway.db import Database
from cagateway.errors import GatewayError
from cagateway.logs import configure_logging

__all__ = ["AppContext", "emit", "handle_errors", "json_option", "open_db", "pass_app"]

P = ParamSpec("P")
R = TypeVar("R")

json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON to stdout.")


class AppContext:
    """Settings and lazily opened database shared by the commands of one invocation."""

    def __init__(self, db_url: str | None) -> None:
        self.settings: Settings = get_settings(database_url=db_url)
        configure_logging(self.settings)
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = Database.from_url(
                self.settings.database_url,
                pool_size=self.settings.db_pool_size,
                busy_timeout_ms=self.settings.sqlite_busy_timeout_ms,
            )
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


pass_app = click.make_pass_decorator(AppContext)


@contextmanager
def open_db(app: AppContext) -> Iterator[Database]:
    yield app.db


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a :class:`GatewayError` into the same message the API gives, and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except GatewayError as exc:
            as_json = bool(kwargs.get("as_json"))
            if as_json:
                click.echo(json.dumps(exc.as_body(), ensure_ascii=False))
            else:
                click.echo(f"Error: {exc}", err=True)
            sys.exit(1 if exc.status < 500 else 2)

    return wrapper


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit(data: Any, as_json: bool, render: Callable[[Console], None]) -> None:
    """Print ``data`` as JSON when asked, else let ``render`` draw it for people."""
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, default=_default))
    else:
        render(Console())
