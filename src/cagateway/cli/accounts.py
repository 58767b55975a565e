"""``cagateway accounts``: administrators, users and roles, the mail outbox and the audit log (local operator
commands: they act on the database directly, without logging in)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click
import pyotp
from rich.console import Console
from rich.table import Table

from cagateway.accounts import audit, mail, services
from cagateway.accounts.models import ROLES, AuditEvent, OutboxMail, User
from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.errors import NotFound

__all__ = ["command"]


@click.group("accounts")
def command() -> None:
    """User accounts: create administrators, list users, change roles, read the mail outbox and the audit log."""


def _user(user: User) -> dict[str, Any]:
    return {
        "id": user.public_id,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "email_verified": user.email_verified_at is not None,
        "totp": user.totp_enabled,
        "disabled": user.disabled,
        "created_at": user.created_at,
    }


@command.command("create-admin")
@click.argument("email")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="The password (asked for when not given; at least 10 characters).",
)
@json_option
@pass_app
@handle_errors
def create_admin_cmd(app: AppContext, email: str, password: str, as_json: bool) -> None:
    """Create an administrator EMAIL (e-mail verified) with TOTP on, and print the otpauth:// URI to add to an
    authenticator app: administrators must give a TOTP code at every log-in.

    \b
    Example:
        cagateway accounts create-admin admin@example.org
    """
    with app.db.writer() as session:
        user = services.create_user(session, email, password, role="admin", verified=True)
        user.totp_secret, user.totp_enabled = pyotp.random_base32(), True
        uri = services.totp_uri(user)
        audit.record(session, "user.created", None, {"user": user.public_id, "role": "admin", "via": "cli"})
        data = {**_user(user), "totp_uri": uri}

    def render(console: Console) -> None:
        console.print(f"Administrator {data['email']} created ({data['id']}).", markup=False)
        console.print("Add this to your authenticator app (it is shown once):", markup=False)
        console.print(uri, markup=False, highlight=False, soft_wrap=True)

    emit(data, as_json, render)


@command.command("list")
@click.option("--role", type=click.Choice(ROLES), help="Only users of this role.")
@json_option
@pass_app
@handle_errors
def list_cmd(app: AppContext, role: str | None, as_json: bool) -> None:
    """List user accounts (oldest first).

    \b
    Example:
        cagateway accounts list --role moderator
    """
    with app.db.session() as session:
        users = [_user(u) for u in services.list_users(session, role)]

    def render(console: Console) -> None:
        table = Table("id", "e-mail", "role", "verified", "TOTP", "disabled")
        for u in users:
            table.add_row(
                u["id"], u["email"], u["role"], _yes(u["email_verified"]), _yes(u["totp"]), _yes(u["disabled"])
            )
        console.print(table)

    emit({"users": users}, as_json, render)


def _yes(value: bool) -> str:
    return "yes" if value else ""


@command.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@json_option
@pass_app
@handle_errors
def set_role_cmd(app: AppContext, email: str, role: str, as_json: bool) -> None:
    """Give the user EMAIL the role ROLE (buyer, representative, moderator, admin); audited. The user's sessions
    end. Moderators and administrators must then turn TOTP on (on /account) before they can moderate.

    \b
    Example:
        cagateway accounts set-role maria@example.org moderator
    """
    with app.db.writer() as session:
        user = services.find_user(session, email)
        if user is None:
            raise NotFound(f"No account with the e-mail {email!r}. `cagateway accounts list` shows them.")
        services.set_role(session, user, role)
        data = _user(user)
    emit(data, as_json, lambda console: console.print(f"{data['email']} is now {role}.", markup=False))


@command.command("disable")
@click.argument("email")
@click.option("--undo", is_flag=True, help="Open the account again.")
@json_option
@pass_app
@handle_errors
def disable_cmd(app: AppContext, email: str, undo: bool, as_json: bool) -> None:
    """Shut the account EMAIL (spam, abuse, a leaver): its sessions end, its API tokens stop working and it cannot
    log in; audited. --undo opens it again.

    \b
    Example:
        cagateway accounts disable spammer@example.org
    """
    with app.db.writer() as session:
        user = services.find_user(session, email)
        if user is None:
            raise NotFound(f"No account with the e-mail {email!r}. `cagateway accounts list` shows them.")
        services.set_disabled(session, user, not undo)
        data = _user(user)
    state = "open again" if undo else "disabled"
    emit(data, as_json, lambda console: console.print(f"{data['email']} is {state}.", markup=False))


def _mail(m: OutboxMail) -> dict[str, Any]:
    return {
        "id": m.id,
        "to": m.to_address,
        "subject": m.subject,
        "body": m.body,
        "created_at": m.created_at,
        "sent_at": m.sent_at,
        "attempts": m.attempts,
        "last_error": m.last_error,
    }


@command.command("outbox")
@click.option("--to", "to", help="Only mails to this address.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="How many, newest first.")
@json_option
@pass_app
@handle_errors
def outbox_cmd(app: AppContext, to: str | None, limit: int, as_json: bool) -> None:
    """Show the mail outbox, newest first: account mails (verification, password reset) that SMTP has not sent
    (all of them when CAGATEWAY_SMTP_HOST is unset).

    \b
    Example:
        cagateway accounts outbox --to maria@example.org --json
    """
    with app.db.session() as session:
        mails = [_mail(m) for m in mail.list_outbox(session, to, limit)]

    def render(console: Console) -> None:
        if not mails:
            console.print("The outbox is empty.")
        for m in mails:
            state = "sent" if m["sent_at"] else "not sent"
            console.rule(f"#{m['id']} to {m['to']} · {m['created_at']:%Y-%m-%d %H:%M} · {state}", style="dim")
            console.print(f"Subject: {m['subject']}\n\n{m['body']}", markup=False, highlight=False, soft_wrap=True)

    emit({"mails": mails}, as_json, render)


def _event(e: AuditEvent) -> dict[str, Any]:
    return {"id": e.id, "at": e.at, "event": e.event, "actor": e.actor_email, "ip": e.ip, "details": e.details}


@command.command("audit")
@click.option("--event", help="An event name (login.failure) or a prefix ending in a dot (login.).")
@click.option("--actor", help="Only events of this e-mail address.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only events from this day on (UTC).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000), help="How many, newest first.")
@json_option
@pass_app
@handle_errors
def audit_cmd(
    app: AppContext, event: str | None, actor: str | None, since: dt.datetime | None, limit: int, as_json: bool
) -> None:
    """Show the audit log, newest first: log-ins and failures, role changes, password resets, TOTP changes, API
    token creation, use and revocation, exports, claim and moderation decisions.

    \b
    Example:
        cagateway accounts audit --event login. --since 2026-11-01 --json
    """
    start = since.replace(tzinfo=dt.UTC) if since else None
    filters = audit.AuditFilter(event=event, actor=actor, since=start, limit=limit)
    with app.db.session() as session:
        events = [_event(e) for e in audit.list_events(session, filters)]

    def render(console: Console) -> None:
        table = Table("time (UTC)", "event", "actor", "ip", "details")
        for e in events:
            details = ", ".join(f"{k}={v}" for k, v in e["details"].items())
            table.add_row(f"{e['at']:%Y-%m-%d %H:%M:%S}", e["event"], e["actor"] or "", e["ip"] or "", details)
        console.print(table)

    emit({"events": events}, as_json, render)
