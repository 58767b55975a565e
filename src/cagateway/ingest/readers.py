"""Streaming readers: CSV, XLSX and JSONL files as (row number, {column: text}) pairs, one row at a time.

Row numbers are what a person sees: in CSV and XLSX the header is row 1 and the first data row is row 2 (as in
a spreadsheet); in JSONL the row number is the line number. Every value comes out as text (or None when
empty), so that all formats go through the same mapping and validation. A JSONL line that is not a JSON object
comes out as a row with the single column ``_error`` naming the problem: it is rejected, not lost.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from cagateway.ingest.errors import UnreadableFile

__all__ = ["ERROR_COLUMN", "FORMATS", "Format", "Row", "detect_format", "file_sha256", "read_rows"]

Format = Literal["csv", "xlsx", "jsonl"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "jsonl")
Row = dict[str, str | None]
ERROR_COLUMN = "_error"
_EXTENSIONS: dict[str, Format] = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}

# Register cells can be long (addresses, product lists); the csv module's default limit of 128 KiB is kept
# per field but raised from its tiny default on some builds.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def detect_format(path: Path, given: str | None = None) -> Format:
    """The format named by ``given``, else by the file's extension."""
    if given:
        if given not in FORMATS:
            raise UnreadableFile.single("format", f"format is one of {', '.join(FORMATS)}", given)
        return given
    found = _EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise UnreadableFile.single(
            "format", "cannot tell the format from the extension; pass --format csv, xlsx or jsonl", path.name
        )
    return found


def file_sha256(path: Path) -> str:
    """SHA-256 of the file, read in blocks (identifies a file for resuming an interrupted import)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _text(value: Any) -> str | None:  # noqa: PLR0911  (one return per cell type reads best)
    """One cell as text: None for empty, integers without a trailing .0, dates in ISO 8601."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "|".join(t for t in (_text(v) for v in value) if t)
    text = str(value).strip()
    return text or None


def _csv_rows(path: Path, delimiter: str, encoding: str) -> Iterator[tuple[int, Row]]:
    with path.open(newline="", encoding=encoding) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if not header:
            raise UnreadableFile.single("header", "the file is empty: the first row must name the columns", path.name)
        columns = [c.strip().lstrip("\ufeff") for c in header]
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue  # blank line
            row: Row = {col: cell.strip() or None for col, cell in zip(columns, cells, strict=False)}
            if len(cells) > len(columns):
                row[ERROR_COLUMN] = f"{len(cells)} cells but {len(columns)} column names; a stray delimiter?"
            yield number, row


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, Row]]:
    import openpyxl  # noqa: PLC0415  (only XLSX imports pay for loading it)

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike: the file is not a workbook
        raise UnreadableFile.single("file", f"not an XLSX workbook ({type(exc).__name__})", path.name) from exc
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise UnreadableFile.single("sheet", f"no sheet {sheet!r}; sheets: {', '.join(book.sheetnames)}", sheet)
        rows = (book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True)
        header = next(rows, None)
        if not header or not any(header):
            raise UnreadableFile.single("header", "the first row must name the columns", path.name)
        columns = [str(c).strip() if c is not None else f"column_{i + 1}" for i, c in enumerate(header)]
        for number, cells in enumerate(rows, start=2):
            if all(c is None or str(c).strip() == "" for c in cells):
                continue
            yield number, {col: _text(cell) for col, cell in zip(columns, cells, strict=False)}
    finally:
        book.close()


def _jsonl_rows(path: Path, encoding: str) -> Iterator[tuple[int, Row]]:
    with path.open(encoding=encoding) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, {ERROR_COLUMN: f"not valid JSON ({exc.msg} at column {exc.colno})", "_line": line[:2000]}
                continue
            if not isinstance(data, dict):
                yield number, {ERROR_COLUMN: "each line must be a JSON object", "_line": line[:2000]}
                continue
            yield number, {str(k): _text(v) for k, v in data.items()}


def read_rows(
    path: Path, fmt: Format, *, delimiter: str = ",", encoding: str = "utf-8-sig", sheet: str | None = None
) -> Iterator[tuple[int, Row]]:
    """Every data row of ``path`` with its row number, streamed (memory stays flat whatever the file's size)."""
    if not path.is_file():
        raise UnreadableFile.single("path", "no such file", str(path))
    try:
        if fmt == "csv":
            yield from _csv_rows(path, delimiter, encoding)
        elif fmt == "xlsx":
            yield from _xlsx_rows(path, sheet)
        else:
            yield from _jsonl_rows(path, encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFile.single(
            "encoding", f"the file is not {encoding}; save it as UTF-8 or set encoding in the mapping", path.name
        ) from exc
    except csv.Error as exc:
        raise UnreadableFile.single("file", f"broken CSV: {exc}", path.name) from exc
