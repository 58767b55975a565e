"""Moderation tests: users made directly as rows (the domain needs only who they are, not a log-in)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from cagateway.accounts.crypto import new_public_id
from cagateway.accounts.models import User
from cagateway.db.base import utcnow
from cagateway.registry import services
from cagateway.registry.models import LegalEntity
from cagateway.registry.schemas import ProvenanceIn
from tests.factories import ProducerFactory

MakeUser = Callable[..., User]
MakeProducer = Callable[..., LegalEntity]


@pytest.fixture
def make_user(session: Session) -> MakeUser:
    def make(email: str, role: str = "buyer", *, verified: bool = True) -> User:
        user = User(
            public_id=new_public_id(),
            email=email,
            email_key=email.lower(),
            password_hash="not-a-real-hash",  # noqa: S106 -- no log-in in these tests
            role=role,
            email_verified_at=utcnow() if verified else None,
        )
        session.add(user)
        session.flush()
        return user

    return make


@pytest.fixture
def make_producer(session: Session) -> MakeProducer:
    def make(kind: str = "claimed", website: str | None = "https://www.shymkentcement.kz/") -> LegalEntity:
        data = ProducerFactory(website=website, provenance=ProvenanceIn(source="test", kind=kind))
        return services.create_producer(session, data, actor="test")

    return make


@pytest.fixture
def upload_dir(tmp_path: Path) -> Path:
    return tmp_path / "uploads"
