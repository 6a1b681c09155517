"""Scoring rules, table-driven: overlap thresholds, exact trimming, source/cue pairing."""

from __future__ import annotations

import pytest

from claimledger.evaluation.scoring import (
    Counts,
    GoldAttribution,
    Predicted,
    micro_average,
    pair_by_content,
    score_document,
    trim,
)

# Offsets below are written against this text; "·" pads so numbers stay readable.
TEXT = (
    "Mayor Ana Ruiz said “we are on schedule, and the steel is in place,” "  # 0..69
    "and the council said that the tolls will rise in May. "                 # 69..123
) + "·" * 300
PAD = 130  # a 100-character stretch of padding: [PAD, PAD + 100)


def span(needle: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` (0-based) occurrence of ``needle`` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


QUOTE = span("we are on schedule, and the steel is in place")
QUOTED = span("“we are on schedule, and the steel is in place,”")
MAYOR, SAID = span("Mayor Ana Ruiz"), span("said")
COUNCIL, SAID2 = span("the council"), span("said", 1)
TOLLS = span("the tolls will rise in May")
THAT_TOLLS = span("that the tolls will rise in May.")

G_QUOTE = GoldAttribution("E1", (QUOTE,), (MAYOR,), (SAID,))
G_TOLLS = GoldAttribution("E2", (TOLLS,), (COUNCIL,), (SAID2,))
G_PAD = GoldAttribution("E3", ((PAD, PAD + 100),), None, None)


def pad(start: int, end: int) -> tuple[int, int]:
    return PAD + start, PAD + end


def test_scoring_perfect_prediction_scores_one_everywhere() -> None:
    gold = [G_QUOTE, G_TOLLS]
    pred = [Predicted(QUOTE, MAYOR, SAID), Predicted(TOLLS, COUNCIL, SAID2)]
    scores = score_document(TEXT, gold, pred)
    assert len(scores) == 6
    for key, counts in scores.items():
        assert (counts.precision, counts.recall, counts.f1) == (1.0, 1.0, 1.0), key


# (gold, predictions, key, expected (n_pred, n_gold, pred_ok, gold_ok))
CASES = [
    pytest.param([G_PAD], [Predicted(pad(0, 40))], "content_overlap", (1, 1, 1, 0),
                 id="40%-coverage-not-found-but-prediction-inside"),
    pytest.param([G_PAD], [Predicted(pad(0, 60))], "content_overlap", (1, 1, 1, 1),
                 id="60%-coverage-found"),
    pytest.param([G_PAD], [Predicted(pad(0, 50))], "content_overlap", (1, 1, 1, 1),
                 id="50%-coverage-is-enough"),
    pytest.param([G_PAD], [Predicted(pad(60, 200))], "content_overlap", (1, 1, 0, 0),
                 id="prediction-mostly-outside"),
    pytest.param([G_PAD], [Predicted(pad(0, 40)), Predicted(pad(40, 80))], "content_overlap",
                 (2, 1, 2, 0), id="coverage-is-not-added-across-predictions"),
    pytest.param([G_PAD], [Predicted(pad(0, 60))], "content_exact", (1, 1, 0, 0),
                 id="60%-is-not-exact"),
    pytest.param([G_QUOTE], [Predicted(QUOTE), Predicted(pad(0, 50))], "content_overlap",
                 (2, 1, 1, 1), id="extra-prediction"),
    pytest.param([G_QUOTE, G_TOLLS], [Predicted(QUOTE)], "content_exact", (1, 2, 1, 1),
                 id="missing-prediction"),
    pytest.param([G_QUOTE], [Predicted(QUOTED)], "content_exact", (1, 1, 1, 1),
                 id="quote-marks-and-comma-trimmed"),
    pytest.param([G_TOLLS], [Predicted(THAT_TOLLS)], "content_exact", (1, 1, 0, 0),
                 id="leading-that-is-not-trimmed"),
    pytest.param([G_TOLLS], [Predicted(THAT_TOLLS)], "content_overlap", (1, 1, 1, 1),
                 id="leading-that-still-overlaps"),
    pytest.param([G_QUOTE], [Predicted(QUOTE, None, SAID)], "source_overlap", (0, 1, 0, 0),
                 id="missing-source"),
    pytest.param([G_PAD], [Predicted(pad(0, 100), MAYOR)], "source_overlap", (1, 0, 0, 0),
                 id="source-where-gold-has-none"),
    pytest.param([G_QUOTE], [Predicted(QUOTE, span("Ana Ruiz"))], "source_overlap",
                 (1, 1, 1, 1), id="source-part-of-gold-overlaps"),
    pytest.param([G_QUOTE], [Predicted(QUOTE, span("Ana Ruiz"))], "source_exact",
                 (1, 1, 0, 0), id="source-part-of-gold-is-not-exact"),
    pytest.param([G_QUOTE], [Predicted(QUOTE, span("Mayor Ana Ruiz said"))], "source_exact",
                 (1, 1, 0, 0), id="source-with-extra-word-not-exact"),
    pytest.param([G_QUOTE], [Predicted(QUOTE, span("Mayor Ana Ruiz "))], "source_exact",
                 (1, 1, 1, 1), id="source-whitespace-trimmed"),
    pytest.param([G_QUOTE], [Predicted(QUOTE, span("Ruiz said"))], "cue_overlap",
                 (0, 1, 0, 0), id="no-cue-predicted"),
    pytest.param([G_QUOTE], [Predicted(TOLLS, MAYOR, SAID)], "source_overlap", (1, 1, 0, 0),
                 id="right-source-on-unpaired-content-is-wrong"),
    pytest.param([G_QUOTE], [Predicted(QUOTE, COUNCIL, SAID)], "source_overlap",
                 (1, 1, 0, 0), id="wrong-source"),
]


@pytest.mark.parametrize(("gold", "pred", "key", "expected"), CASES)
def test_scoring_cases(gold: list[GoldAttribution], pred: list[Predicted], key: str,
                       expected: tuple[int, int, int, int]) -> None:
    c = score_document(TEXT, gold, pred)[key]
    assert (c.n_pred, c.n_gold, c.pred_ok, c.gold_ok) == expected


def test_scoring_discontinuous_gold_exact_uses_first_start_to_last_end() -> None:
    first, second = span("we are on schedule"), span("the steel is in place")
    gold = [GoldAttribution("E1", (first, second), (MAYOR,), (SAID,))]
    whole = (first[0] - 1, second[1] + 2)  # “...in place,” with its marks
    scores = score_document(TEXT, gold, [Predicted(whole, MAYOR, SAID)])
    assert scores["content_exact"].f1 == 1.0
    assert scores["content_overlap"].f1 == 1.0  # all gold characters covered, 79% inside


def test_scoring_discontinuous_gold_coverage_counts_only_its_fragments() -> None:
    gold = [GoldAttribution("E1", (pad(0, 30), pad(70, 100)))]
    # Covers 30 of the 60 gold characters (50%) but only 30 of its own 70 (43%) are gold.
    c = score_document(TEXT, gold, [Predicted(pad(0, 70))])["content_overlap"]
    assert (c.pred_ok, c.gold_ok) == (0, 1)


def test_scoring_pairing_is_one_to_one_most_shared_first() -> None:
    gold = [G_PAD]
    pred = [Predicted(pad(0, 55), COUNCIL), Predicted(pad(0, 90), MAYOR)]
    assert pair_by_content(gold, pred) == [(1, 0)]
    source = score_document(TEXT, [GoldAttribution("E", G_PAD.content, (MAYOR,))],
                            pred)["source_overlap"]
    # The better-covering prediction is paired and right; the other's source is a false positive.
    assert (source.n_pred, source.pred_ok, source.fp, source.fn) == (2, 1, 1, 0)


@pytest.mark.parametrize(
    ("piece", "trimmed"),
    [("“we are on schedule, and the steel is in place,”",
      "we are on schedule, and the steel is in place"),
     (" Ana Ruiz ", "Ana Ruiz"), ("said ", "said"), (",” ", "")],
)
def test_scoring_trim(piece: str, trimmed: str) -> None:
    start, end = trim(TEXT, span(piece))
    assert TEXT[start:end] == trimmed


def test_scoring_micro_average_sums_counts_before_dividing() -> None:
    doc1 = score_document(TEXT, [G_QUOTE], [Predicted(QUOTE)])
    doc2 = score_document(TEXT, [G_QUOTE, G_TOLLS, G_PAD], [])
    total = micro_average([doc1, doc2])["content_overlap"]
    assert (total.n_pred, total.n_gold, total.tp) == (1, 4, 1)
    assert total.precision == 1.0 and total.recall == 0.25
    assert total.f1 == pytest.approx(0.4)


def test_scoring_counts_without_data_are_zero_not_errors() -> None:
    empty = Counts()
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    assert Counts(2, 4, 1, 2).to_dict() == {
        "n_pred": 2, "n_gold": 4, "tp": 2, "fp": 1, "fn": 2, "pred_ok": 1,
        "precision": 0.5, "recall": 0.5, "f1": 0.5,
    }
