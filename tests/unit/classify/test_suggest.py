"""What a user sees from a trained model: the right code for their words, a confidence, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from cagateway.classify import CONFIDENT, ModelNotTrained, suggest_hs
from cagateway.classify.model import HsModel
from cagateway.classify.store import load_model, save_model
from cagateway.classify.suggest import suggest


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("бидай ұны", "110100"),
        ("мука пшеничная высшего сорта", "110100"),
        ("Портландцемент М400", "252329"),
        ("paxta kalava", "5205"),
        ("пахта калава", "5205"),  # Uzbek Cyrillic, learnt from the Latin term only
        ("Медь катодная марки М00к", "740311"),
        ("portland cement", "2523"),
    ],
)
def test_the_best_suggestion_is_the_right_code(small_model: HsModel, text: str, code: str) -> None:
    best = suggest(small_model, text).suggestions[0]
    assert best.code.startswith(code)
    assert best.heading == best.code[:4]


def test_a_suggestion_says_which_known_texts_it_matched(small_model: HsModel) -> None:
    best = suggest(small_model, "бидай ұны").suggestions[0]
    assert best.matched[0].text == "бидай ұны" and best.matched[0].source == "terms"
    assert best.description == "Wheat or meslin flour"
    assert suggest(small_model, "бидай ұны").confident


def test_suggestions_come_from_distinct_headings_best_first(small_model: HsModel) -> None:
    suggestions = suggest(small_model, "cotton yarn cement", top=3).suggestions
    assert len({s.heading for s in suggestions}) == len(suggestions)
    assert [s.confidence for s in suggestions] == sorted((s.confidence for s in suggestions), reverse=True)


@pytest.mark.parametrize("junk", ["asdf", "", "   ", "🙂🙂🙂", "+7 701 123 45 67", "qwerty"])
def test_junk_gets_no_confident_suggestion(small_model: HsModel, junk: str) -> None:
    result = suggest(small_model, junk)
    assert not result.confident
    assert result.message == "no confident suggestion"
    assert all(s.confidence < CONFIDENT for s in result.suggestions)


def test_a_saved_model_suggests_the_same(small_model: HsModel, tmp_path: Path) -> None:
    save_model(small_model, tmp_path / "model", {"trained_at": "now"})
    loaded, about = load_model(tmp_path / "model")
    assert about == {"trained_at": "now"}
    for text in ("бидай ұны", "paxta kalava", "asdf"):
        assert suggest(loaded, text).as_dict() == suggest(small_model, text).as_dict()


def test_without_a_trained_model_the_error_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(ModelNotTrained, match="cagateway hs train"):
        suggest_hs(tmp_path / "nothing-here", "цемент")


def test_saving_again_replaces_the_model(small_model: HsModel, tmp_path: Path) -> None:
    save_model(small_model, tmp_path / "model", {"n": 1})
    save_model(small_model, tmp_path / "model", {"n": 2})
    assert load_model(tmp_path / "model")[1] == {"n": 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]
