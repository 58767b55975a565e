"""An app per test module and backend, on its own migrated database (API writes really commit)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cagateway.config import Settings
from cagateway.db import Database
from cagateway.web import create_app
from tests.conftest import BACKENDS, DatabaseFactory


@pytest.fixture(scope="module", params=BACKENDS)
def app_db(request: pytest.FixtureRequest, db_factory: DatabaseFactory) -> Iterator[Database]:
    database = db_factory.migrated(request.param)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def client(app_db: Database) -> Iterator[TestClient]:
    settings = Settings(database_url=app_db.engine.url.render_as_string(hide_password=False))
    with TestClient(create_app(settings, database=app_db)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def admin_token(app_db: Database) -> str:
    """An API token of an administrator (scope ``admin``): the producer write endpoints need one."""
    from tests.accounts_support import make_api_token, make_user  # noqa: PLC0415 -- only modules that write

    return make_api_token(app_db, make_user(app_db, "admin"), ["read", "rfq", "producer:edit", "moderate", "admin"])


@pytest.fixture(scope="module")
def as_admin(client: TestClient, admin_token: str) -> Iterator[None]:
    """The module's client sends the administrator's token (``pytestmark = pytest.mark.usefixtures("as_admin")``)."""
    client.headers["Authorization"] = f"Bearer {admin_token}"
    yield
    client.headers.pop("Authorization", None)
