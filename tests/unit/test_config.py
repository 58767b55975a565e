"""Settings from the environment: a bad value names its variable, what is wrong and what was given."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cagateway.cli import main
from cagateway.config import get_settings
from cagateway.errors import ConfigurationError


def test_bad_settings_name_each_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAGATEWAY_SEARCH_THREADS", "0")
    monkeypatch.setenv("CAGATEWAY_PORT", "eighty")
    with pytest.raises(ConfigurationError) as caught:
        get_settings()
    fields = {e.field: e for e in caught.value.errors}
    assert set(fields) == {"CAGATEWAY_SEARCH_THREADS", "CAGATEWAY_PORT"}
    assert "greater than or equal to 1" in fields["CAGATEWAY_SEARCH_THREADS"].message
    assert fields["CAGATEWAY_PORT"].value == "eighty"
    assert "README.md" in caught.value.message


def test_the_cli_says_which_setting_is_wrong_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CAGATEWAY_SEARCH_THREADS", "many")
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 'x.sqlite3'}", "search", "cement"])
    assert result.exit_code == 1
    assert "CAGATEWAY_SEARCH_THREADS: Input should be a valid integer" in result.output
    assert "'many'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.sqlite3").exists()  # nothing was opened or written
