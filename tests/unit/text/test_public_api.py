"""cagateway.text exports everything public its modules define, and nothing else."""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest

import cagateway.text
from cagateway.text import keys, legal_forms, normalise, scripts, translit

EXPECTED = {
    "LEGAL_FORMS",
    "OKINA",
    "LegalForm",
    "LegalFormClass",
    "LegalFormMatch",
    "Position",
    "Romanisation",
    "Target",
    "detect_legal_form",
    "detect_script",
    "fold_apostrophes",
    "fold_for_search",
    "fold_quotes",
    "guess_language",
    "name_key",
    "name_tokens",
    "name_variants",
    "stem_ru",
    "strip_legal_form",
    "transliterate",
}


def test_the_listed_names_are_exported_and_importable() -> None:
    assert set(cagateway.text.__all__) == EXPECTED
    for name in EXPECTED:
        assert getattr(cagateway.text, name) is not None


def test_all_matches_the_public_names_of_the_package() -> None:
    public = {
        name for name, value in vars(cagateway.text).items() if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert set(cagateway.text.__all__) == public


@pytest.mark.parametrize(
    "module", [keys, legal_forms, normalise, scripts, translit], ids=lambda module: module.__name__
)
def test_every_public_function_and_class_of_a_module_is_exported(module: ModuleType) -> None:
    defined_here = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == module.__name__
    }
    assert defined_here <= set(cagateway.text.__all__)
    assert set(module.__all__) <= set(cagateway.text.__all__)
