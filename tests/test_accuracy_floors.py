"""The accuracy gate: claimledger on PolNeAR dev must meet the floors in floors.json.

Skipped, with the reason, where ``../shared/data/polnear`` is absent (the corpus is not part
of the repository). Needs the spaCy model. Takes about a minute on a laptop CPU.
"""

from __future__ import annotations

import pytest

from claimledger.errors import CorpusNotFoundError
from claimledger.evaluation.floors import check_floors
from claimledger.evaluation.polnear import find_polnear
from claimledger.evaluation.runner import evaluate_polnear, format_table

pytestmark = [pytest.mark.corpus, pytest.mark.model]


@pytest.fixture(scope="module")
def polnear_dir() -> str:
    try:
        return str(find_polnear())
    except CorpusNotFoundError as err:
        pytest.skip(f"PolNeAR corpus absent, accuracy floors not checked: {err}")


def test_accuracy_floors_polnear_dev(polnear_dir: str) -> None:
    report = evaluate_polnear("claimledger", "dev", polnear_dir)
    assert report.n_docs == 84
    violations = check_floors(report)
    assert violations == [], "\n".join([*violations, "", format_table(report)])


def test_accuracy_floors_goldnews(analyzer) -> None:
    """The original articles in tests/fixtures/goldnews: quotes and resolved speakers."""
    from claimledger.evaluation.floors import attribute_metric, check_metrics
    from claimledger.evaluation.goldnews import format_table as goldnews_table
    from claimledger.evaluation.goldnews import load_goldnews, score_goldnews

    articles = load_goldnews()
    report = score_goldnews(zip(articles, analyzer.analyze_many(a.article() for a in articles), strict=True))
    violations = check_metrics("goldnews", attribute_metric(report))
    assert violations == [], "\n".join([*violations, "", goldnews_table(report)])


def test_accuracy_floors_meantime() -> None:
    """Event factuality and time expressions on the MEANTIME part in ../shared/data."""
    import spacy

    from claimledger.evaluation.factuality import evaluate_factuality
    from claimledger.evaluation.floors import attribute_metric, check_metrics, timex_metric
    from claimledger.evaluation.meantime import find_meantime
    from claimledger.evaluation.timex import evaluate_times
    from claimledger.settings import DEFAULT_MODEL

    try:
        find_meantime()
    except CorpusNotFoundError as err:
        pytest.skip(f"MEANTIME corpus absent, accuracy floors not checked: {err}")
    nlp = spacy.load(DEFAULT_MODEL)
    factuality = evaluate_factuality(nlp=nlp)
    times = evaluate_times(nlp=nlp)
    assert factuality.accuracy >= factuality.baseline_accuracy
    violations = check_metrics("meantime-factuality", attribute_metric(factuality)) + check_metrics(
        "meantime-times", timex_metric(times)
    )
    assert violations == []


def test_accuracy_floors_claim_pairs() -> None:
    """Claims across articles on tests/fixtures/claim-pairs (ships with the repo, never
    skips; needs neither the corpus nor the model): same proposition P/R/F1, relation."""
    from claimledger.evaluation.claim_pairs import format_table as pairs_table
    from claimledger.evaluation.claim_pairs import load_pairs, score_claim_pairs
    from claimledger.evaluation.floors import attribute_metric, check_metrics

    report = score_claim_pairs(load_pairs())
    assert report.pairs >= 150
    violations = check_metrics("claim-pairs", attribute_metric(report))
    assert violations == [], "\n".join([*violations, "", pairs_table(report, misses=True)])


def test_accuracy_floors_ecbplus() -> None:
    """Cross-document event coreference with gold mentions on ECB+ topics 1-10: the floors,
    and the linking method ahead of both baselines, run as a batch and one at a time. The
    CLI scores all 33 topics; reading them takes about 90 s on two cores, these ten about
    25 s."""
    from claimledger.evaluation.ecbplus import find_ecbplus
    from claimledger.evaluation.event_coref import (
        SAME_LEMMA,
        SAME_TYPE_DAY,
        SUBSET,
        evaluate_ecbplus,
        format_report,
    )
    from claimledger.evaluation.floors import check_metrics

    try:
        find_ecbplus()
    except CorpusNotFoundError as err:
        pytest.skip(f"ECB+ corpus absent, accuracy floors not checked: {err}")
    report = evaluate_ecbplus(topics=SUBSET)
    assert report.floor_key == "ecbplus-topics-1-10"
    table = format_report(report)
    for baseline in (SAME_LEMMA, SAME_TYPE_DAY):
        assert report.metric("conll_f1") > report.result(baseline).scores.conll_f1, table
        assert report.metric("in_order_conll_f1") > report.result(baseline).scores.conll_f1, table
    violations = check_metrics(report.floor_key, report.metric)
    assert violations == [], "\n".join([*violations, "", table])
