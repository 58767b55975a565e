"""`cagateway ids check` through the real CLI entry point: JSON, text and exit codes, no database needed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cagateway.cli import main
from cagateway.registry.identifiers import SCHEMES


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["ids", "check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_valid_bin_prints_the_json_and_exits_0() -> None:
    code, output = _run("KZ-BIN", "940140000385", "--json")
    assert code == 0, output
    body = json.loads(output)
    assert body == {
        "scheme": "KZ-BIN",
        "valid": True,
        "normalised": "940140000385",
        "checksum": "ok",
        "message": body["message"],
    }
    assert "valid" in body["message"]


def test_mistyped_bin_prints_the_json_with_the_expected_digit_and_exits_1() -> None:
    code, output = _run("kz-bin", "9401 4000 0386", "--json")
    assert code == 1
    body = json.loads(output)
    assert (body["valid"], body["normalised"], body["checksum"]) == (False, "940140000386", "bad")
    assert "expected 5, got 6" in body["message"]


def test_malformed_value_names_the_valid_form() -> None:
    code, output = _run("RU-INN", "77070838931", "--json")
    body = json.loads(output)
    assert (code, body["valid"], body["checksum"]) == (1, False, "not verifiable")
    assert SCHEMES["RU-INN"].form in body["message"] and "got 11 digits" in body["message"]


def test_format_only_scheme_is_valid_but_not_verifiable() -> None:
    code, output = _run("UZ-INN", "308797592", "--json")
    body = json.loads(output)
    assert (code, body["valid"], body["checksum"]) == (0, True, "not verifiable")


def test_unknown_scheme_exits_1_and_lists_the_schemes() -> None:
    code, output = _run("XX-ID", "123", "--json")
    body = json.loads(output)
    assert (code, body["valid"]) == (1, False)
    assert all(name in body["message"] for name in SCHEMES)


@pytest.mark.parametrize(("value", "code", "verdict"), [("7707083893", 0, "valid"), ("7707083894", 1, "INVALID")])
def test_text_output_gives_the_verdict_and_message(value: str, code: int, verdict: str) -> None:
    exit_code, output = _run("RU-INN", value)
    assert exit_code == code
    assert output.startswith(verdict)
    assert f"RU-INN {value}" in output


def test_text_output_prints_brackets_the_user_typed_verbatim() -> None:
    _, output = _run("[bold]KZ", "1")
    assert "'[bold]KZ'" in output
