"""Claims of producers: a user proves they speak for a producer and becomes its representative.

Proof is either an e-mail address at the producer's website domain (the claimant's verified e-mail's registrable
domain equals the website's: approved at once and recorded as automatic), or a document (PDF/PNG/JPEG) that a
moderator reviews.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList
from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.accounts.models import User
from cagateway.db.base import utcnow
from cagateway.moderation.errors import AlreadyClaimed, ClaimNotProvable, UploadForbidden
from cagateway.moderation.models import Submission, Upload
from cagateway.moderation.notify import audit, mail, make_representative
from cagateway.moderation.representatives import is_representative, link_representative
from cagateway.registry.models import Contact, LegalEntity
from cagateway.registry.services import get_producer

__all__ = ["email_domain_matches", "registrable_domain", "submit_claim"]


@cache
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()  # the list bundled with the package: no download


def registrable_domain(address: str | None) -> str | None:
    """The registrable domain (public suffix + one label) of a URL, host name or e-mail address.

    ``https://www.cement.kz/about`` → ``cement.kz``; ``sales@mail.cement.kz`` → ``cement.kz``; a bare public
    suffix or an IP address → None.
    """
    if not address:
        return None
    text = address.strip().lower()
    if "@" in text and "/" not in text:
        host = text.rsplit("@", 1)[1]
    else:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    host = host.rstrip(".")
    if not host or host.replace(".", "").isdigit() or ":" in host:
        return None
    domain = _suffixes().privatesuffix(host)
    return str(domain) if domain else None


def _websites(session: Session, entity: LegalEntity) -> list[str]:
    contacts = session.scalars(select(Contact.value).where(Contact.entity_id == entity.id, Contact.kind == "website"))
    return [w for w in [entity.website, *contacts] if w]


def email_domain_matches(session: Session, user: User, entity: LegalEntity) -> str | None:
    """The shared domain when ``user``'s verified e-mail is at one of the producer's websites; else None."""
    if not user.is_verified:
        return None
    mine = registrable_domain(user.email)
    sites = {registrable_domain(w) for w in _websites(session, entity)}
    return mine if mine and mine in sites else None


def _ensure_claimable(session: Session, user: User, entity: LegalEntity) -> None:
    if is_representative(session, user.id, entity.id):
        raise AlreadyClaimed(
            f"You already represent {entity.public_id}: edit it at /producers/{entity.public_id}/edit."
        )
    pending = session.scalar(
        select(Submission.id).where(
            Submission.kind == "claim",
            Submission.status == "pending",
            Submission.entity_id == entity.id,
            Submission.submitter_id == user.id,
        )
    )
    if pending is not None:
        raise AlreadyClaimed(f"Your claim {pending} of {entity.public_id} is waiting for a moderator.")


def _approve_automatically(session: Session, user: User, entity: LegalEntity, domain: str) -> Submission:
    reason = f"Approved automatically: your verified e-mail address is at {domain}, the producer's website domain."
    claim = Submission(
        kind="claim",
        status="approved",
        entity_id=entity.id,
        submitter_id=user.id,
        payload={"method": "email", "domain": domain},
        auto=True,
        reason=reason,
        decided_at=utcnow(),
    )
    session.add(claim)
    session.flush()
    link_representative(session, user.id, entity.id, claim.id)
    make_representative(session, user, user)
    audit(session, user, "claim.approved", {"submission": claim.id, "producer": entity.public_id, "auto": True})
    body = f"{reason}\n\nEdit the profile at /producers/{entity.public_id}/edit."
    mail(session, user, f"You now represent {entity.display_name}", body)
    return claim


def submit_claim(
    session: Session,
    user: User,
    public_id: str,
    *,
    method: str,
    message: str = "",
    upload: Upload | None = None,
) -> Submission:
    """Claim producer ``public_id`` for ``user``, by ``method`` ``email`` (decided at once) or ``document``."""
    entity = get_producer(session, public_id)
    _ensure_claimable(session, user, entity)
    if method == "email":
        domain = email_domain_matches(session, user, entity)
        if domain is None:
            raise ClaimNotProvable(_no_match_message(session, user, entity))
        return _approve_automatically(session, user, entity, domain)
    if upload is None:
        raise ClaimNotProvable("Upload a document that shows you speak for the producer (PDF, PNG or JPEG).")
    if upload.owner_id != user.id:
        raise UploadForbidden()
    claim = Submission(
        kind="claim",
        entity_id=entity.id,
        submitter_id=user.id,
        payload={"method": "document", "message": message.strip()[:2000]},
        upload_id=upload.id,
    )
    session.add(claim)
    session.flush()
    upload.entity_id = entity.id
    audit(session, user, "claim.submitted", {"submission": claim.id, "producer": entity.public_id})
    return claim


def _no_match_message(session: Session, user: User, entity: LegalEntity) -> str:
    if not user.is_verified:
        return "Verify your e-mail address first (see your account page), or upload a document instead."
    sites = sorted({d for w in _websites(session, entity) if (d := registrable_domain(w))})
    if not sites:
        return "This producer has no website on record, so an e-mail address cannot prove the claim: upload a document."
    return (
        f"Your e-mail address is not at the producer's website domain ({', '.join(sites)}). "
        "Sign up with an address at that domain, or upload a document instead."
    )
