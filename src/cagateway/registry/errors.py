"""Errors of the registry domain."""

from __future__ import annotations

from cagateway.errors import Conflict, FieldError, InvalidInput, NotFound

__all__ = ["IdentifierTaken", "InvalidCursor", "ProducerChanged", "ProducerNotFound"]


class ProducerNotFound(NotFound):
    code = "producer_not_found"

    def __init__(self, public_id: str) -> None:
        super().__init__(
            f"No producer with id {public_id!r}. Ids are 10 characters, as shown by `cagateway producers list`."
        )


class ProducerChanged(Conflict):
    """Optimistic concurrency: the producer was changed by someone else since the caller read it."""

    code = "producer_changed"

    def __init__(self, public_id: str, expected: int, actual: int | None) -> None:
        now = f"it is now at version {actual}" if actual is not None else "it was changed meanwhile"
        super().__init__(
            f"Producer {public_id} was changed since you read it: you sent version {expected}, {now}. "
            "Reload the producer, re-apply your change and send it with the new version."
        )


class InvalidCursor(InvalidInput):
    code = "invalid_cursor"

    def __init__(self, cursor: str) -> None:
        super().__init__(
            f"'cursor' {cursor!r} is not a cursor this server issued. Use the 'next_cursor' of the previous page."
        )


class IdentifierTaken(Conflict):
    """A national identifier already belongs to another producer: one legal entity, one record."""

    code = "identifier_taken"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(
            "This producer is already registered: its identifier belongs to another record. "
            "Update that producer instead, or report a duplicate.",
            errors,
        )
