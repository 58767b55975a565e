"""Errors of the reference domain.

Each is a :class:`~cagateway.errors.GatewayError`, so the API and CLI report it with its code and message::

    InvalidInput
    ├── ReferenceFileError (422, "reference_file_invalid")   a file to load is missing or has the wrong layout
    └── UnknownActivityStandard (422, "unknown_activity_standard")
    NotFound
    └── ActivityNotFound (404, "activity_not_found")
"""

from __future__ import annotations

from pathlib import Path

from cagateway.errors import FieldError, InvalidInput, NotFound

__all__ = ["ActivityNotFound", "ReferenceFileError", "UnknownActivityStandard"]


class ReferenceFileError(InvalidInput):
    """A reference data file that cannot be loaded; the message names the file, the problem and the layout."""

    code = "reference_file_invalid"

    def __init__(self, path: Path, problem: str, *, expected: str, columns: tuple[str, ...] = ()) -> None:
        errors = [FieldError(c, "column is missing", c) for c in columns] or [FieldError("path", problem, str(path))]
        super().__init__(f"{path}: {problem}. Expected {expected}.", errors)
        self.path = path
        self.columns = columns


class UnknownActivityStandard(InvalidInput):
    code = "unknown_activity_standard"

    def __init__(self, standard: str, known: tuple[str, ...]) -> None:
        super().__init__(
            f"Unknown activity classification {standard!r}. Use one of: {', '.join(known)}.",
            [FieldError("standard", "unknown classification", standard)],
        )


class ActivityNotFound(NotFound):
    code = "activity_not_found"

    def __init__(self, code: str, standard: str) -> None:
        example = "23.51" if standard != "ISIC4" else "2394"
        super().__init__(
            f"{code!r} is not a {standard} activity code. Give a section letter, a division, group or class "
            f"as the standard writes it, e.g. {example}."
        )
