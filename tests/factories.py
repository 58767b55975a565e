"""factory_boy factories for registry input: realistic, valid by default, easy to break one field at a time."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import factory

from cagateway.registry.identifiers import generate_identifier
from cagateway.registry.schemas import (
    CertificateIn,
    ContactIn,
    IdentifierIn,
    NameIn,
    ProducerIn,
    ProductLineIn,
    ProvenanceIn,
    SiteIn,
    SourceRecordIn,
)


class _Pydantic(factory.Factory):  # type: ignore[misc]
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return model_class(*args, **kwargs)

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return model_class(*args, **kwargs)


class SiteFactory(_Pydantic):
    class Meta:
        model = SiteIn

    kind = "plant"
    region = "KZ-79"
    city = "Shymkent"
    address = "ул. Капал батыра, 5"
    lat = 42.32
    lon = 69.59


class ProductLineFactory(_Pydantic):
    class Meta:
        model = ProductLineIn

    hs_code = "252329"
    national_code = "2523290000"
    description = "Портландцемент М400"
    description_lang = "ru"
    capacity = 1_200_000.0
    capacity_unit = "t"
    incoterms = factory.LazyFunction(lambda: ["FCA", "DAP"])


class ProducerFactory(_Pydantic):
    class Meta:
        model = ProducerIn

    country = "KZ"
    names = factory.LazyFunction(
        lambda: [
            NameIn(value="ТОО «Шымкентцемент»", lang="ru", script="Cyrl"),
            NameIn(value="«Шымкентцемент» ЖШС", lang="kk", script="Cyrl"),
        ]
    )
    identifiers = factory.Sequence(
        lambda n: [IdentifierIn(scheme="KZ-BIN", value=generate_identifier("KZ-BIN", random.Random(f"factory-{n}")))]
    )
    sites = factory.LazyFunction(lambda: [SiteFactory()])
    product_lines = factory.LazyFunction(lambda: [ProductLineFactory(site_index=0)])
    certificates = factory.LazyFunction(
        lambda: [
            CertificateIn(
                kind="ISO 9001",
                number="KZ.1234",
                valid_from=dt.date(2022, 1, 1),
                valid_to=dt.date(2025, 1, 1),
            )
        ]
    )
    contacts = factory.LazyFunction(
        lambda: [
            ContactIn(kind="phone", value="+77252123456"),
            ContactIn(kind="email", value="sales@cement.example"),
        ]
    )
    source_records = factory.Sequence(lambda n: [SourceRecordIn(source="test", source_record_id=f"rec-{n}")])
    provenance = factory.LazyFunction(lambda: ProvenanceIn(source="test", kind="official"))
