"""Russian examples mined from the notes of the TN VED chapters and sections.

The notes say where goods go, in Russian, with the heading number beside them: "рыб, ракообразных ...
товарной позиции 0301, 0306 или 0307", "культур микроорганизмов ... товарной позиции 3002". Each clause that
names headings (or chapters: "группы 68") becomes a labelled example for every code it names. Clauses that name
many codes say little about any one of them and are skipped. Only current notes (empty ``valid_to``) are read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from cagateway.classify.model import Example

__all__ = ["NOTES_FILES", "examples_from_notes"]

NOTES_FILES = ("tnved_ru_chapters.csv", "tnved_ru_sections.csv")
MAX_CODES_PER_CLAUSE = 3
NOTE_WEIGHT = 0.6  # a clause is weaker evidence than a heading's own name

_CLAUSE_SPLIT = re.compile(r";|\.\s|\s[а-я]\)\s*|\s\d{1,2}\.\s")
_HEADING_REF = re.compile(r"позици\w*\s+((?:\d{4}(?:\s\d{2}){0,2}(?:,\s*|\s+или\s+|\s+и\s+)?)+)")
_CHAPTER_REF = re.compile(r"групп\w*\s+(\d{2})\b")
_CODE = re.compile(r"\d{4}(?:\s\d{2})?")


def _codes(clause: str) -> list[str]:
    """HS codes a clause names: headings (and subheadings) after "товарной позиции", chapters after "группы"."""
    codes: list[str] = []
    for refs in _HEADING_REF.findall(clause):
        codes += [code.replace(" ", "")[:6] for code in _CODE.findall(refs)]
    codes += _CHAPTER_REF.findall(clause)
    return list(dict.fromkeys(codes))


def _text(clause: str) -> str:
    return re.sub(r"\d+", " ", _HEADING_REF.sub(" ", clause)).strip(" ,:()")


def _clauses(notes: str) -> Iterator[str]:
    for clause in _CLAUSE_SPLIT.split(notes):
        if len(clause) >= 12:
            yield clause


def examples_from_notes(folder: Path) -> list[Example]:
    """Examples from the current notes in ``folder`` (TN VED chapters and sections files; missing files are skipped)."""
    examples: list[Example] = []
    for name in NOTES_FILES:
        path = folder / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if not row.get("valid_to") and row.get("notes_ru"):
                    examples += _from_notes(row["notes_ru"])
    return examples


def _from_notes(notes: str) -> list[Example]:
    examples = []
    for clause in _clauses(notes):
        codes = _codes(clause)
        text = _text(clause)
        if 0 < len(codes) <= MAX_CODES_PER_CLAUSE and len(text) >= 8:
            examples += [Example(text, code, "tnved_notes", NOTE_WEIGHT) for code in codes]
    return examples
