"""Errors of buyer requests; each says what is wrong and how to fix it.

::

    GatewayError
    ├── InvalidInput (422)
    │   └── HsCodeRequired (422, "hs_code_required")   text only and no HS model to suggest codes
    ├── NotFound (404)
    │   ├── RequestNotFound (404, "rfq_not_found")     unknown, or not visible to this user
    │   └── QuoteNotFound (404, "quote_not_found")
    ├── Conflict (409)
    │   └── RequestClosed (409, "rfq_closed")          expired, closed or accepted: no more quotes or acceptance
    ├── Forbidden (403, accounts)
    │   └── NotRepresentative (403, "not_representative")  quoting for a producer one does not represent
    └── TooManyRequests (429, accounts)
        └── RequestLimitReached (429, "rfq_limit")     the per-account anti-spam limits
"""

from __future__ import annotations

from cagateway.accounts.errors import Forbidden, TooManyRequests
from cagateway.errors import Conflict, InvalidInput, NotFound

__all__ = [
    "HsCodeRequired",
    "NotRepresentative",
    "QuoteNotFound",
    "RequestClosed",
    "RequestLimitReached",
    "RequestNotFound",
]


class HsCodeRequired(InvalidInput):
    code = "hs_code_required"


class RequestNotFound(NotFound):
    code = "rfq_not_found"

    def __init__(self, public_id: str) -> None:
        super().__init__(
            f"No buyer request {public_id!r} that you can see. Check the id in the list of your requests "
            "(buyers) or of the requests matched to your producers (representatives)."
        )


class QuoteNotFound(NotFound):
    code = "quote_not_found"

    def __init__(self, quote_id: str) -> None:
        super().__init__(f"No quote {quote_id!r} on this request. Pick one of the quotes listed on the request.")


class RequestClosed(Conflict):
    code = "rfq_closed"


class NotRepresentative(Forbidden):
    code = "not_representative"


class RequestLimitReached(TooManyRequests):
    code = "rfq_limit"
