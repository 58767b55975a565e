"""``cagateway import`` and ``cagateway batches``: import a register file; list what was imported."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.ingest import ImportOptions, ImportReport, import_file
from cagateway.ingest.pipeline import DEFAULT_CHUNK
from cagateway.ingest.readers import FORMATS
from cagateway.ingest.status import list_batches

KINDS = ("official", "claimed", "crowdsourced", "generated")


@contextmanager
def _progress_bar(path: Path) -> Iterator[Callable[[int], None]]:
    """Rows done so far, on stderr (stdout stays clean for --json); silent when stderr is not a terminal."""
    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn(f"Importing {path.name}: {{task.completed:,}} rows"), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        task = progress.add_task("import", total=None)
        yield lambda advance: progress.advance(task, advance)


def _render(report: ImportReport, console: Console) -> None:
    counts = report.counts
    table = Table("read", "accepted", "rejected", "new", "updated", "unchanged", title=f"Batch {report.batch_id}")
    table.add_row(*(f"{getattr(counts, k):,}" for k in ("read", "accepted", "rejected", "new", "updated", "unchanged")))
    console.print(table)
    if report.resumed:
        console.print("Resumed an interrupted import of this file.")
    console.print(
        f"HS codes suggested (unconfirmed): {counts.hs_suggested:,}; product texts kept without a code: "
        f"{counts.hs_unclassified:,}."
    )
    if report.hs_skipped:
        console.print(f"HS suggestions were skipped: {report.hs_skipped}.")
    if report.rejects:
        console.print(f"Rejects report: {report.rejects[0]} and {report.rejects[1]}")
    console.print(f"{counts.read:,} rows in {report.seconds:.1f} s.")


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--source", required=True, help="Name of the source (register), e.g. kz-domestic-producers.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="File format; default: from the extension.")
@click.option("--mapping", type=click.Path(path_type=Path, exists=True, dir_okay=False), help="TOML mapping file.")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="claimed",
    show_default=True,
    help="Provenance of the data: official for a national register, claimed for self-declared lists.",
)
@click.option(
    "--rejects",
    "rejects_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the rejects report (default: current folder).",
)
@click.option("--chunk-size", default=DEFAULT_CHUNK, show_default=True, help="Rows per committed transaction.")
@json_option
@pass_app
@handle_errors
def command(
    app: AppContext,
    path: Path,
    source: str,
    fmt: str | None,
    mapping: Path | None,
    kind: Any,
    rejects_dir: Path | None,
    chunk_size: int,
    as_json: bool,
) -> None:
    """Import producers from a CSV, XLSX or JSONL file in the producer exchange format (or any layout, with
    a mapping file). Safe to repeat (unchanged rows are left alone) and to interrupt (a re-run resumes).

    Rejected rows are kept in staging and listed, with every problem, in <file>.batch<N>.rejects.csv and .json;
    importing a corrected file of just those rows completes the data set.

    \b
    Example:
        cagateway import kz_producers.csv --source kz-register --kind official
        cagateway import portal.xlsx --source uz-portal --mapping uz_portal.toml --json
    """
    options = ImportOptions(
        source=source,
        kind=kind,
        fmt=fmt,
        mapping=mapping,
        rejects_dir=rejects_dir,
        chunk_size=chunk_size,
        hs_model_path=app.settings.hs_model_path,
    )
    with _progress_bar(path) as advance:
        report = import_file(app.db, path, options, progress=advance)
    emit(report.as_dict(), as_json, lambda console: _render(report, console))


def _render_batches(batches: list[dict[str, Any]], console: Console) -> None:
    table = Table("batch", "source", "file", "status", "read", "accepted", "rejected", "pending rejects")
    for b in batches:
        c = b["counts"]
        table.add_row(
            str(b["batch_id"]), b["source"], b["file"] or "", b["status"],
            *(f"{c.get(k, 0):,}" for k in ("read", "accepted", "rejected")), f"{b['pending_rejects']:,}",
        )  # fmt: skip
    console.print(table)


@click.command("batches")
@click.option("--source", help="Only batches of this source.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="How many, newest first.")
@json_option
@pass_app
@handle_errors
def batches_command(app: AppContext, source: str | None, limit: int, as_json: bool) -> None:
    """List import batches, newest first: status, counts and rejected rows still waiting for a fix.

    \b
    Example:
        cagateway batches --source kz-register
    """
    with app.db.session() as session:
        batches = list_batches(session, source=source, limit=limit)
    emit(batches, as_json, lambda console: _render_batches(batches, console))
