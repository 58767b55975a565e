"""What moderation hands to accounts: the audit log, the mail outbox and role changes (all ACC's services)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cagateway.accounts import audit as audit_log
from cagateway.accounts.mail import queue_mail
from cagateway.accounts.models import User
from cagateway.accounts.services import set_role

__all__ = ["audit", "mail", "make_representative"]


def audit(session: Session, actor: User | None, event: str, details: dict[str, Any]) -> None:
    """Append ``event`` to the audit log (``actor`` None: the command line, by an operator)."""
    audit_log.record(session, event, actor, details | ({} if actor else {"via": "cli"}))


def mail(session: Session, user: User, subject: str, body: str) -> None:
    """Queue a mail to ``user`` in the outbox."""
    queue_mail(session, user.email, subject, body)


def make_representative(session: Session, user: User, actor: User | None) -> None:
    """Give ``user`` the representative role (audited by accounts) unless they hold a higher one.

    Accounts ends the user's sessions on a role change, so the new rights start with a fresh log-in.
    """
    if user.role == "buyer":
        set_role(session, user, "representative", by=actor)
