"""A small model trained on a handful of texts: enough to show behaviour, fast enough for every test."""

from __future__ import annotations

import pytest

from cagateway.classify.model import Example, HsModel

EXAMPLES = [
    Example("Wheat or meslin flour", "110100", "hs_en"),
    Example("Wheat or meslin flour", "1101", "hs_en"),
    Example("МУКА ПШЕНИЧНАЯ ИЛИ ПШЕНИЧНО-РЖАНАЯ", "1101", "hs_ru"),
    Example("бидай ұны", "110100", "terms", 1.5),
    Example("Cement; portland, other than white, whether or not artificially coloured", "252329", "hs_en"),
    Example("Cement; portland, white, whether or not artificially coloured", "252321", "hs_en"),
    Example("Cement clinkers (whether or not coloured)", "252310", "hs_en"),
    Example("портландцемент", "252329", "terms", 1.5),
    Example("Cotton yarn (other than sewing thread), 85% or more cotton, not for retail sale", "5205", "hs_en"),
    Example("Cotton yarn; single, of uncombed fibres, 232.56 decitex or more", "520512", "hs_en"),
    Example("paxta kalava", "5205", "terms", 1.5),
    Example("Copper; refined, unwrought, cathodes and sections of cathodes", "740311", "hs_en"),
    Example("медь катодная", "740311", "terms", 1.5),
]
SUBHEADINGS = {"1101": ["110100"], "2523": ["252310", "252321", "252329"], "5205": ["520511", "520512"]}
SUBHEADINGS["7403"] = ["740311"]
NAMES: dict[str, tuple[str, str | None]] = {e.code: (e.text, None) for e in EXAMPLES if e.source == "hs_en"}
NAMES["520511"] = ("Cotton yarn; single, of uncombed fibres, 714.29 decitex or more", None)


@pytest.fixture(scope="session")
def small_model() -> HsModel:
    return HsModel.fit(EXAMPLES, SUBHEADINGS, NAMES)
