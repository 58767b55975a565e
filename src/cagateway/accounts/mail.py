"""Account mails: every mail goes to the outbox table first; with CAGATEWAY_SMTP_HOST set, :func:`deliver_pending`
sends it by SMTP (smtplib), otherwise it stays there to be read (``cagateway accounts outbox``, ``/dev/outbox``).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.accounts.models import OutboxMail
from cagateway.config import Settings
from cagateway.db import Database, utcnow
from cagateway.logs import get_logger

__all__ = ["deliver_pending", "dev_outbox_enabled", "list_outbox", "queue_mail"]

log = get_logger(__name__)
MAX_ATTEMPTS = 5


def queue_mail(session: Session, to: str, subject: str, body: str) -> OutboxMail:
    """Put a plain-text mail in the outbox (commits with the caller's transaction)."""
    mail = OutboxMail(to_address=to, subject=subject, body=body)
    session.add(mail)
    session.flush()
    return mail


def list_outbox(session: Session, to: str | None = None, limit: int = 50) -> list[OutboxMail]:
    """Mails newest first, optionally only those to ``to``."""
    stmt = select(OutboxMail).order_by(OutboxMail.id.desc()).limit(limit)
    if to:
        stmt = stmt.where(OutboxMail.to_address == to)
    return list(session.scalars(stmt))


def dev_outbox_enabled(settings: Settings) -> bool:
    """The /dev/outbox page: on when the setting says so, else on for SQLite (development) and off otherwise."""
    if settings.dev_outbox is not None:
        return settings.dev_outbox
    return settings.database_url.startswith("sqlite")


def _send(settings: Settings, mail: OutboxMail) -> None:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    with smtplib.SMTP(settings.smtp_host or "", settings.smtp_port, timeout=20) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)


def deliver_pending(db: Database, settings: Settings, limit: int = 20) -> int:
    """Send unsent mails by SMTP when CAGATEWAY_SMTP_HOST is set; returns how many went out. Without a host it
    does nothing: the mails stay in the outbox."""
    if not settings.smtp_host:
        return 0
    sent = 0
    with db.session() as session:
        ids = list(
            session.scalars(
                select(OutboxMail.id)
                .where(OutboxMail.sent_at.is_(None), OutboxMail.attempts < MAX_ATTEMPTS)
                .order_by(OutboxMail.id)
                .limit(limit)
            )
        )
    for mail_id in ids:
        with db.writer() as session:
            mail = session.get(OutboxMail, mail_id)
            if mail is None or mail.sent_at is not None:
                continue
            mail.attempts += 1
            try:
                _send(settings, mail)
            except (OSError, smtplib.SMTPException) as exc:
                mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
                log.warning("mail not sent", mail_id=mail.id, error=mail.last_error)
                continue
            mail.sent_at = utcnow()
            mail.last_error = None
            sent += 1
    return sent
