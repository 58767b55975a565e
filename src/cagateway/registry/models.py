"""Registry tables: legal entities (producers) and everything attached to them.

Every attached row carries a ``provenance_id``: the source, batch, row and time it came from and whether it is
official, claimed, crowdsourced or generated. A field whose value came from elsewhere than its row gets a
:class:`FieldProvenance` override, so every field has a provenance without a row per field per record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cagateway.db.base import Base, UTCDateTime, utcnow

__all__ = [
    "Batch",
    "Certificate",
    "Change",
    "Contact",
    "EntityName",
    "FieldProvenance",
    "Identifier",
    "LegalEntity",
    "ProductLine",
    "Provenance",
    "Site",
    "SourceRecord",
]


class Batch(Base):
    """One arrival of data: an import of a file, a demo load, a set of edits."""

    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # import | demo | manual
    file_name: Mapped[str | None] = mapped_column(Text)
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="running")  # running | done | failed
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Provenance(Base):
    """Where a row's values came from."""

    __tablename__ = "provenance"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    row_number: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # official | claimed | crowdsourced | generated
    retrieved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint("kind IN ('official','claimed','crowdsourced','generated')", name="kind"),)


class LegalEntity(Base):
    """A producer: one legal entity, whatever number of registers list it."""

    __tablename__ = "legal_entities"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(12), unique=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    display_name: Mapped[str] = mapped_column(Text)
    legal_form: Mapped[str | None] = mapped_column(String(20))  # normalised class: LLP, JSC, LLC, IE, ...
    legal_form_local: Mapped[str | None] = mapped_column(String(60))  # as written: ТОО, ЖШС, MChJ, ...
    activity_code: Mapped[str | None] = mapped_column(String(10))  # ISIC Rev.4 / NACE Rev.2 class
    website: Mapped[str | None] = mapped_column(Text)
    verification_tier: Mapped[str] = mapped_column(String(20), default="unverified")
    provenance_id: Mapped[int] = mapped_column(ForeignKey("provenance.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Set when entity resolution merged this record into a golden record (ingest.resolution, migration 0005):
    # the record stays intact but is no longer listed as a live producer.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("legal_entities.id"), index=True)

    names: Mapped[list[EntityName]] = relationship(back_populates="entity", order_by="EntityName.id")
    identifiers: Mapped[list[Identifier]] = relationship(order_by="Identifier.id")
    sites: Mapped[list[Site]] = relationship(order_by="Site.id")
    product_lines: Mapped[list[ProductLine]] = relationship(order_by="ProductLine.id")
    certificates: Mapped[list[Certificate]] = relationship(order_by="Certificate.id")
    contacts: Mapped[list[Contact]] = relationship(order_by="Contact.id")
    source_records: Mapped[list[SourceRecord]] = relationship(order_by="SourceRecord.id")
    provenance: Mapped[Provenance] = relationship()

    __table_args__ = (
        Index("ix_legal_entities_country_live", "country_code", "id"),
        CheckConstraint(
            "verification_tier IN ('unverified','registry_matched','documents_checked','site_visited')",
            name="tier",
        ),
    )


class EntityName(Base):
    __tablename__ = "entity_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(8))  # ISO 639-1: kk, ru, uz, ky, tg, tk, zh, en, ...
    script: Mapped[str | None] = mapped_column(String(4))  # ISO 15924: Cyrl, Latn, Hans, ...
    kind: Mapped[str] = mapped_column(String(10), default="legal")
    provenance_id: Mapped[int] = mapped_column(ForeignKey("provenance.id"))

    entity: Mapped[LegalEntity] = relationship(back_populates="names")

    __table_args__ = (CheckConstraint("kind IN ('legal','short','trade','former')", name="kind"),)


class Identifier(Base):
    __tablename__ = "identifiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    scheme: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))  # valid | unverifiable
    provenance_id: Mapped[int] = mapped_column(ForeignKey("provenance.id"))

    __table_args__ = (UniqueConstraint("scheme", "value", name="uq_identifiers_scheme_value"),)


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="plant")  # head_office | plant | warehouse
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("subdivisions.code"), index=True)
    city: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    locode: Mapped[str | None] = mapped_column(String(5))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    provenance_id: Mapped[int] = mapped_column(ForeignKey("provenance.id"))

    __table_args__ = (
        CheckConstraint("lat IS NULL OR (lat BETWEEN -90 AND 90)", name="lat"),
        CheckConstraint("lon IS NULL OR (lon BETWEEN -180 AND 180)", name="lon"),
    )


class ProductLine(Base):
    __tablename__ = "product_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="SET NULL"))
    hs_code: Mapped[str] = mapped_column(ForeignKey("hs_codes.code"))
    national_code: Mapped[str | None] = mapped_column(String(10))
    description: Mapped[str | None] = mapped_column(Text)
    description_lang: Mapped[str | None] = mapped_column(String(8))
    capacity: Mapped[float | None] = mapped_column(Float)
    capacity_unit: Mapped[str | None] = mapped_column(String(20))  # per year: t, m3, pcs, kWh, ...
    moq: Mapped[float | None] = mapped_column(Float)
    moq_unit: Mapped[str | None] = mapped_column(String(20))
    lead_time_days: Mapped[int | None] = mapped_column(Integer)
    incoterms: Mapped[str | None] = mapped_column(String(60))  # "|"-separated Incoterms 2020 rules
    hs_confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    provenance_id: Mapped[int] = mapped_column(ForeignKey("provenance.id"))

    __table_args__ = (
        Index("ix_product_lines_hs_entity", "hs_code", "entity_id"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),
    )


class Certificate(Base):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(60))  # ISO 9001, ST-KZ, Halal, EAC, GOST R, ...
    number: Mapped[str | None] = mapped_column(String(100))
    issuer: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    provenance_id: Mapped[int] = mapped_column(ForeignKey("provenance.id"))

    __table_args__ = (
        CheckConstraint("valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from", name="validity_order"),
    )


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # phone | email | website | person
    value: Mapped[str] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(Text)
    provenance_id: Mapped[int] = mapped_column(ForeignKey("provenance.id"))


class SourceRecord(Base):
    """A record of a source (a register row) that was merged into this entity."""

    __tablename__ = "source_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(100))
    source_record_id: Mapped[str] = mapped_column(String(200))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"))

    __table_args__ = (UniqueConstraint("source", "source_record_id", name="uq_source_records_source_record"),)


class FieldProvenance(Base):
    """A field whose value came from a different provenance than the rest of its row."""

    __tablename__ = "field_provenance"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40))
    provenance_id: Mapped[int] = mapped_column(ForeignKey("provenance.id"))

    __table_args__ = (UniqueConstraint("table_name", "row_id", "field", name="uq_field_provenance_field"),)


class Change(Base):
    """Who changed what: one row per create, update or delete of a producer, with the field diffs."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("legal_entities.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))  # create | update | delete
    version: Mapped[int] = mapped_column(Integer)
    diff: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
