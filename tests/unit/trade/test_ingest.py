"""Loading BACI, Comtrade and national files: every row stored, excluded, superseded or rejected with reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cagateway.trade import CIF_FOB_CAVEAT, TradeFileRejected, TradeInputError, TradeStore, load_trade_file
from cagateway.trade.store import parquet_metadata

FIXTURES = Path(__file__).parent / "fixtures"
COUNTRIES = "country_code,country_name,country_iso2,country_iso3\n398,Kazakhstan,KZ,KAZ\n860,Uzbekistan,UZ,UZB\n"
COUNTRIES += "643,Russian Federation,RU,RUS\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _baci(tmp_path: Path, body: str) -> tuple[Path, Path]:
    return _write(tmp_path / "baci.csv", "t,i,j,k,v,q\n" + body), _write(tmp_path / "cc.csv", COUNTRIES)


def test_baci_rows_are_stored_in_usd_and_tonnes(tmp_path: Path, store: TradeStore) -> None:
    data, countries = _baci(tmp_path, "2022,398,860,100199,1250.5,3000\n2022,860,398,10121,7,NA\n")
    report = load_trade_file(store, data, "baci", "b", countries=countries, hs_revision="HS17")
    assert (report.rows, report.stored, report.rejected) == (2, 2, 0)
    rows = (
        store.connect("b").execute("SELECT exporter, importer, hs6, value, quantity FROM flows ORDER BY 1").fetchall()
    )
    # BACI values are thousands of USD; a five-digit code lost its leading zero.
    assert rows == [("KAZ", "UZB", "100199", 1_250_500.0, 3000.0), ("UZB", "KAZ", "010121", 7000.0, None)]
    assert parquet_metadata(store.path("b"))["generated"] == "False"


def test_wrong_columns_are_rejected_naming_them(tmp_path: Path, store: TradeStore) -> None:
    bad = _write(tmp_path / "bad.csv", "year,exporter,importer,hs,value\n2022,398,860,100199,1\n")
    with pytest.raises(TradeFileRejected) as caught:
        load_trade_file(store, bad, "baci", "b")
    assert "missing column(s) t, i, j, k, v, q" in caught.value.errors[0].message
    assert store.names() == []


def test_bad_rows_reject_the_file_with_row_level_reasons(tmp_path: Path, store: TradeStore) -> None:
    body = (
        "2022,398,860,100199,10,1\n"  # row 2: good
        "2022,398,860,100199,-5,1\n"  # row 3: negative value
        "2022,999,860,100199,10,1\n"  # row 4: unknown exporter
        "2022,398,860,999999,10,1\n"  # row 5: chapter 99 is not HS
        "20x2,398,398,1001,ten,-1\n"  # row 6: everything wrong
    )
    data, countries = _baci(tmp_path, body)
    with pytest.raises(TradeFileRejected) as caught:
        load_trade_file(store, data, "baci", "b", countries=countries)
    reasons = {e.field: e.message for e in caught.value.errors}
    assert reasons["row 3"] == "v: negative value -5"
    assert reasons["row 4"] == "i: unknown country code '999'"
    assert reasons["row 5"] == "k: '999999' is not an HS six-digit code"
    assert reasons["row 6"].split("; ") == [
        "t: '20x2' is not a year",
        "i/j: exporter and importer are the same country",
        "k: '1001' is not an HS six-digit code",
        "v: 'ten' is not a number",
        "q: negative quantity -1",
    ]
    assert "row 2" not in reasons and "4 of 5 rows" in caught.value.message
    assert not store.path("b").exists()


def test_allow_rejects_stores_good_rows_and_writes_the_bad_ones(tmp_path: Path, store: TradeStore) -> None:
    data, countries = _baci(tmp_path, "2022,398,860,100199,10,1\n2022,398,860,100199,-5,1\n")
    report = load_trade_file(store, data, "baci", "b", countries=countries, allow_rejects=True)
    assert (report.stored, report.rejected) == (1, 1)
    rejects = Path(report.rejects_file or "").read_text(encoding="utf-8").splitlines()
    assert rejects[1].startswith("3,2022,398,860,100199,-5,1,") and rejects[1].endswith("v: negative value -5")


def test_hs2022_files_are_checked_against_the_hs2022_list(tmp_path: Path, store: TradeStore) -> None:
    # 852520 existed until HS 2007, not in HS 2022.
    data, countries = _baci(tmp_path, "2022,398,860,852520,10,1\n")
    with pytest.raises(TradeFileRejected, match="not an HS 2022 subheading"):
        load_trade_file(store, data, "baci", "b", countries=countries, hs_revision="HS22")


def test_comtrade_json_excludes_aggregates_and_uses_mirror_for_silent_reporters(store: TradeStore) -> None:
    report = load_trade_file(store, FIXTURES / "comtrade_2022.json", "comtrade", "ct")
    assert report.rows == 10 and report.rejected == 0
    assert sum(report.excluded.values()) == 4  # World, a railway breakdown, a re-export, TOTAL
    assert any(k.startswith("partnerCode 0 is World") for k in report.excluded)
    assert report.superseded == 2  # RUS's and KAZ's import reports of flows whose exporters reported
    assert report.stored == 4 and report.mirror == 1 and report.caveats == [CIF_FOB_CAVEAT]
    rows = (
        store.connect("ct")
        .execute("SELECT exporter, importer, hs6, value, quantity, basis, mirror FROM flows ORDER BY exporter, hs6")
        .fetchall()
    )
    assert rows == [
        ("KAZ", "UZB", "100199", 25_000_000.0, 95_000.0, "exporter", False),
        ("KAZ", "RUS", "720241", 12_000_000.0, 8_000.0, "exporter", False),
        ("TKM", "KAZ", "271121", 3_500_000.0, 20_000.0, "importer", True),  # Turkmenistan does not report
        ("UZB", "KAZ", "520100", 3_800_000.0, 2_000.0, "exporter", False),
    ]


def test_comtrade_csv_with_unknown_partner_is_rejected(tmp_path: Path, store: TradeStore) -> None:
    text = "refYear,reporterCode,flowCode,partnerCode,cmdCode,primaryValue,netWgt\n"
    text += "2022,398,X,860,100199,100,5\n2022,398,X,1234,100199,100,5\n"
    with pytest.raises(TradeFileRejected) as caught:
        load_trade_file(store, _write(tmp_path / "ct.csv", text), "comtrade", "ct")
    assert caught.value.errors[0].field == "row 3"
    assert "unknown country code '1234'" in caught.value.errors[0].message


def test_national_statistics_through_a_mapping(tmp_path: Path, store: TradeStore) -> None:
    mapping = {
        "reporter": "KAZ",
        "columns": {
            "year": "Год",
            "partner": "Страна",
            "hs_code": "Код ТН ВЭД",
            "flow": "Направление",
            "value": "Стоимость, тыс. долл.",
            "quantity": "Вес, т",
        },
        "flow_values": {"export": ["экспорт"], "import": ["импорт"]},
        "partner_scheme": "iso2",
        "value_multiplier": 1000,
        "hs_digits": 10,
    }
    _write(tmp_path / "kaz.json", json.dumps(mapping, ensure_ascii=False))
    text = "Год;Страна;Код ТН ВЭД;Направление;Стоимость, тыс. долл.;Вес, т\n"
    text += "2023;UZ;1001990000;экспорт;10;5\n2023;UZ;1001991000;Экспорт;2;1\n2023;CN;5201000000;импорт;4;\n"
    report = load_trade_file(
        store, _write(tmp_path / "kaz.csv", text), "national", "kaz", mapping=tmp_path / "kaz.json"
    )
    assert report.stored == 2
    rows = store.connect("kaz").execute("SELECT exporter, importer, hs6, value, basis FROM flows ORDER BY 1").fetchall()
    # Two ten-digit lines of one subheading are summed; the import is valued CIF by the importer.
    assert rows == [("CHN", "KAZ", "520100", 4000.0, "importer"), ("KAZ", "UZB", "100199", 12000.0, "exporter")]


def test_national_rows_with_an_unknown_flow_are_rejected(tmp_path: Path, store: TradeStore) -> None:
    mapping = {"reporter": "KAZ", "columns": {"year": "y", "partner": "p", "hs_code": "k", "flow": "f", "value": "v"},
               "flow_values": {"export": ["x"]}, "partner_scheme": "iso3"}  # fmt: skip
    _write(tmp_path / "m.json", json.dumps(mapping))
    data = _write(tmp_path / "n.csv", "y,p,k,f,v\n2023,UZB,100199,x,1\n2023,UZB,100199,re-export,1\n")
    with pytest.raises(TradeFileRejected) as caught:
        load_trade_file(store, data, "national", "n", mapping=tmp_path / "m.json")
    assert (
        caught.value.errors[0].field == "row 3"
        and "f/p: unknown country code (empty)" in caught.value.errors[0].message
    )


def test_a_mapping_without_needed_columns_names_them(tmp_path: Path, store: TradeStore) -> None:
    _write(tmp_path / "m.json", json.dumps({"reporter": "KAZ", "columns": {"year": "y"}, "flow_values": {}}))
    data = _write(tmp_path / "n.csv", "y\n2023\n")
    with pytest.raises(TradeFileRejected, match="partner, hs_code, flow, value"):
        load_trade_file(store, data, "national", "n", mapping=tmp_path / "m.json")


def test_concordance_recodes_and_splits_equally(tmp_path: Path, store: TradeStore) -> None:
    data, countries = _baci(tmp_path, "2017,398,860,100190,10,4\n2017,398,860,520100,6,\n")
    table = _write(tmp_path / "conc.csv", "HS2012,HS2017\n100190,100191\n100190,100199\n")
    report = load_trade_file(store, data, "baci", "b", countries=countries, concordance=table)
    assert report.concordance == {"rows_not_in_table": 1, "rows_recoded": 0, "codes_split_equally": 1}
    rows = store.connect("b").execute("SELECT hs6, value, quantity FROM flows ORDER BY hs6").fetchall()
    assert rows == [("100191", 5000.0, 2.0), ("100199", 5000.0, 2.0), ("520100", 6000.0, None)]


def test_bad_dataset_names_and_formats_are_refused(tmp_path: Path, store: TradeStore) -> None:
    data, _ = _baci(tmp_path, "")
    with pytest.raises(TradeInputError, match="lower-case"):
        load_trade_file(store, data, "baci", "../x")
    with pytest.raises(TradeInputError, match="baci, comtrade, national"):
        load_trade_file(store, data, "xlsx", "x")


def test_legacy_comtrade_csv_columns_and_flow_codes(tmp_path: Path, store: TradeStore) -> None:
    text = "Year,Trade Flow Code,Reporter Code,Partner Code,Commodity Code,Trade Value (US$),Netweight (kg)\n"
    text += "2019,2,398,860,100199,1000,2000\n2019,1,398,860,520100,300,\n2019,3,398,860,100199,5,1\n"
    report = load_trade_file(store, _write(tmp_path / "legacy.csv", text), "comtrade", "old")
    assert (report.stored, report.mirror) == (2, 1) and sum(report.excluded.values()) == 1  # a re-export
    rows = store.connect("old").execute("SELECT exporter, importer, hs6, quantity FROM flows ORDER BY 1").fetchall()
    assert rows == [("KAZ", "UZB", "100199", 2.0), ("UZB", "KAZ", "520100", None)]
