"""``cagateway producers``: list and show registered producers."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.registry import services
from cagateway.registry.schemas import TIERS, ProducerFilter
from cagateway.registry.serialise import producer_summary


@click.group("producers")
def command() -> None:
    """List and show producers in the registry."""


def _render_list(items: list[dict[str, Any]], next_cursor: str | None) -> Any:
    def render(console: Console) -> None:
        table = Table("id", "name", "country", "city", "HS codes", "tier")
        for p in items:
            table.add_row(
                p["id"],
                p["name"],
                p["country"],
                p["city"] or "",
                " ".join(p["hs_codes"]),
                p["verification_tier"],
            )
        console.print(table)
        if next_cursor:
            console.print(f"More: --cursor {next_cursor}")

    return render


@command.command("list")
@click.option("--country", help="ISO alpha-2 country, e.g. KZ.")
@click.option("--region", help="ISO 3166-2 region, e.g. KZ-79.")
@click.option("--hs", help="HS prefix: 25, 2523 or 252329.")
@click.option("--tier", type=click.Choice(TIERS), help="Verification tier.")
@click.option("--source", help="Only producers with a record from this source, e.g. demo.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000), help="Page size.")
@click.option("--cursor", help="Continue after the page that printed this cursor.")
@json_option
@pass_app
@handle_errors
def list_cmd(
    app: AppContext,
    country: str | None,
    region: str | None,
    hs: str | None,
    tier: str | None,
    source: str | None,
    limit: int,
    cursor: str | None,
    as_json: bool,
) -> None:
    """List producers, filtered; one page at a time.

    \b
    Example:
        cagateway producers list --country KZ --hs 2523 --json
    """
    filters = ProducerFilter.model_validate(
        {"country": country, "region": region, "hs": hs, "tier": tier, "source": source}
    )
    with app.db.session() as session:
        page = services.list_producers(session, filters, cursor=cursor, limit=limit)
        items = [producer_summary(e) for e in page.items]
    emit({"items": items, "next_cursor": page.next_cursor}, as_json, _render_list(items, page.next_cursor))


def _render_detail(d: dict[str, Any]) -> Any:
    def render(console: Console) -> None:
        console.print(
            f"[bold]{d['name']}[/bold]  ({d['id']}, {d['country']}, {d['legal_form'] or '-'}, "
            f"{d['verification_tier']}, version {d['version']})"
        )
        for n in d["names"]:
            console.print(f"  name [{n['lang'] or '?'}/{n['script'] or '?'}, {n['kind']}]: {n['value']}")
        for i in d["identifiers"]:
            console.print(f"  {i['scheme']} {i['value']} ({i['status']})")
        for s in d["sites"]:
            console.print(f"  site {s['kind']}: {s['city'] or ''} {s['region'] or ''} {s['address'] or ''}")
        for p in d["product_lines"]:
            cap = f"{p['capacity']:g} {p['capacity_unit']}/yr" if p["capacity"] is not None else ""
            console.print(f"  HS {p['hs_code']} {p['description'] or ''} {cap}")
        for c in d["certificates"]:
            console.print(
                f"  certificate {c['kind']} {c['number'] or ''} to {c['valid_to']}"
                + (" (expired)" if c["expired"] else "")
            )
        for s in d["sources"]:
            console.print(f"  source {s['source']}: {s['source_record_id']}")

    return render


@command.command("show")
@click.argument("public_id")
@json_option
@pass_app
@handle_errors
def show_cmd(app: AppContext, public_id: str, as_json: bool) -> None:
    """Show one producer with everything known about it and the source records merged into it.

    \b
    Example:
        cagateway producers show 3k9x2m7q4p --json
    """
    with app.db.session() as session:
        detail = services.describe_producer(session, public_id)
    emit(detail, as_json, _render_detail(detail))
