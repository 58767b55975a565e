"""Readers stream CSV, XLSX and JSONL into the same rows; mapping files turn other layouts into the format."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from cagateway.ingest.errors import BadMapping, UnreadableFile
from cagateway.ingest.mapping import load_mapping
from cagateway.ingest.readers import ERROR_COLUMN, detect_format, read_rows
from tests.ingest_files import valid_rows, write_csv, write_jsonl, write_xlsx


def _clean(row: dict[str, str]) -> dict[str, str | None]:
    return {k: (v or None) for k, v in row.items()}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_every_format_gives_the_same_rows(tmp_path: Path, fmt: str) -> None:
    rows = valid_rows(30)
    writer = {"csv": write_csv, "xlsx": write_xlsx, "jsonl": write_jsonl}[fmt]
    path = writer(rows, tmp_path / f"producers.{fmt}")
    stream = read_rows(path, detect_format(path))
    assert isinstance(stream, types.GeneratorType)  # streamed, not a list
    read = list(stream)
    first_row = 1 if fmt == "jsonl" else 2
    assert [n for n, _ in read] == list(range(first_row, first_row + 30))
    got = [{k: v for k, v in row.items() if v is not None} for _, row in read]
    assert got == [{k: v for k, v in _clean(r).items() if v is not None} for r in rows]


def test_csv_rows_are_read_lazily(tmp_path: Path) -> None:
    path = write_csv(valid_rows(5), tmp_path / "p.csv")
    stream = read_rows(path, "csv")
    number, first = next(stream)
    assert number == 2 and first["source_record_id"] == "r0"


def test_bad_jsonl_lines_and_stray_cells_become_rows_with_an_error(tmp_path: Path) -> None:
    path = write_jsonl(valid_rows(1), tmp_path / "p.jsonl", extra_lines=("{not json", "[1, 2]"))
    rows = list(read_rows(path, "jsonl"))
    assert ERROR_COLUMN not in rows[0][1]
    assert "not valid JSON" in (rows[1][1][ERROR_COLUMN] or "")
    assert "JSON object" in (rows[2][1][ERROR_COLUMN] or "")
    csv_path = tmp_path / "stray.csv"
    csv_path.write_text("source_record_id,country,name\nr1,KZ,A,extra\n", encoding="utf-8")
    (_, row), *_ = read_rows(csv_path, "csv")
    assert "stray delimiter" in (row[ERROR_COLUMN] or "")


def test_unknown_extension_and_missing_or_empty_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="--format"):
        detect_format(tmp_path / "x.dat")
    assert detect_format(tmp_path / "x.dat", "csv") == "csv"
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="empty"):
        list(read_rows(empty, "csv"))
    not_xlsx = tmp_path / "fake.xlsx"
    not_xlsx.write_text("hello", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="XLSX"):
        list(read_rows(not_xlsx, "xlsx"))


def test_mapping_renames_splits_maps_values_sets_constants_and_keeps_unknown_columns(tmp_path: Path) -> None:
    mapping_file = tmp_path / "m.toml"
    mapping_file.write_text(
        """
[options]
delimiter = ";"
[rename]
"Код" = "source_record_id"
"Наименование" = "name"
"Область" = "region"
[constants]
country = "KZ"
[values.region]
"г. Шымкент" = "KZ-79"
[[split]]
column = "Координаты"
separator = ","
into = ["lat", "lon"]
""",
        encoding="utf-8",
    )
    mapping = load_mapping(mapping_file)
    assert mapping.delimiter == ";"
    data = tmp_path / "layout.csv"
    data.write_text(
        "Код;Наименование;Область;Координаты;Директор\n17;ТОО «Оңтүстік Цемент»;г. Шымкент;42.3, 69.6;Иванов\n",
        encoding="utf-8",
    )
    (_, raw), *_ = read_rows(data, "csv", delimiter=mapping.delimiter)
    record, extra = mapping.apply(raw)
    assert record == {
        "source_record_id": "17",
        "name": "ТОО «Оңтүстік Цемент»",
        "region": "KZ-79",
        "lat": "42.3",
        "lon": "69.6",
        "country": "KZ",
    }
    assert extra == {"Директор": "Иванов"}


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("[rename\n", "not valid TOML"),
        ("[colums]\na = 'b'\n", "unknown sections"),
        ("[[split]]\ncolumn = 'x'\n", "needs column, separator and into"),
        ("[options]\nquote = '\"'\n", "options are"),
    ],
)
def test_bad_mapping_files_say_what_to_fix(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadMapping, match=match):
        load_mapping(path)
