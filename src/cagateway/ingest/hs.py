"""HS codes for products that came without one: the classifier's top suggestion, stored as unconfirmed.

Only a confident suggestion (:data:`cagateway.classify.CONFIDENT`) becomes a product line, with
``hs_confirmed`` false so that people can see it is a machine's guess; other product texts are kept with the
record (``import_records.extra``) and counted in the summary. Without a trained model the import goes on and
the summary says that suggestions were skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cagateway.classify import ModelNotTrained, SuggestionResult, suggest_hs_many
from cagateway.classify.services import MAX_TEXT
from cagateway.ingest.rows import Draft

__all__ = ["HsSuggester"]


@dataclass
class HsSuggester:
    """Asks the classifier once per chunk; counts what it suggested and what it could not."""

    model_path: Path | None
    suggested: int = 0
    unclassified: int = 0
    skipped: str | None = None  # why suggestions were skipped (no model), None while they run

    def apply(self, drafts: list[Draft], hs_codes: set[str]) -> None:
        """Give each problem-free draft with product texts but no HS code its confident suggestions."""
        waiting = [(d, text) for d in drafts if not d.problems for text in d.unclassified]
        if not waiting:
            return
        results = self._suggest([text[:MAX_TEXT] for _, text in waiting])
        leftover: dict[int, list[str]] = {}
        for (draft, text), result in zip(waiting, results, strict=True):
            code = result.suggestions[0].code if result is not None and result.confident else None
            if code is not None and code in hs_codes:
                draft.lines.append({"hs_code": code, "description": text, "hs_confirmed": False})
                self.suggested += 1
            else:
                leftover.setdefault(id(draft), []).append(text)
                self.unclassified += 1
        for draft, _ in waiting:
            draft.unclassified = leftover.get(id(draft), [])

    def _suggest(self, texts: list[str]) -> list[SuggestionResult | None]:
        if self.skipped is not None or self.model_path is None:
            self.skipped = self.skipped or "no HS model configured"
            return [None] * len(texts)
        try:
            found: list[SuggestionResult | None] = list(suggest_hs_many(self.model_path, texts, top=1))
            return found
        except ModelNotTrained:
            self.skipped = "no HS model is trained (run `cagateway hs train`)"
            return [None] * len(texts)
