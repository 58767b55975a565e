"""``cagateway trade fetch``: download flows from the UN Comtrade API (v1) into a JSON file the loader reads.

Without a subscription key the public preview endpoint is used (at most 500 records per call); with one
(``CAGATEWAY_COMTRADE_API_KEY``) the data endpoint. The HTTP call goes through a *transport* (URL, headers →
status, body), so tests pass a fake one that answers with fixtures written from the documented response schema
(``{"elapsedTime", "count", "data": [...], "error"}``), and no test touches the network.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

from cagateway.trade.errors import ComtradeError, TradeInputError

__all__ = ["ComtradeQuery", "Transport", "fetch_comtrade", "urllib_transport"]

PREVIEW_URL = "https://comtradeapi.un.org/public/v1/preview/C/A/HS"
DATA_URL = "https://comtradeapi.un.org/data/v1/get/C/A/HS"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
_COMTRADE_NUMERIC = {"USA": "842", "FRA": "251", "IND": "699", "CHE": "757", "NOR": "579", "S19": "490"}

Transport = Callable[[str, dict[str, str]], tuple[int, bytes]]


def urllib_transport(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    """The real HTTP call (standard library; 60 s timeout)."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the URL is one of our https constants
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as exc:
        return int(exc.code), bytes(exc.read() or b"")
    except (urllib.error.URLError, TimeoutError) as exc:
        raise ComtradeError(f"UN Comtrade could not be reached ({exc}); are you online?") from exc


@dataclass(frozen=True)
class ComtradeQuery:
    """What to download: reporters and partners (alpha-3; none = all partners), years, flows, HS codes."""

    reporters: tuple[str, ...]
    years: tuple[int, ...]
    partners: tuple[str, ...] = ()
    flows: tuple[str, ...] = ("X", "M")
    commodities: tuple[str, ...] = ("AG6",)  # every six-digit line


def _numeric(code: str) -> str:
    if code in _COMTRADE_NUMERIC:
        return _COMTRADE_NUMERIC[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise TradeInputError.single("country", "not an ISO alpha-3 code Comtrade knows", code)
    return str(country.numeric).lstrip("0") or "0"


def query_url(query: ComtradeQuery, keyed: bool) -> str:
    """The request URL of ``query`` (the key goes in a header, never in the URL)."""
    if not query.reporters or not query.years:
        raise TradeInputError.single("--reporter/--year", "give at least one reporter and one year")
    if any(f not in {"X", "M"} for f in query.flows):
        raise TradeInputError.single("--flow", "use X (exports) and/or M (imports)", list(query.flows))
    params = {
        "reporterCode": ",".join(_numeric(c) for c in query.reporters),
        "period": ",".join(str(y) for y in query.years),
        "flowCode": ",".join(query.flows),
        "cmdCode": ",".join(query.commodities),
        "partner2Code": "0",
        "motCode": "0",
        "customsCode": "C00",
        "includeDesc": "true",
    }
    if query.partners:
        params["partnerCode"] = ",".join(_numeric(c) for c in query.partners)
    return f"{DATA_URL if keyed else PREVIEW_URL}?{urllib.parse.urlencode(params)}"


def _message(status: int, body: bytes) -> str:
    try:
        parsed = json.loads(body or b"{}")
    except json.JSONDecodeError:
        return body[:200].decode("utf-8", "replace")
    return str(parsed.get("message") or parsed.get("error") or f"HTTP {status}") if isinstance(parsed, dict) else ""


def fetch_comtrade(
    query: ComtradeQuery, out: Path, api_key: str | None = None, transport: Transport | None = None
) -> dict[str, Any]:
    """Download ``query`` to ``out`` (JSON, as the API sent it); returns the URL used and the record count."""
    url = query_url(query, keyed=bool(api_key))
    headers = {"Accept": "application/json", **({KEY_HEADER: api_key} if api_key else {})}
    status, body = (transport or urllib_transport)(url, headers)
    if status != 200:
        hint = " Check CAGATEWAY_COMTRADE_API_KEY." if status in {401, 403} else ""
        raise ComtradeError(f"UN Comtrade answered {status}: {_message(status, body)}.{hint}")
    try:
        parsed = json.loads(body)
    except json.JSONDecodeError as exc:
        raise ComtradeError(f"UN Comtrade sent something that is not JSON: {exc}") from exc
    if not isinstance(parsed, dict) or not isinstance(parsed.get("data"), list):
        raise ComtradeError(f"UN Comtrade's answer has no 'data' list: {_message(status, body)}")
    if parsed.get("error"):
        raise ComtradeError(f"UN Comtrade reported an error: {parsed['error']}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(body)
    records: Sequence[Any] = parsed["data"]
    return {"url": url, "records": len(records), "path": str(out), "preview": not api_key,
            "truncated": not api_key and len(records) >= 500}  # fmt: skip
