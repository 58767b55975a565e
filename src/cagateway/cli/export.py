"""``cagateway export``: write the public registry to a CSV, JSON lines or Parquet file."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.registry.export import FORMATS, ExportFormat, ExportSummary, count_exportable, export_to_path


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="File format (default: from PATH's suffix).")
@click.option("--country", help="Only producers of this country (ISO alpha-2), e.g. KZ.")
@json_option
@pass_app
@handle_errors
def command(app: AppContext, path: Path, fmt: ExportFormat | None, country: str | None, as_json: bool) -> None:
    """Export every live producer's public fields (no personal contacts), streamed in batches.

    The same data as GET /api/v1/export.csv, .jsonl and .parquet; memory stays flat at any registry size.

    \b
    Example:
        cagateway export --format parquet producers.parquet --json
        cagateway export producers.csv --country KZ
    """
    chosen = fmt or _format_of(path)
    started = time.perf_counter()
    console = Console(stderr=True)  # progress on stderr: stdout stays clean for --json
    columns = (TextColumn(f"Exporting {chosen}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with app.db.session() as session, Progress(*columns, console=console, disable=not console.is_terminal) as bar:
        task = bar.add_task("export", total=count_exportable(session, country))
        written = export_to_path(session, chosen, path, country=country, on_batch=lambda n: bar.advance(task, n))
    summary = ExportSummary(chosen, str(path), written, path.stat().st_size, round(time.perf_counter() - started, 3))
    emit(
        {"ok": True, **summary.as_dict()},
        as_json,
        lambda c: c.print(f"Wrote {written} producers to {path} ({summary.bytes:,} bytes, {summary.seconds} s)."),
    )


def _format_of(path: Path) -> ExportFormat:
    suffix = path.suffix.lstrip(".").lower()
    for fmt in FORMATS:
        if suffix == fmt:
            return fmt
    raise click.BadParameter(f"say --format {'|'.join(FORMATS)}: {path.name!r} has no known suffix", param_hint="PATH")
