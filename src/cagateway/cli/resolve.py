"""``cagateway resolve``, ``cagateway review`` and ``cagateway unmerge``: entity resolution from the command line."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.ingest.resolution import decide_review, list_review, resolve_producers, unmerge_producer

__all__ = ["commands"]

ACTOR = "cli"


@click.command("resolve")
@click.option("--train", is_flag=True, help="Train the model again (it is trained anyway when none is saved).")
@json_option
@pass_app
@handle_errors
def resolve_cmd(app: AppContext, train: bool, as_json: bool) -> None:
    """Find records of the same producer across registers; merge the sure pairs, queue the unsure ones.

    Pairs scoring at least CAGATEWAY_RESOLUTION_MERGE_THRESHOLD merge into golden records; pairs from
    CAGATEWAY_RESOLUTION_REVIEW_THRESHOLD up go to the review queue (`cagateway review`). The model is saved
    at CAGATEWAY_RESOLUTION_MODEL_PATH.

    \b
    Example:
        cagateway resolve --train
        cagateway resolve --json
    """
    settings = app.settings
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=Console(stderr=True),
        disable=as_json, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("resolving", total=None)
        with app.db.writer() as session:
            report = resolve_producers(
                session,
                model_path=settings.resolution_model_path,
                merge_threshold=settings.resolution_merge_threshold,
                review_threshold=settings.resolution_review_threshold,
                train=train,
                actor=ACTOR,
                progress=lambda message: progress.update(task, description=message),
            )
    data = report.as_dict()

    def render(console: Console) -> None:
        console.print(
            f"{data['records']} records, {data['pairs_scored']} pairs scored: {data['auto_merged']} records "
            f"auto-merged into {data['clusters']} golden records, {data['queued_for_review']} pairs queued for review"
            + (" (model trained)" if data["trained"] else "")
        )

    emit(data, as_json, render)


def _render_items(items: list[dict[str, Any]]) -> Any:
    def render(console: Console) -> None:
        if not items:
            console.print("The review queue is empty.")
            return
        table = Table("id", "p", "left", "right")
        for item in items:
            left, right = item["left"], item["right"]
            table.add_row(
                str(item["id"]),
                f"{item['match_probability']:.3f}" if item["match_probability"] is not None else "",
                f"{left['id']} {left['name']} ({left['country']}, {left['city'] or '-'})",
                f"{right['id']} {right['name']} ({right['country']}, {right['city'] or '-'})",
            )
        console.print(table)

    return render


@click.group("review", invoke_without_command=True)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000), help="How many items.")
@json_option
@pass_app
@click.pass_context
@handle_errors
def review_group(ctx: click.Context, app: AppContext, limit: int, as_json: bool) -> None:
    """List the pairs waiting for a person's decision; `review accept ID` merges, `review reject ID` keeps apart.

    \b
    Example:
        cagateway review --json
        cagateway review accept 12
        cagateway review reject 13
    """
    if ctx.invoked_subcommand is not None:
        return
    with app.db.session() as session:
        items = list_review(session, limit=limit)
    emit(items, as_json, _render_items(items))


def _decide(app: AppContext, item_id: int, accept: bool, as_json: bool) -> None:
    with app.db.writer() as session:
        result = decide_review(session, item_id, accept=accept, actor=ACTOR)
    golden = f", golden record {result['golden']}" if result["golden"] else ""
    emit(result, as_json, lambda console: console.print(f"Review item {item_id} {result['status']}{golden}."))


@review_group.command("accept")
@click.argument("item_id", type=int)
@json_option
@pass_app
@handle_errors
def accept_cmd(app: AppContext, item_id: int, as_json: bool) -> None:
    """Merge the two records of review item ITEM_ID (with whatever each is already merged with).

    \b
    Example:
        cagateway review accept 12 --json
    """
    _decide(app, item_id, True, as_json)


@review_group.command("reject")
@click.argument("item_id", type=int)
@json_option
@pass_app
@handle_errors
def reject_cmd(app: AppContext, item_id: int, as_json: bool) -> None:
    """Keep the two records of review item ITEM_ID apart; `resolve` will not merge them.

    \b
    Example:
        cagateway review reject 13
    """
    _decide(app, item_id, False, as_json)


@click.command("unmerge")
@click.argument("public_id")
@json_option
@pass_app
@handle_errors
def unmerge_cmd(app: AppContext, public_id: str, as_json: bool) -> None:
    """Dissolve golden record PUBLIC_ID (or the one record PUBLIC_ID is merged into): its sources are live again.

    The golden record is soft-deleted (its id is never reused) and its records will not be merged again.

    \b
    Example:
        cagateway unmerge 7K2M9QH4TX --json
    """
    with app.db.writer() as session:
        golden, members = unmerge_producer(session, public_id, actor=ACTOR)
        data = {"golden": golden.public_id, "restored": [m.public_id for m in members]}
    emit(data, as_json, lambda console: console.print(f"Unmerged {data['golden']}: {', '.join(data['restored'])}"))


commands = [resolve_cmd, review_group, unmerge_cmd]
