"""Structured logging (structlog) for the CLI, the web app and background work."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

from cagateway.config import Settings

__all__ = ["REDACTED", "RedactingFilter", "configure_logging", "get_logger", "redact", "redact_secrets"]

REDACTED = "[redacted]"
# Keys whose values are credentials: passwords, tokens (session, CSRF, API, e-mail links), secrets, TOTP codes.
_SECRET_KEY = re.compile(r"password|passwd|^pass$|token|secret|otp|cookie|authorization|session_id|api_key", re.I)
# The same inside text: ``password=...``, ``token: ...``, ``Bearer ...``, query strings of reset links.
_SECRET_TEXT = re.compile(
    r"(?i)(\b\w*(?:password|passwd|token|secret|otp|session_id)\w*[\"']?\s*[=:]\s*)(\"[^\"]*\"|'[^']*'|[^\s&\"',;]+)"
    r"|(\bbearer\s+)([A-Za-z0-9._~+/=-]+)"
)


def redact(text: str) -> str:
    """``text`` with the values of anything that looks like ``password=...``, ``token=...`` or a bearer token
    replaced by [redacted]."""
    return _SECRET_TEXT.sub(lambda m: (m.group(1) or m.group(3)) + REDACTED, text)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: REDACTED if _SECRET_KEY.search(str(k)) else _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    return value


def redact_secrets(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: credentials never reach a log, whatever key or text they come in."""
    for key in list(event_dict):
        if key != "event" and _SECRET_KEY.search(key):
            event_dict[key] = REDACTED
        else:
            event_dict[key] = _scrub(event_dict[key])
    return event_dict


class RedactingFilter(logging.Filter):
    """stdlib logging filter with the same rules (uvicorn's access log shows the query strings of reset links)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class _Stderr:
    """Whatever ``sys.stderr`` is when a line is written (not when logging was configured): test runners and
    servers swap it, and a logger holding an old, closed stream would fail."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(settings: Settings) -> None:
    """Route stdlib and structlog records to stderr, as JSON lines or console text."""
    level = getattr(logging, settings.log_level)
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if settings.log_json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_secrets,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=_Stderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    for name in ("", "uvicorn", "uvicorn.access", "uvicorn.error"):
        target = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in target.filters):
            target.addFilter(RedactingFilter())


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)  # type: ignore[no-any-return]
