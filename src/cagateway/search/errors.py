"""Errors of search: a query or filter the user can fix."""

from __future__ import annotations

from typing import ClassVar

from cagateway.errors import FieldError, InvalidInput

__all__ = ["InvalidSearch"]


class InvalidSearch(InvalidInput):
    """A query or filter that cannot be searched for; the message says which field and what to do."""

    code: ClassVar[str] = "invalid_search"

    def __init__(self, field: str, message: str, value: object = None) -> None:
        super().__init__(message, [FieldError(field, message, value)])
