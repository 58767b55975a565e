"""Where the model's labelled texts come from: the HS tree in the database, authored terms, confirmations.

Each source becomes :class:`Example` rows with a ``source`` name (shown in explanations) and a weight: an
authored term or a confirmed product line is stronger evidence than a line of an HS description.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.classify.devsets import LabelledItem
from cagateway.classify.model import Example
from cagateway.classify.models import HsFeedback
from cagateway.errors import InvalidInput
from cagateway.reference.models import HsCode
from cagateway.registry.models import ProductLine, Provenance

__all__ = [
    "HsTree",
    "feedback_examples",
    "hs_examples",
    "labelled_examples",
    "read_hs_tree",
    "term_examples",
]

TERM_WEIGHT = 1.5
FEEDBACK_WEIGHT = 2.0
TERM_COLUMNS = ("hs", "lang", "term", "why")


class HsTree:
    """HS 2022 codes with their English and Russian names, and the subheadings of every heading."""

    def __init__(self, codes: Iterable[HsCode]) -> None:
        self.names: dict[str, tuple[str, str | None]] = {}
        self.subheadings: dict[str, list[str]] = defaultdict(list)
        for code in codes:
            self.names[code.code] = (code.description_en, code.description_ru)
            if code.level == 6:
                self.subheadings[code.code[:4]].append(code.code)

    def known(self, code: str) -> bool:
        return code in self.names


def read_hs_tree(session: Session) -> HsTree:
    return HsTree(session.scalars(select(HsCode).order_by(HsCode.code)))


def hs_examples(tree: HsTree) -> list[Example]:
    """Every HS description in English, and the Russian (TN VED) names of chapters and headings when loaded."""
    examples = [Example(en, code, "hs_en") for code, (en, _ru) in tree.names.items()]
    examples += [Example(ru, code, "hs_ru") for code, (_en, ru) in tree.names.items() if ru]
    return examples


def _read_terms(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != TERM_COLUMNS:
            raise InvalidInput.single("terms", f"{path.name}: columns must be {','.join(TERM_COLUMNS)}", str(path))
        return list(reader)


def term_examples(folder: Path, tree: HsTree) -> list[Example]:
    """Authored terms from every ``*.csv`` in ``folder``; a term naming a code HS 2022 lacks is an error."""
    examples: list[Example] = []
    unknown: list[str] = []
    for path in sorted(folder.glob("*.csv")):
        for row in _read_terms(path):
            code = row["hs"].strip()
            if not tree.known(code):
                unknown.append(f"{path.name}: {row['term']} → {code}")
            examples.append(Example(row["term"], code, "terms", TERM_WEIGHT))
    if unknown:
        raise InvalidInput.single("terms", "these terms name codes that are not in HS 2022", unknown)
    return examples


def feedback_examples(session: Session) -> list[Example]:
    """Texts users confirmed a code for, and confirmed product lines of real (not generated) producers."""
    examples = [
        Example(text, code, "feedback", FEEDBACK_WEIGHT)
        for text, code in session.execute(select(HsFeedback.text, HsFeedback.hs_code))
    ]
    lines = (
        select(ProductLine.description, ProductLine.hs_code)
        .join(Provenance, Provenance.id == ProductLine.provenance_id)
        .where(ProductLine.hs_confirmed.is_(True), ProductLine.description.is_not(None))
        .where(Provenance.kind != "generated")
    )
    examples += [Example(text or "", code, "product_line", FEEDBACK_WEIGHT) for text, code in session.execute(lines)]
    return examples


def labelled_examples(items: Iterable[LabelledItem], tree: HsTree) -> list[Example]:
    """Development-set items as examples, at the longest prefix of their code that HS 2022 has."""
    examples = []
    for item in items:
        known = item.code[: min(item.digits, 6)]
        while known and not tree.known(known):
            known = known[:-2]
        if len(known) >= 2:
            examples.append(Example(item.text, known, f"dev:{item.set_name}", FEEDBACK_WEIGHT))
    return examples
