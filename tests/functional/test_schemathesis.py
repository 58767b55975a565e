"""Property tests over the whole OpenAPI with schemathesis: no 5xx, and every response matches its schema.

Each operation gets a few deterministic examples (``derandomize``: the same cases every run, so CI failures
reproduce), against a migrated database with a few producers, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from cagateway.classify import TrainingSources, default_terms_dir, train_hs_model
from cagateway.config import Settings
from cagateway.db import Database
from cagateway.registry import services
from cagateway.web import create_app
from tests.conftest import SHARED_DATA, DatabaseFactory
from tests.factories import ProducerFactory

MAX_EXAMPLES = 15


def _product_space() -> Path | None:
    """The shared product space (trade diversification needs it; without it that endpoint is not configured)."""
    folder = Path(os.environ.get("CAGATEWAY_SHARED_DATA", SHARED_DATA)) / "product_space"
    return folder if folder.is_dir() else None


@pytest.fixture(scope="module")
def hs_model(db_factory: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One trained HS model for both backends (it learns from the reference data, which they share)."""
    path = tmp_path_factory.mktemp("hs") / "hs_model"
    database = db_factory.migrated("sqlite")
    with database.session() as session:
        train_hs_model(session, TrainingSources(default_terms_dir()), path)
    database.dispose()
    return path


@pytest.fixture(scope="module")
def api_schema(app_db: Database, hs_model: Path) -> Iterator[schemathesis.BaseSchema]:
    with app_db.writer() as session:
        for _ in range(3):
            services.create_producer(session, ProducerFactory(), actor="test")
    app_settings = Settings(
        database_url=app_db.engine.url.render_as_string(hide_password=False),
        trade_dir=hs_model.parent / "trade",  # empty: the trade endpoints answer "no dataset"
        hs_model_path=hs_model,
        product_space_dir=_product_space(),
        upload_dir=hs_model.parent / "uploads",
    )
    yield schemathesis.openapi.from_asgi("/api/openapi.json", create_app(app_settings, database=app_db))


def _check_operation(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

    run()


def test_api_conforms_to_its_openapi(api_schema: schemathesis.BaseSchema, admin_token: str) -> None:
    # As an administrator (API token with every scope): the write, self-service and moderation endpoints are
    # exercised past their 401s.
    headers = {"Authorization": f"Bearer {admin_token}"}
    # Driven by hand rather than by ``schemathesis.pytest.from_fixture``, whose node-id rewrite breaks on pytest 9.
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/v1/trade/diversify" and _product_space() is None:
            continue  # a deployment without the product space answers 500 "configuration" there, by design
        try:
            _check_operation(operation, headers)
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failures, report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
