"""``cagateway rfq``: buyer requests for operators — list, show, expire."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.db.base import utcnow
from cagateway.rfq import services
from cagateway.rfq.models import REQUEST_STATUSES
from cagateway.rfq.serialise import request_summary, request_view


@click.group("rfq")
def command() -> None:
    """Buyer requests (RFQs): list them, show one with its matches and quotes, expire those past deadline."""


def _render_list(items: list[dict[str, Any]]) -> Any:
    def render(console: Console) -> None:
        table = Table("id", "status", "HS", "product", "quantity", "to", "deadline", "matches", "quotes")
        for r in items:
            table.add_row(
                r["id"], r["status"], r["hs_code"], r["description"][:40], f"{r['quantity']:g} {r['unit']}",
                r["destination"]["label"], r["deadline"], str(r["matches_count"]), str(r["quotes_count"]),
            )  # fmt: skip
        console.print(table)

    return render


@command.command("list")
@click.option("--status", type=click.Choice(REQUEST_STATUSES), help="Only requests in this state.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000), help="How many, newest first.")
@json_option
@pass_app
@handle_errors
def list_cmd(app: AppContext, status: str | None, limit: int, as_json: bool) -> None:
    """List buyer requests, newest first (the buyer is never shown).

    \b
    Example:
        cagateway rfq list --status open --json
    """
    today = utcnow().date()
    with app.db.session() as session:
        items = [request_summary(r, today) for r in services.list_requests(session, status, limit)]
    emit({"items": items}, as_json, _render_list(items))


def _render_detail(d: dict[str, Any]) -> Any:
    def render(console: Console) -> None:
        console.print(
            f"[bold]{d['id']}[/bold] {d['status']}: HS {d['hs_code']} {d['description']} — "
            f"{d['quantity']:g} {d['unit']}, {d['incoterm']} {d['destination']['label']}, until {d['deadline']}"
        )
        for m in d["matches"]:
            mark = "" if m["notified"] else " (no representative: not notified)"
            console.print(f"  {m['rank']:>2}. {m['producer']} {m['name']} ({m['country']}) {m['score']:g}{mark}")
            console.print(f"      {'; '.join(m['reasons'])}")
        for q in d["quotes"]:
            console.print(
                f"  quote {q['id']} {q['status']}: {q['producer_name']} {q['price']:g} {q['currency']}/"
                f"{q['price_unit']}, {q['quantity']:g}, {q['incoterm']} {q['delivery_place']}, valid to "
                f"{q['valid_until']}"
            )

    return render


@command.command("show")
@click.argument("public_id")
@json_option
@pass_app
@handle_errors
def show_cmd(app: AppContext, public_id: str, as_json: bool) -> None:
    """Show one buyer request with its matched producers (score and reasons) and quotes.

    \b
    Example:
        cagateway rfq show 7h2kq9m4xd --json
    """
    viewer = services.Viewer(None)
    with app.db.session() as session:
        request = services.get_request(session, public_id, viewer)
        detail = request_view(session, request, viewer, utcnow().date())
    emit(detail, as_json, _render_detail(detail))


@command.command("expire")
@json_option
@pass_app
@handle_errors
def expire_cmd(app: AppContext, as_json: bool) -> None:
    """Mark every open request past its deadline as expired (reads already treat them so).

    \b
    Example:
        cagateway rfq expire --json
    """
    with app.db.writer() as session:
        expired = services.expire_requests(session)
    emit({"expired": expired}, as_json, lambda console: console.print(f"{len(expired)} requests expired"))
