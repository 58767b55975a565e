"""Response bodies of the producer endpoints, so the OpenAPI description (and schemathesis) knows their shape.

They mirror :mod:`cagateway.registry.serialise`; the endpoints still build plain dicts (one shape for the API and
the CLI), and a test over the whole OpenAPI checks that every answer matches these models.
"""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["ProducerDetailOut", "ProducerListOut", "ProducerSummaryOut"]


class ProvenanceOut(BaseModel):
    source: str
    kind: str
    batch: int | None
    row: int | None
    retrieved_at: str
    verified_at: str | None


class ProducerSummaryOut(BaseModel):
    id: str
    name: str
    names: list[str]
    country: str
    city: str | None
    legal_form: str | None
    hs_codes: list[str]
    verification_tier: str


class ProducerListOut(BaseModel):
    ok: bool
    items: list[ProducerSummaryOut]
    next_cursor: str | None


class NameOut(BaseModel):
    value: str
    lang: str | None
    script: str | None
    kind: str
    provenance: ProvenanceOut | None


class IdentifierOut(BaseModel):
    scheme: str
    value: str
    status: str
    provenance: ProvenanceOut | None


class SiteOut(BaseModel):
    kind: str
    country: str
    region: str | None
    city: str | None
    address: str | None
    locode: str | None
    lat: float | None
    lon: float | None
    provenance: ProvenanceOut | None


class ProductLineOut(BaseModel):
    hs_code: str
    hs_heading: str
    hs_confirmed: bool
    national_code: str | None
    description: str | None
    description_lang: str | None
    capacity: float | None
    capacity_unit: str | None
    moq: float | None
    moq_unit: str | None
    lead_time_days: int | None
    incoterms: list[str]
    provenance: ProvenanceOut | None


class CertificateOut(BaseModel):
    kind: str
    number: str | None
    issuer: str | None
    valid_from: str | None
    valid_to: str | None
    expired: bool
    provenance: ProvenanceOut | None


class ContactOut(BaseModel):
    kind: str
    value: str
    label: str | None
    provenance: ProvenanceOut | None


class SourceOut(BaseModel):
    source: str
    source_record_id: str


class PendingEditOut(BaseModel):
    """Parts of a representative's edit that wait for a moderator (they came from an official register)."""

    submission: int
    fields: list[str]
    message: str


class ProducerDetailOut(BaseModel):
    """A producer with every part and its provenance (``ok`` is added by the API, not by the CLI)."""

    ok: bool
    id: str
    name: str
    country: str
    city: str | None
    legal_form: str | None
    hs_codes: list[str]
    verification_tier: str
    legal_form_local: str | None
    activity_code: str | None
    website: str | None
    version: int
    created_at: str
    updated_at: str
    deleted: bool
    provenance: ProvenanceOut | None
    names: list[NameOut]
    identifiers: list[IdentifierOut]
    sites: list[SiteOut]
    product_lines: list[ProductLineOut]
    certificates: list[CertificateOut]
    contacts: list[ContactOut]
    sources: list[SourceOut]
    pending_edit: PendingEditOut | None = None  # set by PATCH when part of a representative's edit was queued
