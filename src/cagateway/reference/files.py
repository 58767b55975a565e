"""Reading reference data files (CSV, comma- or pipe-delimited) and reporting what a load did."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cagateway.reference.errors import ReferenceFileError

__all__ = ["LoadReport", "locate_files", "read_header", "read_table"]


@dataclass(frozen=True)
class LoadReport:
    """What a load read and did: ``counts`` by outcome, ``issues`` by defect code (rows kept, but flagged).

    Counts describe the data, not the history of the database, so loading the same files again gives the
    same report.
    """

    source: str
    counts: dict[str, int]
    issues: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {"source": self.source, "counts": dict(self.counts), "issues": dict(self.issues)}


def locate_files(path: Path, names: Sequence[str], expected: str) -> list[Path]:
    """``path`` itself when it is a file; else the files of ``names`` that the folder holds (at least one)."""
    if not path.exists():
        raise ReferenceFileError(path, "no such file or folder", expected=expected)
    if path.is_file():
        return [path]
    found = [path / name for name in names if (path / name).is_file()]
    if not found:
        raise ReferenceFileError(path, f"the folder holds none of {', '.join(names)}", expected=expected)
    return found


def _read_text(path: Path, expected: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReferenceFileError(path, "the file is not UTF-8 text", expected=expected) from exc
    except OSError as exc:
        raise ReferenceFileError(path, f"the file cannot be read ({exc.strerror})", expected=expected) from exc


def _delimiter(header_line: str) -> str:
    # The TN VED origin publishes pipe-delimited files; the copies beside the project are comma-separated.
    return "|" if "|" in header_line and "," not in header_line else ","


def read_header(path: Path, expected: str) -> list[str]:
    """The column names of a CSV file (to tell which kind of table it is)."""
    first_line = _read_text(path, expected).split("\n", 1)[0].strip()
    return [name.strip() for name in first_line.split(_delimiter(first_line))]


def read_table(path: Path, required: Sequence[str], expected: str) -> list[dict[str, str]]:
    """Rows of a CSV file as stripped strings; :class:`ReferenceFileError` names any missing ``required`` column."""
    text = _read_text(path, expected)
    first_line = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    header = [name.strip() for name in reader.fieldnames or []]
    if not header:
        raise ReferenceFileError(path, "the file is empty", expected=expected)
    reader.fieldnames = header
    missing = tuple(column for column in required if column not in header)
    if missing:
        word = "column" if len(missing) == 1 else "columns"
        problem = f"{word} {', '.join(map(repr, missing))} missing (the file has: {', '.join(header)})"
        raise ReferenceFileError(path, problem, expected=expected, columns=missing)
    return [{name: (row.get(name) or "").strip() for name in header} for row in reader]
