"""The labelled development sets (``../shared/data/hs_labelled``): product texts with their official codes.

Two layouts are read: the EEC classification decisions (``product_ru``, ``gold_code``, ``gold_digits``) and
short multilingual cases (``text``, ``expected_hs_code``, ``language``). ``digits`` says how many leading digits
of ``code`` are given, so a 4-digit decision is compared at the heading only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from cagateway.errors import InvalidInput

__all__ = ["LabelledItem", "read_labelled"]


@dataclass(frozen=True)
class LabelledItem:
    """A product text and its official code (``digits`` leading digits of it are known)."""

    id: str
    text: str
    code: str
    digits: int
    lang: str
    set_name: str


def _item(row: dict[str, str], set_name: str, number: int) -> LabelledItem:
    if "product_ru" in row:
        code = row["gold_code"].strip()
        digits = int(row.get("gold_digits") or len(code))
        return LabelledItem(row.get("id") or str(number), row["product_ru"], code, digits, "ru", set_name)
    code = row["expected_hs_code"].strip().zfill(6)
    return LabelledItem(str(number), row["text"], code, len(code), row.get("language") or "und", set_name)


def read_labelled(path: Path) -> list[LabelledItem]:
    """Items of one labelled CSV file (either layout)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or [])
        if not ({"product_ru", "gold_code"} <= columns or {"text", "expected_hs_code"} <= columns):
            raise InvalidInput.single(
                "path", "a labelled set needs columns product_ru,gold_code or text,expected_hs_code", str(path)
            )
        return [_item(row, path.stem, n) for n, row in enumerate(reader, start=1)]
