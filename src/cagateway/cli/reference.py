"""``cagateway reference``: load reference files, show what is loaded, look up activity codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.reference.activities import STANDARDS, isic4_equivalents, require_activity
from cagateway.reference.files import LoadReport
from cagateway.reference.hs_names import load_hs_russian_names
from cagateway.reference.status import get_reference_status
from cagateway.reference.unlocode import load_unlocode

PATH = click.Path(path_type=Path)


@click.group("reference")
def command() -> None:
    """Reference data: Russian HS names, UN/LOCODE locations, activity codes."""


@command.group("load")
def load() -> None:
    """Load reference data files (from ../shared/data or the same files from their public origin)."""


def _render_report(title: str, report: LoadReport) -> Callable[[Console], None]:
    def render(console: Console) -> None:
        console.print(f"{title} loaded from {report.source}")
        table = Table("count", "value")
        for key, value in report.counts.items():
            table.add_row(key, str(value))
        for key, value in report.issues.items():
            table.add_row(f"issue: {key}", str(value))
        console.print(table)

    return render


def _run_load(app: AppContext, loader: Callable[..., LoadReport], path: Path, as_json: bool, title: str) -> None:
    # The spinner goes to stderr, so that --json output on stdout stays clean.
    with Console(stderr=True).status(f"Loading {title} from {path} ..."), app.db.writer() as session:
        report = loader(session, path)
    emit(report.as_dict(), as_json, _render_report(title, report))


@load.command("hs")
@click.argument("path", type=PATH)
@json_option
@pass_app
@handle_errors
def load_hs_cmd(app: AppContext, path: Path, as_json: bool) -> None:
    """Set Russian names of HS sections, chapters and headings from TN VED files.

    PATH is a folder with tnved_ru_sections.csv, tnved_ru_chapters.csv and tnved_ru_headings.csv, or one of
    them. Only current names (empty valid_to) are used. Safe to re-run.

    \b
    Example:
        cagateway reference load hs ../shared/data/hs --json
    """
    _run_load(app, load_hs_russian_names, path, as_json, "TN VED Russian names")


@load.command("unlocode")
@click.argument("path", type=PATH)
@json_option
@pass_app
@handle_errors
def load_unlocode_cmd(app: AppContext, path: Path, as_json: bool) -> None:
    """Load UN/LOCODE locations, flagging rows with known defects as untrusted.

    PATH is a folder with unlocode_central_asia_partners.csv, or that file. Safe to re-run.

    \b
    Example:
        cagateway reference load unlocode ../shared/data/unlocode
    """
    _run_load(app, load_unlocode, path, as_json, "UN/LOCODE locations")


def _render_status(status: dict[str, Any]) -> Callable[[Console], None]:
    def render(console: Console) -> None:
        table = Table("reference data", "rows", "detail")
        table.add_row("countries", str(status["countries"]), "")
        table.add_row("subdivisions", str(status["subdivisions"]), "")
        sections = status["hs_sections"]
        table.add_row("HS sections", str(sections["total"]), f"{sections['with_russian_name']} with Russian names")
        for level, counts in status["hs_codes"].items():
            table.add_row(f"HS {level}", str(counts["total"]), f"{counts['with_russian_name']} with Russian names")
        loc = status["locations"]
        table.add_row("UN/LOCODE locations", str(loc["total"]), f"{loc['trusted']} trusted, {loc['flagged']} flagged")
        console.print(table)

    return render


@command.command("status")
@json_option
@pass_app
@handle_errors
def status_cmd(app: AppContext, as_json: bool) -> None:
    """Show how much reference data the database holds.

    \b
    Example:
        cagateway reference status --json
    """
    with app.db.session() as session:
        status = get_reference_status(session)
    emit(status, as_json, _render_status(status))


@command.command("activity")
@click.argument("code")
@click.option(
    "--standard",
    type=click.Choice(STANDARDS, case_sensitive=False),
    default="ISIC4",
    show_default=True,
    help="ISIC4 (UN), NACE2 (EU; Kazakhstan's OKED builds on it) or GCED2011 (Kyrgyzstan).",
)
@json_option
@handle_errors
def activity_cmd(code: str, standard: str, as_json: bool) -> None:
    """Look up an economic activity code and its ISIC Rev.4 equivalents.

    \b
    Example:
        cagateway reference activity 23.51 --standard NACE2 --json
    """
    activity = require_activity(code, standard)
    data = {**vars(activity), "isic4": [vars(a) for a in isic4_equivalents(activity)]}

    def render(console: Console) -> None:
        console.print(f"{activity.standard} {activity.code} ({activity.level}): {activity.description}")
        for equivalent in data["isic4"]:
            console.print(f"  ISIC4 {equivalent['code']}: {equivalent['description']}")

    emit(data, as_json, render)
