"""Russian names of HS sections, chapters and headings from the TN VED files (on SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cagateway.reference.errors import ReferenceFileError
from cagateway.reference.hs_names import load_hs_russian_names
from cagateway.reference.models import HsCode, HsSection
from cagateway.reference.services import get_hs_code


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _current(path: Path, column: str) -> dict[str, str]:
    return {row[column]: row["name_ru"] for row in _rows(path) if not row["valid_to"]}


def _named(session: Session, level: int) -> int:
    stmt = select(func.count()).where(HsCode.level == level, HsCode.description_ru.is_not(None))
    return session.scalar(stmt) or 0


def _write(path: Path, header: str, *lines: str) -> Path:
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return path


def test_cement_gets_its_russian_name(session: Session, shared_data: Path) -> None:
    load_hs_russian_names(session, shared_data / "hs")
    assert "ЦЕМЕНТ" in (get_hs_code(session, "2523").description_ru or "")
    section = session.get(HsSection, "XIII")  # stone, plaster, cement, ceramics, glass
    assert section is not None and "ЦЕМЕНТА" in (section.name_ru or "")
    assert get_hs_code(session, "252329").description_ru is None  # TN VED has no Russian text below 4 digits


def test_every_current_chapter_and_heading_is_named(session: Session, shared_data: Path) -> None:
    hs = shared_data / "hs"
    chapters = _current(hs / "tnved_ru_chapters.csv", "chapter")
    headings = _current(hs / "tnved_ru_headings.csv", "hs4")
    report = load_hs_russian_names(session, hs)
    assert _named(session, 2) == len(chapters) == report.counts["chapters"]
    assert _named(session, 4) == len(headings) == report.counts["headings"]
    assert get_hs_code(session, "0101").description_ru == headings["0101"]  # the current wording, as published


def test_report_counts_what_the_files_hold(session: Session, shared_data: Path) -> None:
    hs = shared_data / "hs"
    files = ("tnved_ru_sections.csv", "tnved_ru_chapters.csv", "tnved_ru_headings.csv")
    historic = sum(1 for name in files for row in _rows(hs / name) if row["valid_to"])
    sections = _current(hs / "tnved_ru_sections.csv", "section")
    report = load_hs_russian_names(session, hs)
    assert report.counts["skipped_historic"] == historic
    assert report.counts["sections"] == sum(1 for s in sections if 1 <= int(s) <= 21)
    assert report.counts["not_in_hs2022"] == sum(1 for s in sections if int(s) > 21)  # "22": not an HS section
    assert report.counts["updated"] == report.counts["sections"] + report.counts["chapters"] + report.counts["headings"]


def test_loading_twice_changes_nothing(session: Session, shared_data: Path) -> None:
    first = load_hs_russian_names(session, shared_data / "hs")
    named = _named(session, 4)
    again = load_hs_russian_names(session, shared_data / "hs")
    assert again == first
    assert _named(session, 4) == named
    assert session.scalar(select(func.count()).select_from(HsCode).where(HsCode.code == "2523")) == 1


def test_a_single_file_names_only_its_level(session: Session, shared_data: Path) -> None:
    report = load_hs_russian_names(session, shared_data / "hs" / "tnved_ru_headings.csv")
    assert report.counts["headings"] > 900 and report.counts["chapters"] == 0
    assert get_hs_code(session, "25").description_ru is None


def test_only_current_rows_count_and_sections_map_to_roman_numerals(session: Session, tmp_path: Path) -> None:
    folder = tmp_path / "hs"
    folder.mkdir()
    _write(folder / "tnved_ru_sections.csv", "section,name_ru,valid_from,valid_to", "13,ИЗДЕЛИЯ ИЗ КАМНЯ,2022-01-01,")
    _write(
        folder / "tnved_ru_headings.csv",
        "chapter,heading,hs4,name_ru,valid_from,valid_to",
        "25,23,2523,СТАРОЕ НАЗВАНИЕ,2002-01-01,2006-12-31",
        "25,23,2523,ПОРТЛАНДЦЕМЕНТ,2022-01-01,",
        "77,01,7701,НЕТ В HS,2022-01-01,",
    )
    report = load_hs_russian_names(session, folder)
    assert session.get(HsSection, "XIII").name_ru == "ИЗДЕЛИЯ ИЗ КАМНЯ"  # type: ignore[union-attr]
    assert get_hs_code(session, "2523").description_ru == "ПОРТЛАНДЦЕМЕНТ"
    assert report.counts == {
        "sections": 1,
        "chapters": 0,
        "headings": 1,
        "not_in_hs2022": 1,
        "skipped_historic": 1,
        "updated": 2,
    }


def test_pipe_delimited_file_from_the_origin_is_recognised_by_its_columns(session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path / "tnved3.txt", "chapter|heading|hs4|name_ru|valid_from|valid_to", "25|23|2523|ЦЕМЕНТ||")
    assert load_hs_russian_names(session, path).counts["headings"] == 1
    assert get_hs_code(session, "2523").description_ru == "ЦЕМЕНТ"


def test_missing_column_names_the_file_and_the_column(session: Session, tmp_path: Path) -> None:
    _write(tmp_path / "tnved_ru_headings.csv", "chapter,heading,hs4,valid_to", "25,23,2523,")
    with pytest.raises(ReferenceFileError) as caught:
        load_hs_russian_names(session, tmp_path)
    message = str(caught.value)
    assert "tnved_ru_headings.csv" in message and "'name_ru'" in message and "valid_to" in message
    assert [e.field for e in caught.value.errors] == ["name_ru"]
    assert caught.value.as_body()["code"] == "reference_file_invalid"


def test_a_folder_without_tnved_files_says_which_files_it_expects(session: Session, tmp_path: Path) -> None:
    with pytest.raises(ReferenceFileError, match=r"tnved_ru_chapters\.csv"):
        load_hs_russian_names(session, tmp_path)
    with pytest.raises(ReferenceFileError, match="no such file or folder"):
        load_hs_russian_names(session, tmp_path / "missing")


def test_an_unrelated_file_is_refused(session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path / "prices.csv", "product,price", "cement,10")
    with pytest.raises(ReferenceFileError, match="not a TN VED"):
        load_hs_russian_names(session, path)
