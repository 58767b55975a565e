"""Representatives' edits of their producer, through the registry's update service (its validation, history and
optimistic concurrency), with provenance "claimed" and the actor ``user:<public id>``.

A representative edits only the producers they represent, and only names, sites, product lines (with their
capacities), certificates and contacts; identifiers and the verification tier are not theirs to change (the
schema refuses them). A part whose current provenance is "official" (a national register's) is not changed at
once: the edit goes to the moderation queue and is applied when a moderator approves it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.accounts.models import User
from cagateway.moderation.errors import NotRepresentative
from cagateway.moderation.models import Submission, Upload
from cagateway.moderation.notify import audit
from cagateway.moderation.representatives import is_representative
from cagateway.moderation.uploads import record_upload, store_upload
from cagateway.registry import services as registry
from cagateway.registry.models import FieldProvenance, LegalEntity, Provenance
from cagateway.registry.schemas import (
    CertificateIn,
    ContactIn,
    NameIn,
    ProducerUpdate,
    ProductLineIn,
    ProvenanceIn,
    SiteIn,
)
from cagateway.registry.serialise import collection_snapshot
from cagateway.registry.validation import ReferenceSet, ensure_valid, validate_update

__all__ = [
    "EDITABLE",
    "EditResult",
    "RepresentativeEdit",
    "actor_of",
    "apply_edit",
    "attach_certificate_scan",
    "edit_diff",
    "edit_producer",
    "edit_view",
    "official_fields",
]

EDITABLE = ("names", "sites", "product_lines", "certificates", "contacts")
_TABLES = {
    "names": "entity_names",
    "sites": "sites",
    "product_lines": "product_lines",
    "certificates": "certificates",
    "contacts": "contacts",
}


class RepresentativeEdit(BaseModel):
    """What a representative may change; a list given replaces the whole list, fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    names: list[NameIn] | None = Field(default=None, min_length=1)
    sites: list[SiteIn] | None = None
    product_lines: list[ProductLineIn] | None = None
    certificates: list[CertificateIn] | None = None
    contacts: list[ContactIn] | None = None

    def given(self) -> list[str]:
        return [name for name in EDITABLE if getattr(self, name) is not None]


@dataclass
class EditResult:
    """What became of an edit: the fields applied now and the submission waiting for a moderator, if any."""

    entity: LegalEntity
    applied: list[str] = field(default_factory=list)
    pending: Submission | None = None


def actor_of(user: User) -> str:
    """How a user is named in a producer's history."""
    return f"user:{user.public_id}"


def official_fields(session: Session, entity: LegalEntity) -> set[str]:
    """The editable parts of ``entity`` of which some row (or field) has provenance "official"."""
    official: set[str] = set()
    for name in EDITABLE:
        ids = {row.provenance_id for row in getattr(entity, name)}
        if ids and session.scalar(select(Provenance.id).where(Provenance.id.in_(ids), Provenance.kind == "official")):
            official.add(name)
    overrides = session.scalars(
        select(FieldProvenance.table_name)
        .join(Provenance, Provenance.id == FieldProvenance.provenance_id)
        .where(FieldProvenance.entity_id == entity.id, Provenance.kind == "official")
    )
    by_table = {table: name for name, table in _TABLES.items()}
    official |= {by_table[t] for t in overrides if t in by_table}
    return official


def _update(changes: dict[str, Any]) -> ProducerUpdate:
    return ProducerUpdate.model_validate(
        changes | {"provenance": ProvenanceIn(source="representative", kind="claimed")}
    )


def apply_edit(
    session: Session, public_id: str, changes: dict[str, Any], *, expected_version: int, actor: str
) -> LegalEntity:
    """Write ``changes`` (RepresentativeEdit fields as JSON) through the registry's update service."""
    return registry.update_producer(
        session, public_id, _update(changes), expected_version=expected_version, actor=actor
    )


