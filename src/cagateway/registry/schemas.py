"""Input shapes of the registry (what a caller may send), checked for form here and for meaning in validation.

Pydantic checks the shape of a value (types, lengths, enumerations); :mod:`cagateway.registry.validation`
checks what needs reference data (does the country, region or HS code exist, is the identifier's checksum
right, are the coordinates inside the country).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "INCOTERMS",
    "TIERS",
    "CertificateIn",
    "ContactIn",
    "IdentifierIn",
    "NameIn",
    "ProducerFilter",
    "ProducerIn",
    "ProducerUpdate",
    "ProductLineIn",
    "ProvenanceIn",
    "SiteIn",
    "SourceRecordIn",
]

INCOTERMS = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")
TIERS = ("unverified", "registry_matched", "documents_checked", "site_visited")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Tier = Literal["unverified", "registry_matched", "documents_checked", "site_visited"]
ProvenanceKind = Literal["official", "claimed", "crowdsourced", "generated"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NameIn(_In):
    value: Text
    lang: str | None = Field(default=None, max_length=8, description="ISO 639-1 language, e.g. kk, ru, uz")
    script: str | None = Field(default=None, max_length=4, description="ISO 15924 script, e.g. Cyrl, Latn")
    kind: Literal["legal", "short", "trade", "former"] = "legal"


class IdentifierIn(_In):
    scheme: ShortText
    value: ShortText


class SiteIn(_In):
    kind: Literal["head_office", "plant", "warehouse"] = "plant"
    country: str | None = Field(default=None, description="ISO alpha-2; defaults to the producer's country")
    region: str | None = Field(default=None, description="ISO 3166-2 code, e.g. KZ-79 (Shymkent)")
    city: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=1000)
    locode: str | None = Field(default=None, description="UN/LOCODE, e.g. KZCIT")
    lat: float | None = None
    lon: float | None = None


class ProductLineIn(_In):
    hs_code: ShortText = Field(description="HS 2022 subheading (6 digits) or heading (4 digits)")
    national_code: str | None = Field(default=None, description="National 10-digit code (TN VED EAEU etc.)")
    description: str | None = Field(default=None, max_length=2000)
    description_lang: str | None = Field(default=None, max_length=8)
    capacity: float | None = Field(default=None, description="Annual production capacity")
    capacity_unit: str | None = Field(default=None, max_length=20)
    moq: float | None = None
    moq_unit: str | None = Field(default=None, max_length=20)
    lead_time_days: int | None = None
    incoterms: list[str] = Field(default_factory=list)
    hs_confirmed: bool = True
    site_index: int | None = Field(default=None, description="Index into the producer's sites")


class CertificateIn(_In):
    kind: ShortText
    number: str | None = Field(default=None, max_length=100)
    issuer: str | None = Field(default=None, max_length=500)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class ContactIn(_In):
    kind: Literal["phone", "email", "website", "person"]
    value: Text
    label: str | None = Field(default=None, max_length=200)


class SourceRecordIn(_In):
    source: ShortText
    source_record_id: Text


class ProvenanceIn(_In):
    source: ShortText = "manual"
    kind: ProvenanceKind = "claimed"
    batch_id: int | None = None
    row_number: int | None = None
    retrieved_at: dt.datetime | None = None


class ProducerIn(_In):
    """A whole producer, as created through the API, the CLI, an import or the demo generator."""

    country: str = Field(description="ISO 3166-1 alpha-2 country of registration, e.g. KZ")
    names: list[NameIn] = Field(min_length=1, description="The first name is the display name")
    legal_form: str | None = Field(default=None, description="Normalised class; detected from the name if empty")
    legal_form_local: str | None = Field(default=None, max_length=60)
    activity_code: str | None = Field(default=None, description="ISIC Rev.4 class, e.g. 2394 (cement)")
    website: str | None = Field(default=None, max_length=500)
    verification_tier: Tier = "unverified"
    identifiers: list[IdentifierIn] = Field(default_factory=list)
    sites: list[SiteIn] = Field(default_factory=list)
    product_lines: list[ProductLineIn] = Field(default_factory=list)
    certificates: list[CertificateIn] = Field(default_factory=list)
    contacts: list[ContactIn] = Field(default_factory=list)
    source_records: list[SourceRecordIn] = Field(default_factory=list)
    provenance: ProvenanceIn = Field(default_factory=ProvenanceIn)


class ProducerUpdate(_In):
    """A partial update: fields left out stay as they are; a list given replaces the whole list."""

    names: list[NameIn] | None = Field(default=None, min_length=1)
    legal_form: str | None = None
    legal_form_local: str | None = None
    activity_code: str | None = None
    website: str | None = None
    verification_tier: Tier | None = None
    identifiers: list[IdentifierIn] | None = None
    sites: list[SiteIn] | None = None
    product_lines: list[ProductLineIn] | None = None
    certificates: list[CertificateIn] | None = None
    contacts: list[ContactIn] | None = None
    provenance: ProvenanceIn = Field(default_factory=ProvenanceIn)


class ProducerFilter(_In):
    country: str | None = None
    region: str | None = None
    hs: str | None = Field(default=None, description="HS prefix: chapter, heading or subheading")
    tier: Tier | None = None
    source: str | None = None
