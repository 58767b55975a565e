"""Verification tiers change only by a moderator, who records what they checked; the record shows on the profile."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.accounts.models import User
from cagateway.errors import FieldError, InvalidInput
from cagateway.moderation.edits import actor_of
from cagateway.moderation.models import VerificationRecord
from cagateway.moderation.notify import audit
from cagateway.registry import services as registry
from cagateway.registry.schemas import TIERS, ProducerUpdate

__all__ = ["CHECKS", "REQUIRED", "set_verification_tier", "verification_records"]

# What a moderator can have checked, in the words the form shows.
CHECKS: dict[str, str] = {
    "registry_extract": "Matched against an extract of the national register (name, identifier, address)",
    "identifier_checksum": "National identifier has a valid checksum",
    "documents": "Registration documents seen (certificate of registration, charter)",
    "certificates": "Product certificates seen and found valid",
    "website": "Website and its domain belong to the producer",
    "phone": "Reached the producer at a listed phone number",
    "site_visit": "Production site visited",
}
# The checks each tier needs at least.
REQUIRED: dict[str, set[str]] = {
    "unverified": set(),
    "registry_matched": {"registry_extract"},
    "documents_checked": {"registry_extract", "documents"},
    "site_visited": {"registry_extract", "documents", "site_visit"},
}


def _check_input(tier: str, checks: list[str], note: str) -> list[FieldError]:
    errors = []
    if tier not in TIERS:
        errors.append(FieldError("tier", f"the tier is one of {', '.join(TIERS)}", tier))
        return errors
    unknown = sorted(set(checks) - set(CHECKS))
    if unknown:
        errors.append(FieldError("checks", f"unknown checks; known: {', '.join(CHECKS)}", unknown))
    missing = sorted(REQUIRED[tier] - set(checks))
    if missing:
        errors.append(FieldError("checks", f"tier {tier} needs these checks: {', '.join(missing)}", checks))
    if not note.strip():
        errors.append(FieldError("note", "say what you checked and where (kept with the decision)", note))
    return errors


def set_verification_tier(
    session: Session, moderator: User | None, public_id: str, *, tier: str, checks: list[str], note: str
) -> VerificationRecord:
    """Set the tier of ``public_id`` and record the checks behind it (``moderator`` None: the CLI's operator)."""
    errors = _check_input(tier, checks, note)
    if errors:
        raise InvalidInput(f"The tier was not changed: fix {', '.join(sorted({e.field for e in errors}))}.", errors)
    entity = registry.get_producer(session, public_id)
    before = entity.verification_tier
    registry.update_producer(
        session,
        public_id,
        ProducerUpdate.model_validate({"verification_tier": tier}),
        expected_version=entity.version,
        actor=actor_of(moderator) if moderator else "cli",
    )
    record = VerificationRecord(
        entity_id=entity.id,
        tier_from=before,
        tier_to=tier,
        checks=sorted(set(checks)),
        note=note.strip(),
        moderator_id=moderator.id if moderator else None,
    )
    session.add(record)
    session.flush()
    audit(session, moderator, "verification.changed", {"producer": public_id, "from": before, "to": tier})
    return record


def verification_records(session: Session, entity_id: int) -> list[dict[str, Any]]:
    """The tier changes of a producer, newest first, with the checks in words (for its profile)."""
    rows = session.scalars(
        select(VerificationRecord)
        .where(VerificationRecord.entity_id == entity_id)
        .order_by(VerificationRecord.id.desc())
    )
    return [
        {
            "at": r.created_at.isoformat(),
            "tier_from": r.tier_from,
            "tier_to": r.tier_to,
            "checks": r.checks,
            "checks_text": [CHECKS.get(c, c) for c in r.checks],
            "note": r.note,
        }
        for r in rows
    ]
