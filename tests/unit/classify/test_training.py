"""Training sources: authored term lists are checked, confirmations become training texts on both databases."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from cagateway.classify import default_terms_dir, record_hs_feedback
from cagateway.classify.corpus import feedback_examples, read_hs_tree, term_examples
from cagateway.classify.devsets import read_labelled
from cagateway.classify.notes import examples_from_notes
from cagateway.errors import InvalidInput, NotFound


def test_every_authored_term_names_an_hs_2022_code_and_says_why(session: Session) -> None:
    examples = term_examples(default_terms_dir(), read_hs_tree(session))
    assert len(examples) > 500
    assert {"бидай ұны", "paxta kalava", "портландцемент"} <= {e.text for e in examples}


def test_a_term_with_a_code_hs_2022_lacks_is_reported(session: Session, tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("hs,lang,term,why\n999999,ru,нечто,no such code\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not in HS 2022"):
        term_examples(tmp_path, read_hs_tree(session))


def test_a_confirmed_code_becomes_a_training_text(session: Session) -> None:
    record_hs_feedback(session, "qora choy", "090230", actor="test", lang="uz")
    assert any(e.text == "qora choy" and e.code == "090230" for e in feedback_examples(session))


@pytest.mark.parametrize(("code", "error"), [("0902", None), ("09", InvalidInput), ("123456", NotFound)])
def test_confirmations_take_headings_and_subheadings_only(session: Session, code: str, error: type | None) -> None:
    if error is None:
        assert record_hs_feedback(session, "чай", code, actor="test").hs_code == code
    else:
        with pytest.raises(error):
            record_hs_feedback(session, "чай", code, actor="test")


def test_tnved_notes_give_russian_texts_for_headings(shared_data: Path) -> None:
    examples = examples_from_notes(shared_data / "hs")
    assert len(examples) > 500
    assert all(len(e.code) in {2, 4, 6} and e.code.isdigit() for e in examples)


def test_both_labelled_layouts_are_read(shared_data: Path) -> None:
    eec = read_labelled(shared_data / "hs_labelled" / "eec_decisions_ru_dev.csv")
    short = read_labelled(shared_data / "hs_labelled" / "hsclassify_cases_dev.csv")
    assert {i.lang for i in eec} == {"ru"} and all(4 <= i.digits <= 10 for i in eec)
    assert all(len(i.code) == 6 for i in short)


def test_every_term_row_is_unique_and_gives_a_reason() -> None:
    for path in sorted(default_terms_dir().glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert all(row["why"].strip() and row["term"].strip() for row in rows), path.name
        keys = [(row["hs"], row["lang"], row["term"].strip().lower()) for row in rows]
        assert len(keys) == len(set(keys)), (path.name, [k for k in keys if keys.count(k) > 1])
