"""``cagateway hs``: suggest HS codes for product texts, train the model, confirm a code for a text."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from cagateway.classify import (
    SuggestionResult,
    TrainingSources,
    default_terms_dir,
    record_hs_feedback,
    suggest_hs,
    suggest_hs_many,
    train_hs_model,
)
from cagateway.classify.devsets import read_labelled
from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.errors import InvalidInput

PATH = click.Path(path_type=Path)
EXISTING = click.Path(path_type=Path, exists=True)


@click.group("hs")
def command() -> None:
    """HS classification: suggest HS 2022 codes for product texts in ru, kk, uz or en."""


def _render(result: SuggestionResult, console: Console) -> None:
    console.print(f"[bold]{result.text}[/bold]: {result.message}")
    if not result.suggestions:
        return
    table = Table("HS6", "heading", "confidence", "description", "matched")
    for s in result.suggestions:
        matched = "; ".join(f"{m.text[:40]} ({m.code})" for m in s.matched)
        table.add_row(s.code, s.heading, f"{s.confidence:.2f}", s.description[:60], matched)
    if not result.confident:
        table.title = "weak guesses"
    console.print(table)


def _texts(file: Path) -> list[str]:
    try:
        return file.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InvalidInput.single("--file", "the file must be UTF-8 text, one product per line", str(file)) from exc


@command.command("suggest")
@click.argument("text", required=False)
@click.option("--file", "file", type=EXISTING, help="A UTF-8 file with one product text per line.")
@click.option("--top", default=5, show_default=True, help="How many suggestions per text (1-20).")
@json_option
@pass_app
@handle_errors
def suggest_cmd(app: AppContext, text: str | None, file: Path | None, top: int, as_json: bool) -> None:
    """Suggest HS 2022 subheadings for TEXT, or for every line of --file.

    Each suggestion has its 4-digit heading, a confidence (0-1) and the known texts it matched. Below the
    confidence threshold the answer is "no confident suggestion". With --file and --json, one JSON line per
    input line, in order.

    \b
    Example:
        cagateway hs suggest "бидай ұны" --top 3
        cagateway hs suggest --file products.txt --json
    """
    if (text is None) == (file is None):
        raise InvalidInput.single("TEXT", "give either a TEXT or --file PATH")
    path = app.settings.hs_model_path
    results = suggest_hs_many(path, _texts(file), top) if file else [suggest_hs(path, text or "", top)]
    for result in results:
        if as_json:
            click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            _render(result, Console())


@command.command("train")
@click.option("--terms", type=EXISTING, help="Folder of authored term lists (default: the project's data/hs_terms).")
@click.option("--tnved", type=EXISTING, help="Folder with tnved_ru_chapters.csv: learn from the TN VED notes too.")
@click.option("--labelled", type=EXISTING, multiple=True, help="A labelled development set (CSV) to learn from.")
@click.option("--out", type=PATH, help="Where to write the model (default: CAGATEWAY_HS_MODEL_PATH).")
@json_option
@pass_app
@handle_errors
def train_cmd(
    app: AppContext, terms: Path | None, tnved: Path | None, labelled: tuple[Path, ...], out: Path | None, as_json: bool
) -> None:
    """Build the HS model from the HS tree in the database, term lists and confirmed codes.

    Uses the English HS descriptions, the Russian names loaded by `reference load hs`, the authored term
    lists, codes confirmed with `hs confirm` and confirmed product lines of real producers. Takes seconds;
    re-run after loading names or confirming codes.

    \b
    Example:
        cagateway hs train --tnved ../shared/data/hs --json
    """
    terms_dir = terms or default_terms_dir()
    items = tuple(item for path in labelled for item in read_labelled(path))
    sources = TrainingSources(terms_dir if terms_dir.is_dir() else None, tnved, items)
    with Console(stderr=True).status("Training the HS model ..."), app.db.session() as session:
        about = train_hs_model(session, sources, out or app.settings.hs_model_path)

    def render(console: Console) -> None:
        console.print(f"HS model written to {about['path']} in {about['seconds']} s")
        for source, count in about["examples"].items():
            console.print(f"  {source}: {count} texts")

    emit(about, as_json, render)


@command.command("confirm")
@click.argument("text")
@click.argument("code")
@json_option
@pass_app
@handle_errors
def confirm_cmd(app: AppContext, text: str, code: str, as_json: bool) -> None:
    """Confirm that product TEXT is HS CODE (heading or subheading); the next `hs train` learns it.

    \b
    Example:
        cagateway hs confirm "qora choy" 090230
    """
    with app.db.writer() as session:
        feedback = record_hs_feedback(session, text, code, actor="cli")
        data = {"ok": True, "id": feedback.id, "text": feedback.text, "hs_code": feedback.hs_code}
    emit(data, as_json, lambda console: console.print(f"Confirmed: {data['text']} → {data['hs_code']}"))
