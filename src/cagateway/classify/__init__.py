"""HS classification: free text in Russian, Kazakh, Uzbek or English → suggested HS 2022 subheadings.

Offline and on the CPU: character n-gram TF-IDF over labelled texts (the HS descriptions, Russian TN VED names
and notes, the project's authored term lists, codes users confirmed), nearest neighbours voting from
subheading back to heading and chapter. ``cagateway hs train`` builds the model; :func:`suggest_hs` uses it.
"""

from cagateway.classify.errors import ModelNotTrained
from cagateway.classify.services import (
    TrainingSources,
    build_hs_model,
    default_terms_dir,
    record_hs_feedback,
    suggest_hs,
    suggest_hs_many,
    train_hs_model,
)
from cagateway.classify.suggest import CONFIDENT, Suggestion, SuggestionResult

__all__ = [
    "CONFIDENT",
    "ModelNotTrained",
    "Suggestion",
    "SuggestionResult",
    "TrainingSources",
    "build_hs_model",
    "default_terms_dir",
    "record_hs_feedback",
    "suggest_hs",
    "suggest_hs_many",
    "train_hs_model",
]
