"""UN/LOCODE locations: loaded from a messy file with every defect kept and flagged (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cagateway.errors import InvalidInput
from cagateway.reference.errors import ReferenceFileError
from cagateway.reference.models import Location
from cagateway.reference.services import get_location
from cagateway.reference.unlocode import SUSPECT_ISSUES, find_locations, load_unlocode

FILE = "unlocode_central_asia_partners.csv"
HEADER = "country,location,name,nameWoDiacritics,subdivision,status,function,iata,lat,lon,geocoded"


@pytest.fixture
def source_rows(shared_data: Path) -> list[dict[str, str]]:
    with (shared_data / "unlocode" / FILE).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _usable(row: dict[str, str]) -> bool:
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError:
        return False
    return math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180


def _issues(location: Location | None) -> set[str]:
    assert location is not None
    return set((location.issues or "").split("|")) - {""}


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Location)) or 0


def _write(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / FILE
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return path


def test_every_code_is_stored_once_and_the_report_matches_the_file(
    session: Session, shared_data: Path, source_rows: list[dict[str, str]]
) -> None:
    report = load_unlocode(session, shared_data / "unlocode")
    codes = {row["country"] + row["location"] for row in source_rows}
    assert _count(session) == len(codes) == report.counts["locations"]
    assert report.counts["rows_read"] == len(source_rows)
    assert report.counts["duplicate_rows"] == len(source_rows) - len(codes)
    assert report.issues["malformed_source_row"] == sum(r["source_row_malformed"] == "1" for r in source_rows)
    geocoded = {r["country"] + r["location"] for r in source_rows if r["geocoded"] == "true" and _usable(r)}
    assert report.issues["geocoded"] == len(geocoded)
    assert report.counts["trusted"] + report.counts["untrusted"] == len(codes)


def test_wrongly_geocoded_kzyl_orda_and_andizhan_are_kept_but_not_trusted(
    session: Session, shared_data: Path, source_rows: list[dict[str, str]]
) -> None:
    load_unlocode(session, shared_data / "unlocode")
    for country, name in (("KZ", "Kzyl-Orda"), ("UZ", "Andizhan")):
        row = next(r for r in source_rows if r["country"] == country and r["name"] == name)
        location = get_location(session, country + row["location"])
        assert location is not None and location.name == name
        if row["geocoded"] == "true":
            assert "geocoded" in _issues(location) and location.trusted is False
            assert location.coordinates_source == "geocoder"
            assert (location.lat, location.lon) == (float(row["lat"]), float(row["lon"]))  # kept for users to see


def test_trust_follows_the_suspect_issues(session: Session, shared_data: Path) -> None:
    load_unlocode(session, shared_data / "unlocode")
    for location in session.scalars(select(Location)):
        assert location.trusted is not bool(_issues(location) & SUSPECT_ISSUES), location.locode
    almaty = get_location(session, "KZALA")
    assert almaty is not None and almaty.trusted and almaty.coordinates_source == "unlocode"


def test_malformed_rows_are_repaired_and_flagged(
    session: Session, shared_data: Path, source_rows: list[dict[str, str]]
) -> None:
    load_unlocode(session, shared_data / "unlocode")
    for row in (r for r in source_rows if r["source_row_malformed"] == "1"):
        location = get_location(session, row["country"] + row["location"])
        assert "malformed_source_row" in _issues(location) and location is not None and not location.trusted
        assert not location.name.startswith('"') and '"' not in location.name_ascii
    names = session.scalars(select(Location.name)).all()
    assert not [n for n in names if "\ufffd" in n]  # "Or�l" is stored with its ASCII name, flagged


def test_out_of_range_coordinates_become_null(session: Session, shared_data: Path) -> None:
    report = load_unlocode(session, shared_data / "unlocode")
    invalid = session.scalars(select(Location).where(Location.issues.contains("invalid_coordinates"))).all()
    assert len(invalid) == report.issues["invalid_coordinates"] > 0
    assert all(loc.lat is None and loc.lon is None for loc in invalid)


def test_chukotka_east_of_180_is_inside_russia_but_a_sign_error_is_not(session: Session, shared_data: Path) -> None:
    load_unlocode(session, shared_data / "unlocode")
    assert "outside_country_bbox" not in _issues(get_location(session, "RUUEL"))  # Uelen, lon -169.8
    assert "outside_country_bbox" in _issues(get_location(session, "RUPYK"))  # "Primorsky Krai" at lon -135


def test_loading_twice_gives_the_same_report_and_no_duplicates(session: Session, shared_data: Path) -> None:
    first = load_unlocode(session, shared_data / "unlocode")
    count = _count(session)
    again = load_unlocode(session, shared_data / "unlocode" / FILE)
    assert again.counts == first.counts and again.issues == first.issues
    assert _count(session) == count


def test_defects_in_a_small_file(session: Session, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "KZ,AAA,Alpha,Alpha,,RL,--3-----,,43.25,76.95,",
        "KZ,BBB,Bravo,Bravo,,RL,--3-----,,abc,,",
        "KZ,CCC,Charlie,Charlie,,RL,--3-----,,95,76.9,",
        "KZ,DDD,Delta,Delta,,RL,--3-----,,10,10,",
        "TR,EEE,Echo,Echo,,RL,1-------,,29.7,40.7,",
        "KZ,AAA,Alpha again,Alpha again,,RL,--3-----,,43.25,76.95,",
        "KZ,FFF,Foxtrot,Foxtrot,,RL,--3-----,,,,",
        "KZ,GGG,Golf,Golf,,RL,--3-----,,43.3,77.0,true",
    )
    report = load_unlocode(session, path)
    assert _issues(get_location(session, "KZAAA")) == {"duplicate_code"}
    assert get_location(session, "KZAAA").name == "Alpha"  # type: ignore[union-attr]
    for code in ("KZBBB", "KZCCC"):
        location = get_location(session, code)
        assert _issues(location) == {"invalid_coordinates"} and location is not None and location.lat is None
    assert _issues(get_location(session, "KZDDD")) == {"outside_country_bbox"}
    assert _issues(get_location(session, "TREEE")) == {"outside_country_bbox", "possibly_swapped"}
    assert _issues(get_location(session, "KZFFF")) == {"missing_coordinates"}
    assert _issues(get_location(session, "KZGGG")) == {"geocoded"}
    trusted = {loc.locode for loc in session.scalars(select(Location).where(Location.trusted.is_(True)))}
    assert {"KZAAA", "KZBBB", "KZCCC", "KZFFF"} <= trusted and not {"KZDDD", "TREEE", "KZGGG"} & trusted
    assert report.counts["rows_read"] == 8 and report.counts["locations"] == 7


def test_a_split_quoted_name_is_put_back_together(session: Session, tmp_path: Path) -> None:
    split = '"""Vladimir"," Vladimirskaya"""'  # the origin's "Vladimir, Vladimirskaya", cut at its comma
    path = _write(tmp_path, f"RU,VMR,{split},{split},VLA,-23-----,56.1,40.4,")
    load_unlocode(session, path)
    location = get_location(session, "RUVMR")
    assert location is not None and location.name == "Vladimir, Vladimirskaya"
    assert (location.subdivision, location.functions) == ("RU-VLA", "-23-----")
    assert location.is_rail and location.is_road and not location.is_port
    assert "malformed_source_row" in _issues(location) and not location.trusted


def test_missing_column_names_the_file_and_the_column(session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path, "KZ,ALA,Almaty,43.25", header="country,location,name,lat")
    with pytest.raises(ReferenceFileError) as caught:
        load_unlocode(session, tmp_path)
    assert str(path) in str(caught.value) and "'lon'" in str(caught.value)
    assert [e.field for e in caught.value.errors] == ["lon"]


def test_a_folder_without_the_file_says_which_file_it_expects(session: Session, tmp_path: Path) -> None:
    with pytest.raises(ReferenceFileError, match=FILE):
        load_unlocode(session, tmp_path)


def test_find_locations_by_name_prefix_code_and_country(session: Session, shared_data: Path) -> None:
    load_unlocode(session, shared_data / "unlocode")
    assert "KZKZO" in [loc.locode for loc in find_locations(session, "kzyl")]
    assert find_locations(session, "KZ ALA")[0].locode == "KZALA"
    assert {loc.country_code for loc in find_locations(session, "a", country="uz", limit=50)} == {"UZ"}
    found = find_locations(session, "tash", limit=50)
    assert [loc.trusted for loc in found] == sorted((loc.trusted for loc in found), reverse=True)  # trusted first
    assert find_locations(session, "  ") == []
    assert find_locations(session, "100%") == []  # LIKE wildcards in the query are taken literally
    with pytest.raises(InvalidInput, match="limit"):
        find_locations(session, "a", limit=0)
