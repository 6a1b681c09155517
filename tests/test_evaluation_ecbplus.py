"""ECB+ loading on a hand-written fixture in the corpus's format, and the event coreference
evaluation (system and baselines) on readings built by hand and, with the model, read."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.errors import CorpusNotFoundError
from claimledger.evaluation.ecbplus import GoldMention, MentionReading, find_ecbplus, load_ecbplus
from claimledger.evaluation.event_coref import (
    IN_ORDER,
    SAME_LEMMA,
    SAME_TYPE_DAY,
    SYSTEM,
    format_report,
    same_lemma,
    same_type_day,
    score_readings,
)
from claimledger.linking.events import EventRef

FIXTURE = Path(__file__).parent / "fixtures" / "ecbplus-format"


def test_ecbplus_load_rebuilds_text_and_glues_the_url_line() -> None:
    ecb, plus = load_ecbplus(FIXTURE)
    assert (ecb.name, ecb.topic, ecb.subtopic) == ("1_1ecb", 1, "ecb")
    assert (plus.name, plus.subtopic) == ("1_1ecbplus", "ecbplus")
    assert ecb.text == ("A harbour crane collapsed in Port Elm on Monday, officials said.\n"
                        "The collapse injured two workers.")
    assert plus.text.splitlines()[:3] == [
        "http://www.example.org/crane-collapse", "Crane collapse in Port Elm injures two",
        "Published: March 4, 2013"]


def test_ecbplus_mentions_are_actions_with_tokens_and_their_clusters() -> None:
    ecb, plus = load_ecbplus(FIXTURE)
    # participants, locations and the token-less instance markable are not mentions
    assert [m.text for m in ecb.mentions] == ["collapsed", "said", "collapse", "injured"]
    assert [m.text for m in plus.mentions] == ["collapse", "injures", "hurt", "fell", "injured badly"]
    for doc in (ecb, plus):
        assert all(doc.text[m.start:m.end] == m.text for m in doc.mentions)
    clusters = {m.id: m.cluster for doc in (ecb, plus) for m in doc.mentions}
    # cross-document: one instance id in both articles
    assert clusters["1_1ecb/1"] == clusters["1_1ecb/3"] == clusters["1_1ecbplus/1"] \
        == clusters["1_1ecbplus/4"]
    # within the article only, and a negated mention (NEG_ACTION_STATE) counts
    assert clusters["1_1ecbplus/3"] == clusters["1_1ecbplus/5"] == "1_1ecbplus/intra/22"
    # no relation: a singleton named after itself
    assert clusters["1_1ecb/2"] == "1_1ecb/2"


def test_ecbplus_absent_corpus_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(CorpusNotFoundError, match="ECB\\+ not found"):
        find_ecbplus(tmp_path)


def _reading(doc: str, m_id: str, cluster: str, lemma: str, type_: str | None = None,
             published: str | None = None, topic: int = 1, event: str | None = None) -> MentionReading:
    mention = GoldMention(f"{doc}/{m_id}", doc, 0, len(lemma), lemma, "ACTION_OCCURRENCE", cluster)
    ref = EventRef(key=(doc, event or m_id), type=type_, trigger=lemma, lemma=lemma, published=published,
                   context=("Port Elm",))
    return MentionReading(mention, topic, "ecb", ref, event is not None)


READINGS = [
    _reading("1_1ecb", "1", "A", "arrest", "arrest", "2013-03-04"),
    _reading("1_2ecb", "1", "A", "arrest", "arrest", "2013-03-04"),
    _reading("1_2ecb", "2", "A", "detain", "arrest", "2013-03-04"),
    _reading("1_3ecb", "1", "B", "arrest", "arrest", "2013-06-01"),
    _reading("1_1ecb", "2", "1_1ecb/2", "say"),
    _reading("1_2ecb", "3", "1_2ecb/3", "say"),
]


def test_ecbplus_baselines_group_as_documented() -> None:
    ids = lambda groups: sorted(sorted(g) for g in groups)  # noqa: E731
    # same type and day: the two March arrests and the detention; June apart; untyped alone
    assert ids(same_type_day(READINGS)) == [["1_1ecb/1", "1_2ecb/1", "1_2ecb/2"], ["1_1ecb/2"], ["1_2ecb/3"],
                                            ["1_3ecb/1"]]
    # same lemma in the topic: every "arrest" together, both "say" together
    assert ids(same_lemma(READINGS)) == [["1_1ecb/1", "1_2ecb/1", "1_3ecb/1"], ["1_1ecb/2", "1_2ecb/3"],
                                         ["1_2ecb/2"]]


def test_ecbplus_scores_the_system_and_both_baselines() -> None:
    report = score_readings(READINGS)
    assert [r.system for r in report.results] == [SYSTEM, IN_ORDER, SAME_TYPE_DAY, SAME_LEMMA]
    assert (report.mentions, report.gold_clusters, report.gold_singletons) == (6, 4, 3)  # B and two "say"
    # the system keeps the June arrest apart (dates two months apart) and "say" without a
    # speaker apart, and links the March arrests
    system = report.result(SYSTEM).scores
    assert system.b_cubed.precision == pytest.approx(1.0)
    # one at a time, as the ledger links, the same here
    assert report.result(IN_ORDER).scores == system
    assert report.metric("in_order_conll_f1") == pytest.approx(system.conll_f1)
    assert report.metric("conll_f1") == pytest.approx(system.conll_f1)
    assert report.metric("muc_precision") == pytest.approx(system.muc.precision)
    with pytest.raises(KeyError):
        report.metric("blanc_f1")
    text = format_report(report)
    assert "CoNLL F1" in text and "same lemma" in text
    assert format_report(report, markdown=True).startswith("**ECB+")


@pytest.mark.model
def test_ecbplus_reads_our_analysis_for_each_gold_mention() -> None:
    from claimledger.evaluation.ecbplus import read_mentions
    from claimledger.evaluation.event_coref import evaluate_ecbplus
    from claimledger.nlp.model import cached_pipeline
    from claimledger.settings import DEFAULT_MODEL

    nlp = cached_pipeline(DEFAULT_MODEL)
    readings = {r.mention.id: r for r in read_mentions(load_ecbplus(FIXTURE), nlp)}
    assert len(readings) == 9
    assert readings["1_1ecbplus/1"].ref.published == "2013-03-04"  # the dateline
    assert readings["1_1ecb/1"].ref.published is None  # no dateline: unknown, not guessed
    assert readings["1_1ecb/1"].ref.lemma == "collapse"
    assert "Port Elm" in readings["1_1ecb/1"].ref.places
    report = evaluate_ecbplus(FIXTURE, nlp=nlp)
    assert report.mentions == 9 and report.documents == 2
