"""Helpers for buyer-request tests: producers through the registry service, users and representative links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from cagateway.accounts.models import User
from cagateway.moderation.representatives import link_representative
from cagateway.registry import services
from cagateway.registry.models import LegalEntity
from cagateway.registry.public_ids import new_public_id
from cagateway.registry.schemas import CertificateIn, NameIn
from cagateway.rfq.schemas import RequestIn
from tests.factories import ProducerFactory, ProductLineFactory, SiteFactory

TODAY = dt.datetime.now(dt.UTC).date()


def make_user(session: Session, role: str = "buyer", email: str | None = None, name: str | None = None) -> User:
    """A verified user with ``role`` (written directly: the password plays no part in these tests)."""
    public_id = new_public_id()
    address = email or f"{role}-{public_id}@example.org"
    user = User(
        public_id=public_id, email=address, email_key=address.lower(), display_name=name, password_hash="-",  # noqa: S106 -- no password: these users never log in
        role=role, email_verified_at=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    session.add(user)
    session.flush()
    return user


def _line(hs: str, description: str, capacity: float | None, unit: str | None) -> Any:
    return ProductLineFactory(
        hs_code=hs,
        national_code=None,
        description=description,
        capacity=capacity,
        capacity_unit=unit if capacity is not None else None,
        site_index=0,
    )


def make_mill(
    session: Session,
    name: str,
    *,
    hs: str = "110100",
    capacity: float | None = 100_000.0,
    unit: str | None = "t",
    country: str = "KZ",
    city: str = "Kostanay",
    certificates: list[CertificateIn] | None = None,
    description: str = "Мука пшеничная высшего сорта",
    **overrides: Any,
) -> LegalEntity:
    """A producer with one product line (a wheat-flour mill by default) and one site."""
    data = ProducerFactory(
        country=country,
        names=[NameIn(value=name, lang="ru", script="Latn" if name.isascii() else "Cyrl")],
        identifiers=[],
        sites=[SiteFactory(city=city, region=None)],
        product_lines=[_line(hs, description, capacity, unit)],
        certificates=certificates or [],
        **overrides,
    )
    return services.create_producer(session, data, actor="rfq-test")


def representative(session: Session, entity: LegalEntity, email: str | None = None) -> User:
    """A new user with the representative role, linked to ``entity``."""
    user = make_user(session, "representative", email)
    link_representative(session, user.id, entity.id, None)
    return user


def flour_request(**overrides: Any) -> RequestIn:
    """500 t of wheat flour to Tashkent, DAP, quotes wanted within two weeks."""
    values: dict[str, Any] = {
        "hs_code": "110100",
        "text": "пшеничная мука",
        "quantity": 500,
        "unit": "т",
        "destination": "Ташкент",
        "incoterm": "DAP",
        "deadline": TODAY + dt.timedelta(days=14),
    }
    return RequestIn(**(values | overrides))
