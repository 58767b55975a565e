"""`trade fetch` through a fake transport answering with the documented Comtrade response (no network)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from cagateway.trade import ComtradeError, ComtradeQuery, TradeInputError, TradeStore, fetch_comtrade, load_trade_file
from cagateway.trade.fetch import KEY_HEADER

FIXTURE = Path(__file__).parent / "fixtures" / "comtrade_2022.json"


class FakeTransport:
    """Records each request and answers with a fixed status and body, like httpx.MockTransport."""

    def __init__(self, status: int, body: bytes) -> None:
        self.status, self.body = status, body
        self.calls: list[tuple[str, dict[str, str]]] = []

    def __call__(self, url: str, headers: dict[str, str]) -> tuple[int, bytes]:
        self.calls.append((url, headers))
        return self.status, self.body


QUERY = ComtradeQuery(reporters=("KAZ", "USA"), years=(2022,), partners=("UZB",), flows=("X", "M"))


def test_preview_request_and_the_answer_loads(tmp_path: Path) -> None:
    transport = FakeTransport(200, FIXTURE.read_bytes())
    result = fetch_comtrade(QUERY, tmp_path / "ct.json", transport=transport)
    url, headers = transport.calls[0]
    parsed = urllib.parse.urlparse(url)
    params = dict(urllib.parse.parse_qsl(parsed.query))
    assert parsed.netloc == "comtradeapi.un.org" and parsed.path == "/public/v1/preview/C/A/HS"
    assert params["reporterCode"] == "398,842" and params["partnerCode"] == "860"  # Comtrade's USA is 842
    assert params["period"] == "2022" and params["flowCode"] == "X,M" and params["cmdCode"] == "AG6"
    assert KEY_HEADER not in headers
    assert result["records"] == 10 and result["preview"] and not result["truncated"]
    report = load_trade_file(TradeStore(tmp_path / "store"), Path(result["path"]), "comtrade", "ct")
    assert report.stored == 4


def test_a_key_goes_in_a_header_to_the_data_endpoint(tmp_path: Path) -> None:
    transport = FakeTransport(200, FIXTURE.read_bytes())
    fetch_comtrade(QUERY, tmp_path / "ct.json", api_key="secret", transport=transport)
    url, headers = transport.calls[0]
    assert "/data/v1/get/C/A/HS" in url and "secret" not in url and headers[KEY_HEADER] == "secret"


def test_api_errors_are_reported_and_nothing_is_written(tmp_path: Path) -> None:
    body = b'{"statusCode": 401, "message": "Access denied due to invalid subscription key."}'
    with pytest.raises(ComtradeError, match=r"401: Access denied.*CAGATEWAY_COMTRADE_API_KEY"):
        fetch_comtrade(QUERY, tmp_path / "ct.json", api_key="bad", transport=FakeTransport(401, body))
    with pytest.raises(ComtradeError, match="not JSON"):
        fetch_comtrade(QUERY, tmp_path / "ct.json", transport=FakeTransport(200, b"<html>"))
    with pytest.raises(ComtradeError, match="reported an error: limit"):
        fetch_comtrade(QUERY, tmp_path / "ct.json", transport=FakeTransport(200, b'{"data": [], "error": "limit"}'))
    assert not (tmp_path / "ct.json").exists()


def test_bad_queries_are_refused_before_any_call(tmp_path: Path) -> None:
    transport = FakeTransport(200, b"{}")
    with pytest.raises(TradeInputError, match=r"X \(exports\) and/or M"):
        fetch_comtrade(ComtradeQuery(("KAZ",), (2022,), flows=("RX",)), tmp_path / "x.json", transport=transport)
    with pytest.raises(TradeInputError, match="at least one reporter"):
        fetch_comtrade(ComtradeQuery((), (2022,)), tmp_path / "x.json", transport=transport)
    assert transport.calls == []
