"""Producers as plain data: the JSON the API returns and the CLI prints, one shape for both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Row

from cagateway.db.base import utcnow
from cagateway.registry.models import (
    Certificate,
    Contact,
    EntityName,
    Identifier,
    LegalEntity,
    ProductLine,
    Provenance,
    Site,
)

__all__ = ["ProducerView", "collection_snapshot", "producer_detail", "producer_summary"]


class ProducerView:
    """A producer read for display through SQLAlchemy Core: the entity row's columns as attributes, plus its parts.

    Reads need no identity map or change tracking, and building ORM objects for eight small queries costs several
    times what SQLite spends answering them; the serialiser takes this or a :class:`LegalEntity` alike.
    """

    def __init__(self, row: Row[Any], parts: dict[str, list[Row[Any]]]) -> None:
        self._row = row
        self._parts = parts

    def __getattr__(self, name: str) -> Any:
        parts = self.__dict__["_parts"]
        if name in parts:
            return parts[name]
        return getattr(self.__dict__["_row"], name)


def _provenance(p: Provenance | Row[Any] | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "source": p.source,
        "kind": p.kind,
        "batch": p.batch_id,
        "row": p.row_number,
        "retrieved_at": p.retrieved_at.isoformat(),
        "verified_at": p.verified_at.isoformat() if p.verified_at else None,
    }


def _name(n: EntityName) -> dict[str, Any]:
    return {"value": n.value, "lang": n.lang, "script": n.script, "kind": n.kind}


def _identifier(i: Identifier) -> dict[str, Any]:
    return {"scheme": i.scheme, "value": i.value, "status": i.status}


def _site(s: Site) -> dict[str, Any]:
    return {
        "kind": s.kind,
        "country": s.country_code,
        "region": s.region_code,
        "city": s.city,
        "address": s.address,
        "locode": s.locode,
        "lat": s.lat,
        "lon": s.lon,
    }


def _product_line(p: ProductLine) -> dict[str, Any]:
    return {
        "hs_code": p.hs_code,
        "hs_heading": p.hs_code[:4],
        "hs_confirmed": p.hs_confirmed,
        "national_code": p.national_code,
        "description": p.description,
        "description_lang": p.description_lang,
        "capacity": p.capacity,
        "capacity_unit": p.capacity_unit,
        "moq": p.moq,
        "moq_unit": p.moq_unit,
        "lead_time_days": p.lead_time_days,
        "incoterms": p.incoterms.split("|") if p.incoterms else [],
    }


def _certificate(c: Certificate, today: dt.date) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "number": c.number,
        "issuer": c.issuer,
        "valid_from": c.valid_from.isoformat() if c.valid_from else None,
        "valid_to": c.valid_to.isoformat() if c.valid_to else None,
        "expired": bool(c.valid_to and c.valid_to < today),
    }


def _contact(c: Contact) -> dict[str, Any]:
    return {"kind": c.kind, "value": c.value, "label": c.label}


_SHAPES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "names": _name,
    "identifiers": _identifier,
    "sites": _site,
    "product_lines": _product_line,
    "contacts": _contact,
}


def collection_snapshot(entity: LegalEntity, names: Sequence[str]) -> dict[str, Any]:
    """The named fields of a producer as plain data, for change diffs."""
    today = utcnow().date()
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(entity, name)
        if name == "certificates":
            out[name] = [_certificate(c, today) | {"expired": None} for c in value]
        elif name in _SHAPES:
            out[name] = [_SHAPES[name](item) for item in value]
        else:
            out[name] = value
    return out


def producer_summary(entity: LegalEntity | ProducerView) -> dict[str, Any]:
    """The short form used in lists."""
    city = next((s.city for s in entity.sites if s.city), None)
    return {
        "id": entity.public_id,
        "name": entity.display_name,
        "names": [n.value for n in entity.names],
        "country": entity.country_code,
        "city": city,
        "legal_form": entity.legal_form,
        "hs_codes": sorted({p.hs_code for p in entity.product_lines}),
        "verification_tier": entity.verification_tier,
    }


def _with_provenance(rows: Sequence[Any], shape: Any, provenances: Mapping[int, Any], *args: Any) -> list[Any]:
    return [shape(row, *args) | {"provenance": _provenance(provenances.get(row.provenance_id))} for row in rows]


def producer_detail(
    entity: LegalEntity | ProducerView, provenances: Mapping[int, Provenance | Row[Any]], today: dt.date | None = None
) -> dict[str, Any]:
    """Everything about a producer, each part with its provenance, and the sources merged into it."""
    today = today or utcnow().date()
    return producer_summary(entity) | {
        "legal_form_local": entity.legal_form_local,
        "activity_code": entity.activity_code,
        "website": entity.website,
        "version": entity.version,
        "created_at": entity.created_at.isoformat(),
        "updated_at": entity.updated_at.isoformat(),
        "deleted": entity.deleted_at is not None,
        "provenance": _provenance(provenances.get(entity.provenance_id)),
        "names": _with_provenance(entity.names, _name, provenances),
        "identifiers": _with_provenance(entity.identifiers, _identifier, provenances),
        "sites": _with_provenance(entity.sites, _site, provenances),
        "product_lines": _with_provenance(entity.product_lines, _product_line, provenances),
        "certificates": _with_provenance(entity.certificates, _certificate, provenances, today),
        "contacts": _with_provenance(entity.contacts, _contact, provenances),
        "sources": [{"source": r.source, "source_record_id": r.source_record_id} for r in entity.source_records],
    }
