"""``cagateway demo``: a GENERATED demo data set (fictitious producers, not real companies)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.demo.loader import DemoReport, load_demo


@click.group("demo")
def command() -> None:
    """Demo data: GENERATED producers, not real companies."""


@contextmanager
def _progress_bar(total: int) -> Iterator[Any]:
    """A progress bar on stderr (stdout stays clean for --json); silent when stderr is not a terminal."""
    console = Console(stderr=True)
    columns = (TextColumn("Loading demo producers"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        task = progress.add_task("load", total=total)
        yield lambda advance: progress.advance(task, advance)


def _render(report: DemoReport, console: Console) -> None:
    if report.status == "skipped":
        console.print(report.message)
        return
    counts = report.counts
    if report.deleted:
        console.print(f"Deleted {report.deleted:,} earlier demo producers.")
    console.print(
        f"Loaded {counts['producers']:,} GENERATED demo producers (batch {report.batch_id}, seed {report.seed}): "
        f"{counts['names']:,} names, {counts['sites']:,} sites, {counts['product_lines']:,} product lines."
    )
    console.print(
        f"{report.rows:,} rows in {report.seconds:.1f} s: {report.rate(report.rows):,.0f} rows/s, "
        f"{report.rate(counts['producers']):,.0f} producers/s."
    )


@command.command("load")
@click.option("--size", default=5000, show_default=True, type=click.IntRange(min=1), help="Producers to generate.")
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same data set.")
@click.option("--replace", is_flag=True, help="Delete the demo producers already loaded, then load anew.")
@json_option
@pass_app
@handle_errors
def load_cmd(app: AppContext, size: int, seed: int, replace: bool, as_json: bool) -> None:
    """Load a GENERATED demo data set: fictitious producers, not real companies.

    Producers in the five Central Asian countries and the partner countries, with names as each register
    writes them, valid identifiers, real cities, real HS codes, certificates and contacts on made-up domains.
    Every record's provenance is marked "generated". If demo data is loaded already, nothing is done unless
    --replace is given (which deletes the demo producers, and only them, first).

    \b
    Example:
        cagateway demo load
        cagateway demo load --size 1000000 --seed 7 --replace
    """
    with _progress_bar(size) as advance:
        report = load_demo(app.db, size, seed, replace=replace, progress=advance)
    emit(report.as_dict(), as_json, lambda console: _render(report, console))