def edit_producer(
    session: Session, user: User, public_id: str, edit: RepresentativeEdit, *, expected_version: int
) -> EditResult:
    """Apply a representative's edit of ``public_id``; parts with official provenance go to moderation."""
    entity = registry.get_producer(session, public_id)
    if not is_representative(session, user.id, entity.id):
        raise NotRepresentative(public_id)
    given = edit.given()
    data = edit.model_dump(mode="json", include=set(given))
    ensure_valid(validate_update(_update(data), entity.country_code, ReferenceSet.load(session), len(entity.sites)))
    held = official_fields(session, entity) & set(given)
    result = EditResult(entity)
    if held:
        result.pending = Submission(
            kind="edit",
            entity_id=entity.id,
            submitter_id=user.id,
            # "before": the held sections as the representative saw them; approval refuses if they changed since
            payload={
                "changes": {k: data[k] for k in sorted(held)},
                "version": expected_version,
                "before": collection_snapshot(entity, sorted(held)),
            },
        )
        session.add(result.pending)
        session.flush()
        audit(session, user, "edit.submitted", {"submission": result.pending.id, "producer": public_id})
    now = {k: v for k, v in data.items() if k not in held}
    if now:
        result.entity = apply_edit(session, public_id, now, expected_version=expected_version, actor=actor_of(user))
        result.applied = sorted(now)
    return result


_ROW_MODELS: dict[str, type[BaseModel]] = {
    "names": NameIn,
    "sites": SiteIn,
    "product_lines": ProductLineIn,
    "certificates": CertificateIn,
    "contacts": ContactIn,
}


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    return str(value)


def _row_text(row: dict[str, Any], keys: list[str]) -> str:
    return "; ".join(f"{k}: {_shown(row[k])}" for k in keys if row.get(k) not in (None, "", []))


def edit_diff(payload: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """What a pending edit changes, per section: each row as one line, ``removed`` (in what the representative saw,
    not in the edit), ``kept`` or ``added``; compared on the fields an edit can set (a product line's site is not in
    the stored "before", so it is left out of both sides)."""
    out: dict[str, list[dict[str, str]]] = {}
    for section, after_rows in payload.get("changes", {}).items():
        keys = [k for k in _ROW_MODELS[section].model_fields if k != "site_index"]
        before = [_row_text(r, keys) for r in payload.get("before", {}).get(section, [])]
        after = [_row_text(r, keys) for r in after_rows]
        out[section] = [{"op": "removed", "text": t} for t in before if t not in after] + [
            {"op": "kept" if t in before else "added", "text": t} for t in after
        ]
    return out


def edit_view(session: Session, user: User, public_id: str) -> dict[str, Any]:
    """What the representative's edit page shows: the producer, its official parts and certificate scans;
    :class:`NotRepresentative` for anyone who does not represent it."""
    entity = registry.get_producer(session, public_id)
    if not is_representative(session, user.id, entity.id):
        raise NotRepresentative(public_id)
    scans = session.scalars(
        select(Upload).where(Upload.entity_id == entity.id, Upload.purpose == "certificate").order_by(Upload.id)
    )
    producer = registry.describe_producer(session, public_id)
    # which site each product line is made at, as an index into the sites (both listed by id, as described): the
    # edit form sends it back, so saving the product lines keeps their sites
    site_ids = [site.id for site in entity.sites]
    for line, row in zip(entity.product_lines, producer["product_lines"], strict=False):
        row["site_index"] = site_ids.index(line.site_id) if line.site_id in site_ids else None
    return {
        "p": producer,
        "official": official_fields(session, entity),
        "uploads": list(scans),
    }


def attach_certificate_scan(
    session: Session,
    user: User,
    public_id: str,
    stream: BinaryIO,
    name: str,
    *,
    upload_dir: Path,
    max_bytes: int,
    label: str | None = None,
) -> Upload:
    """Store a certificate's scan for producer ``public_id`` (its representatives only: checked before any byte
    is written)."""
    entity = registry.get_producer(session, public_id)
    if not is_representative(session, user.id, entity.id):
        raise NotRepresentative(public_id)
    stored = store_upload(stream, name, upload_dir=upload_dir, max_bytes=max_bytes)
    return record_upload(
        session,
        stored,
        owner_id=user.id,
        purpose="certificate",
        entity_id=entity.id,
        label=(label or "").strip() or None,
    )
