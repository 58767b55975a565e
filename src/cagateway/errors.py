"""The error tree of Central Asia Gateway.

Every error a user can cause or see is a :class:`GatewayError` with a machine-readable ``code``, an HTTP
``status`` and a message that says what is wrong and how to fix it. Domains raise their own subclasses; each
adapter (API, portal, CLI) maps the tree once::

    GatewayError (500, "error")
    ├── InvalidInput (422, "invalid")            bad values; ``errors`` lists each field's problem
    │   └── InvalidIdentifier (422, "invalid_identifier")
    ├── NotFound (404, "not_found")
    ├── Conflict (409, "conflict")               e.g. a producer changed since it was read
    ├── ReferenceDataMissing (503, "reference_data_missing")
    └── ConfigurationError (500, "configuration")
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

__all__ = [
    "ConfigurationError",
    "Conflict",
    "FieldError",
    "GatewayError",
    "InvalidIdentifier",
    "InvalidInput",
    "NotFound",
    "ReferenceDataMissing",
]


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field: which field, what value, what is wrong and the valid form."""

    field: str
    message: str
    value: Any = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class GatewayError(Exception):
    """Base of every error the application reports to a user."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 500

    def __init__(self, message: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[FieldError] = list(errors or [])

    def as_body(self) -> dict[str, Any]:
        """The one error body of the API (DESIGN.md): ``{"ok", "code", "error", "errors", "status"}``."""
        return {
            "ok": False,
            "code": self.code,
            "error": self.message,
            "errors": [e.as_dict() for e in self.errors],
            "status": self.status,
        }

    def __str__(self) -> str:
        if not self.errors:
            return self.message
        details = "; ".join(f"{e.field}: {e.message}" for e in self.errors)
        return f"{self.message} ({details})"


class InvalidInput(GatewayError):
    """Input that breaks a rule; ``errors`` names every offending field."""

    code = "invalid"
    status = 422

    @classmethod
    def single(cls, field: str, message: str, value: Any = None) -> InvalidInput:
        return cls(f"{field}: {message}", [FieldError(field, message, value)])


class InvalidIdentifier(InvalidInput):
    """A national identifier that fails its format or checksum."""

    code = "invalid_identifier"


class NotFound(GatewayError):
    code = "not_found"
    status = 404


class Conflict(GatewayError):
    code = "conflict"
    status = 409


class ReferenceDataMissing(GatewayError):
    """Reference data a feature needs has not been loaded; the message names the command that loads it."""

    code = "reference_data_missing"
    status = 503


class ConfigurationError(GatewayError):
    code = "configuration"
    status = 500
