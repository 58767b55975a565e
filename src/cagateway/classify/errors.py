"""Errors of HS classification."""

from __future__ import annotations

from cagateway.errors import ReferenceDataMissing

__all__ = ["ModelNotTrained"]


class ModelNotTrained(ReferenceDataMissing):
    """No trained HS model at the configured path; the message names the command that builds it."""

    code = "hs_model_missing"
