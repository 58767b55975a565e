"""The interface catalogues: every message of the templates is translated into Kazakh, Russian and Uzbek, keeps
its placeholders and markup, and the catalogues compile (they are compiled at load time, not committed as .mo)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from cagateway.web.i18n import LANGUAGES, LOCALE_DIR, negotiate, translations

WEB = Path(__file__).resolve().parents[2] / "src" / "cagateway" / "web"
OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}


def _template_messages() -> set[str]:
    found = extract_from_dir(
        str(WEB / "portal" / "templates"),
        method_map=[("**.html", "jinja2.ext:babel_extract")],
        options_map={"**.html": OPTIONS},
    )
    return {message for _file, _line, message, _comments, _context in found if isinstance(message, str)}


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)s|</?\w+>", text))


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_catalogue_translates_every_template_message(lang: str) -> None:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    wanted = _template_messages()
    assert len(wanted) > 50
    missing = sorted(m for m in wanted if not (catalog.get(m) and catalog.get(m).string))
    assert not missing, f"untranslated in {lang}: {missing} (run `make messages`, then translate)"
    for message in wanted:
        assert _placeholders(catalog.get(message).string) == _placeholders(message), message
    assert translations(lang).gettext("Search producers") != "Search producers"


def test_accept_language_qualities_and_fallback() -> None:
    assert negotiate(None, None, "en-US;q=0.3, kk-KZ;q=0.9, ru;q=0.8") == "kk"
    assert negotiate(None, None, "uz-Latn-UZ") == "uz"
    assert negotiate(None, None, "ru;q=0, en;q=0.1") == "en"
    assert negotiate(None, None, "ru;q=abc, uz") == "uz"  # a malformed quality counts as 0
    assert negotiate("KK", "ru", "en") == "kk"
    assert negotiate(None, None, None) == "en"
