"""Errors of the import: a file that cannot be read, a mapping file that does not make sense."""

from __future__ import annotations

from cagateway.errors import InvalidInput

__all__ = ["BadMapping", "UnreadableFile"]


class UnreadableFile(InvalidInput):
    """The file is missing, of an unknown format, or has no header row."""

    code = "unreadable_file"


class BadMapping(InvalidInput):
    """The mapping file is not valid TOML or names things that do not exist."""

    code = "bad_mapping"
