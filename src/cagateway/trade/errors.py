"""Errors of the trade domain: rejected files (with row-level reasons), missing data, failed API calls."""

from __future__ import annotations

from cagateway.errors import ConfigurationError, FieldError, GatewayError, InvalidInput, NotFound

__all__ = ["ComtradeError", "DatasetNotFound", "TradeFileRejected", "TradeInputError"]

MAX_LISTED = 50


class TradeInputError(InvalidInput):
    """A bad option or value given to a trade function (unknown country group, year out of range ...)."""


class TradeFileRejected(InvalidInput):
    """A trade file that was not stored: wrong columns, or rows with problems (each listed with its reasons)."""

    code = "trade_file_rejected"

    @classmethod
    def for_rows(cls, path: str, total: int, rejected: list[tuple[int, str]], bad_count: int) -> TradeFileRejected:
        """``rejected`` holds (file row number, reasons) of the first bad rows; ``bad_count`` counts them all."""
        errors = [FieldError(f"row {row}", reasons) for row, reasons in rejected[:MAX_LISTED]]
        message = (
            f"{path}: {bad_count} of {total} rows have problems, so nothing was stored. Fix the rows listed "
            "(row numbers count the header as row 1), or load with --allow-rejects to store the good rows "
            "and write the bad ones to a rejects file."
        )
        return cls(message, errors)


class DatasetNotFound(NotFound):
    """No Parquet dataset of that name in the trade store."""


class ComtradeError(GatewayError):
    """The UN Comtrade API answered with an error or could not be reached."""

    code = "comtrade_unavailable"
    status = 502


class TradeConfigurationError(ConfigurationError):
    """A trade setting points to something unusable (e.g. a product-space folder without its files)."""
