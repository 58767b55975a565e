"""Helpers for search tests: producers created through the registry service, so the ORM hooks index them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cagateway.registry import services
from cagateway.registry.models import LegalEntity
from cagateway.registry.schemas import CertificateIn, NameIn
from tests.factories import ProducerFactory, ProductLineFactory, SiteFactory


def make_producer(
    session: Session,
    name: str,
    *,
    lang: str = "kk",
    country: str = "KZ",
    city: str = "Shymkent",
    region: str | None = "KZ-79",
    hs: str = "252329",
    description: str | None = "Портландцемент М400",
    capacity: float = 1_200_000.0,
    tier: str = "unverified",
    certificate: str | None = "ISO 9001",
    **overrides: Any,
) -> LegalEntity:
    """Create one producer with one name, one site and one product line."""
    script = "Latn" if name.isascii() else "Cyrl"
    data = ProducerFactory(
        country=country,
        names=[NameIn(value=name, lang=lang, script=script)],
        sites=[SiteFactory(city=city, region=region)],
        product_lines=[
            ProductLineFactory(hs_code=hs, national_code=None, description=description, capacity=capacity, site_index=0)
        ],
        verification_tier=tier,
        certificates=[CertificateIn(kind=certificate)] if certificate else [],
        **overrides,
    )
    return services.create_producer(session, data, actor="search-test")
