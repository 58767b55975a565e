"""``cagateway moderation list|approve|reject``: the moderation queues from the command line.

The CLI is the operator's own access to the database, so it needs no log-in; its decisions are audited as made
"via cli" and the submitter gets the reason by mail and on their account page, as for a decision in the portal.
"""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.moderation import services
from cagateway.moderation.models import KINDS, STATUSES

__all__ = ["command"]


@click.group("moderation")
def command() -> None:
    """Claims, edits of official data, reports and new producers waiting for a moderator.

    \b
    Example:
        cagateway moderation list --kind claim
        cagateway moderation approve 12 --reason "Register extract matches the BIN"
    """


def _summary(item: dict[str, Any]) -> str:
    payload = item["payload"]
    if item["kind"] == "claim":
        return f"by {payload.get('method')}" + (f": {item['upload']['name']}" if item["upload"] else "")
    if item["kind"] == "report":
        return f"duplicate of {payload['duplicate_of']}" if payload.get("duplicate_of") else str(payload.get("text"))
    if item["kind"] == "edit":
        return "changes " + ", ".join(sorted(payload.get("changes", {})))
    return "new producer " + str(payload.get("producer", {}).get("names", [{}])[0].get("value", ""))


def _render(items: list[dict[str, Any]]) -> Any:
    def render(console: Console) -> None:
        if not items:
            console.print("Nothing in this queue.")
            return
        table = Table("id", "kind", "status", "producer", "from", "what", "reason")
        for item in items:
            producer = item["producer"]
            table.add_row(
                str(item["id"]),
                item["kind"],
                item["status"],
                f"{producer['id']} {producer['name']}" if producer else "",
                item["submitter_email"] or "",
                _summary(item)[:60],
                item["reason"] or "",
            )
        console.print(table)

    return render


@command.command("list")
@click.option("--kind", type=click.Choice(KINDS), help="Only this queue (default: every kind).")
@click.option("--status", type=click.Choice(STATUSES), default="pending", show_default=True, help="Which ones.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10000), help="How many.")
@json_option
@pass_app
@handle_errors
def list_cmd(app: AppContext, kind: str | None, status: str, limit: int, as_json: bool) -> None:
    """List submissions waiting for a decision (or decided ones, with --status), oldest first.

    \b
    Example:
        cagateway moderation list --json
        cagateway moderation list --kind report --status rejected
    """
    with app.db.session() as session:
        items = services.list_submissions(session, kind=kind, status=status, limit=limit)
    emit(items, as_json, _render(items))


def _decide(app: AppContext, submission_id: int, approve: bool, reason: str, as_json: bool) -> None:
    with app.db.writer() as session:
        services.decide_submission(session, None, submission_id, approve=approve, reason=reason)
        item = services.get_submission(session, submission_id)
    emit(item, as_json, lambda console: console.print(f"Submission {submission_id} {item['status']}: {reason}"))


_reason = click.option("--reason", required=True, help="Why; the submitter reads it (account page and mail).")


@command.command("approve")
@click.argument("submission_id", type=click.IntRange(1))
@_reason
@json_option
@pass_app
@handle_errors
def approve_cmd(app: AppContext, submission_id: int, reason: str, as_json: bool) -> None:
    """Approve SUBMISSION_ID: link a claimant, apply an edit, create a registered producer, merge a duplicate.

    \b
    Example:
        cagateway moderation approve 12 --reason "Register extract matches the BIN" --json
    """
    _decide(app, submission_id, True, reason, as_json)


@command.command("reject")
@click.argument("submission_id", type=click.IntRange(1))
@_reason
@json_option
@pass_app
@handle_errors
def reject_cmd(app: AppContext, submission_id: int, reason: str, as_json: bool) -> None:
    """Reject SUBMISSION_ID; nothing changes in the registry, the submitter is told why.

    \b
    Example:
        cagateway moderation reject 13 --reason "The document names another company"
    """
    _decide(app, submission_id, False, reason, as_json)
