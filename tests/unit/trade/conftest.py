"""A small hand-checkable trade world (values in USD) stored through the real Parquet store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from cagateway.trade import TradeStore

# 2023: KAZ exports 100199 (wheat) to UZB 30 and RUS 10, 720241 (ferro-chromium) to CHN 40, 520100 (cotton) to
# CHN 10; UZB exports cotton to KAZ 20 and CHN 40; RUS exports wheat 50 and ferro-chromium 20 to UZB; CHN
# exports cotton 40 to KAZ. 2022: a smaller subset.
FLOWS = [
    (2023, "KAZ", "UZB", "100199", 30.0),
    (2023, "KAZ", "RUS", "100199", 10.0),
    (2023, "KAZ", "CHN", "720241", 40.0),
    (2023, "KAZ", "CHN", "520100", 10.0),
    (2023, "UZB", "KAZ", "520100", 20.0),
    (2023, "UZB", "CHN", "520100", 40.0),
    (2023, "RUS", "UZB", "100199", 50.0),
    (2023, "RUS", "UZB", "720241", 20.0),
    (2023, "CHN", "KAZ", "520100", 40.0),
    (2022, "KAZ", "UZB", "100199", 20.0),
    (2022, "UZB", "KAZ", "520100", 10.0),
    (2022, "RUS", "UZB", "100199", 40.0),
    (2022, "UZB", "CHN", "520100", 30.0),
]


def write_flows(store: TradeStore, name: str, flows: list[tuple[int, str, str, str, float]], **extra: bool) -> None:
    table = pa.table(
        {
            "year": [f[0] for f in flows],
            "exporter": [f[1] for f in flows],
            "importer": [f[2] for f in flows],
            "hs6": [f[3] for f in flows],
            "value": [f[4] for f in flows],
            "mirror": [extra.get("mirror", False)] * len(flows),
        }
    )
    con = duckdb.connect()
    con.register("rows", table)
    query = "SELECT *, NULL AS quantity, 'reconciled' AS basis, FALSE AS generated FROM rows"
    store.write(con, name, query, {"source": "test", "generated": False})


@pytest.fixture
def store(tmp_path: Path) -> TradeStore:
    return TradeStore(tmp_path / "trade")


@pytest.fixture
def con(store: TradeStore) -> Iterator[duckdb.DuckDBPyConnection]:
    write_flows(store, "example", FLOWS)
    connection = store.connect("example")
    yield connection
    connection.close()
