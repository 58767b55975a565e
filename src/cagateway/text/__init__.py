"""Text handling for company names: legal forms, scripts, apostrophes and quotes, a language guess,
transliteration, folding for search, Russian stemming, and name keys for entity resolution.

A leaf package: pure functions on strings, nothing from other cagateway packages. Third-party: ICU
(``icukit-pyicu``) and anyascii for transliteration, PyStemmer for Russian stems.
"""

from cagateway.text.keys import name_key, name_tokens, name_variants
from cagateway.text.legal_forms import (
    LEGAL_FORMS,
    LegalForm,
    LegalFormClass,
    LegalFormMatch,
    Position,
    detect_legal_form,
    strip_legal_form,
)
from cagateway.text.normalise import fold_for_search, stem_ru
from cagateway.text.scripts import OKINA, detect_script, fold_apostrophes, fold_quotes, guess_language
from cagateway.text.translit import Romanisation, Target, transliterate

__all__ = [
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
]
