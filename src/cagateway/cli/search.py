"""``cagateway search``: find producers by name, product, place, HS code or identifier, in any script."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.registry.schemas import TIERS
from cagateway.search import SORTS, SearchFilters, rebuild_index, search_producers


class _QueryByDefault(click.Group):
    """``cagateway search QUERY`` runs the ``query`` sub-command; ``cagateway search reindex`` rebuilds."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in {"-h", "--help"}:
            args = ["query", *args]
        return super().parse_args(ctx, args)


@click.group("search", cls=_QueryByDefault)
def command() -> None:
    """Search producers in any script and language, or rebuild the search index.

    \b
    Example:
        cagateway search "Ontustik cement" --json
        cagateway search цемент --country KZ --hs 2523
        cagateway search reindex
    """


def _render(result: dict[str, Any]) -> Any:
    def render(console: Console) -> None:
        table = Table("id", "name", "country", "city", "HS codes", "score")
        for hit in result["hits"]:
            table.add_row(hit["id"], hit["name"], hit["country"], hit["city"] or "", " ".join(hit["hs_codes"]),
                          f"{hit['score']:.1f}")  # fmt: skip
        console.print(table)
        total = result["total"]
        console.print(f"{total} producers match." if total >= 0 else "")
        for note in result["notes"]:
            console.print(f"[yellow]{note}[/yellow]")
        if result["next_cursor"]:
            console.print(f"More: --cursor {result['next_cursor']}")

    return render


@command.command("query")
@click.argument("query", nargs=-1)
@click.option("--country", help="ISO alpha-2 country, e.g. KZ.")
@click.option("--region", help="ISO 3166-2 region, e.g. KZ-79.")
@click.option("--hs", help="HS code or prefix: 25, 2523, 25.23 or 252329.")
@click.option("--tier", type=click.Choice(TIERS), help="Minimum verification tier.")
@click.option("--certificate", help="Certificate kind, e.g. 'ISO 9001' or Halal.")
@click.option("--min-capacity", type=float, help="Minimum yearly capacity of any product line.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--limit", default=20, show_default=True, type=int, help="Hits per page (1-100).")
@click.option("--cursor", help="Continue after the page that printed this cursor.")
@json_option
@pass_app
@handle_errors
def query_cmd(
    app: AppContext,
    query: tuple[str, ...],
    country: str | None,
    region: str | None,
    hs: str | None,
    tier: str | None,
    certificate: str | None,
    min_capacity: float | None,
    sort: str,
    limit: int,
    cursor: str | None,
    as_json: bool,
) -> None:
    """Search producers; each JSON hit explains its score in "why".

    \b
    Example:
        cagateway search query "цемент Шымкент" --limit 5 --json
    """
    filters = SearchFilters(country, region, hs, tier, certificate, min_capacity)
    with app.db.session() as session:
        result = search_producers(session, " ".join(query), filters, limit=limit, cursor=cursor, sort=sort)
        data = result.as_dict()
    emit(data, as_json, _render(data))


@command.command("reindex")
@json_option
@pass_app
@handle_errors
def reindex_cmd(app: AppContext, as_json: bool) -> None:
    """Rebuild the search index from the registry (after a bulk load that bypassed the ORM, e.g. demo load).

    \b
    Example:
        cagateway search reindex --json
    """
    columns = (TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, disable=as_json, console=Console(stderr=True)) as progress:
        task = progress.add_task("index", total=None)
        result = rebuild_index(app.db, progress=lambda done, total: progress.update(task, completed=done, total=total))
    emit(
        result, as_json, lambda console: console.print(f"Indexed {result['indexed']} producers ({result['backend']}).")
    )
