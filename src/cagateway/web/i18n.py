"""Interface languages of the portal: Kazakh, Russian, English and Uzbek (Latin).

Messages live in Babel catalogues, ``web/portal/locale/<lang>/LC_MESSAGES/messages.po``; they are compiled in
memory when first used (no ``.mo`` files to build or commit). The language of a request is, in order: ``?lang=``,
the ``lang`` cookie the language switch sets, the best ``Accept-Language`` match, else English.
"""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "LOCALE_DIR", "negotiate", "script_of", "translations"]

LANGUAGES = {"kk": "Қазақша", "ru": "Русский", "en": "English", "uz": "Oʻzbekcha"}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "portal" / "locale"
_SCRIPTS = {"kk": "Cyrl", "ru": "Cyrl", "en": "Latn", "uz": "Latn"}


def script_of(lang: str) -> str:
    """The script the interface language is written in: Cyrl (kk, ru) or Latn (en, uz)."""
    return _SCRIPTS.get(lang, "Latn")


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English, the source language, needs none)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == DEFAULT_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _accepted(header: str) -> list[str]:
    """Primary language subtags of an ``Accept-Language`` header, by descending quality."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, index, tag.split("-")[0].lower()))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The interface language for a request (see the module docs)."""
    for choice in (query, cookie):
        if choice and choice.lower() in LANGUAGES:
            return choice.lower()
    for tag in _accepted(accept_language or ""):
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE
