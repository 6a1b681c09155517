"""goldnews: the fixture is well-formed and the scorer counts what it says it counts.

No spaCy model is needed: predictions are hand-built ``Analysis`` objects.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from claimledger.errors import CorpusNotFoundError
from claimledger.evaluation.goldnews import (
    DEFAULT_DIR,
    GoldArticle,
    GoldnewsFormatError,
    find_occurrence,
    format_table,
    is_marked,
    load_gold_article,
    load_goldnews,
    normalise_name,
    parse_gold_article,
    score_goldnews,
)
from claimledger.types import Analysis, Quote, QuoteKind, Span, Speaker

QUOTE_MARKS = re.compile(r"[\"“”‘«»]")


@pytest.fixture(scope="module")
def gold() -> list[GoldArticle]:
    return load_goldnews()


def predict(article: GoldArticle, quotes: list[Quote] | None = None) -> Analysis:
    """What a perfect system would output for ``article`` (or the given quotes)."""
    if quotes is None:
        quotes = [
            Quote(
                id=f"q{i}",
                kind=q.kind,
                content=q.content,
                speaker=Speaker(name=q.speaker, mention=q.mention, anonymous=q.anonymous),
                cue=q.cue,
            )
            for i, q in enumerate(article.quotes)
        ]
    return Analysis(article=article.article(), quotes=tuple(quotes))


def article_by_id(gold: list[GoldArticle], article_id: str) -> GoldArticle:
    return next(a for a in gold if a.id == article_id)


# --- the fixture ---------------------------------------------------------------------------


def test_goldnews_fixture_has_the_articles(gold: list[GoldArticle]) -> None:
    assert len(gold) >= 14
    assert len({a.id for a in gold}) == len(gold)
    assert sum(len(a.quotes) for a in gold) >= 120
    for a in gold:
        assert a.path is not None and a.path.stem == a.id
        assert len(a.quotes) >= 4, a.id
        assert 6 <= len(a.paragraphs) <= 14, a.id
        assert all(p.strip() == p and p for p in a.paragraphs), f"{a.id}: blank or padded line"
        assert a.published is not None
        date.fromisoformat(a.published)


def test_goldnews_files_follow_the_schema() -> None:
    keys = {"content", "occurrence", "kind", "speaker", "anonymous", "mention", "cue"}
    for path in sorted(DEFAULT_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert {"id", "published", "style", "text", "quotes", "not_quotes"} <= set(data), path
        for q in data["quotes"]:
            assert keys <= set(q) <= keys | {"channel"}, (path.name, q["content"][:40])
            assert q["kind"] in {"direct", "indirect", "mixed"}
            for key in ("content", "mention", "cue", "channel"):
                if q.get(key) is not None:
                    assert q[key] in data["text"], (path.name, key, q[key])


def test_goldnews_spans_resolve_to_their_text(gold: list[GoldArticle]) -> None:
    for a in gold:
        for q in a.quotes:
            for span in (q.content, q.mention, q.cue, q.channel):
                if span is not None:
                    assert a.text[span.start : span.end] == span.text
            for span in (q.mention, q.cue, q.channel):
                assert span is None or not span.overlaps(q.content), (a.id, q.content.text)


def test_goldnews_kinds_match_the_quote_marks(gold: list[GoldArticle]) -> None:
    for a in gold:
        for q in a.quotes:
            where = (a.id, q.content.text[:50])
            if q.kind is QuoteKind.DIRECT:
                assert is_marked(a.text, q.content), where
                assert not q.content.text.endswith(","), where
            elif q.kind is QuoteKind.MIXED:
                assert QUOTE_MARKS.search(q.content.text), where
            else:
                assert not QUOTE_MARKS.search(q.content.text), where
            assert q.content.text == q.content.text.strip(), where


def test_goldnews_quotes_and_not_quotes_do_not_overlap(gold: list[GoldArticle]) -> None:
    for a in gold:
        spans = [q.content for q in a.quotes]
        for i, s in enumerate(spans):
            assert not any(s.overlaps(o) for o in spans[i + 1 :]), (a.id, s.text[:40])
            assert not any(s.overlaps(n) for n in a.not_quotes), (a.id, s.text[:40])
        for n in a.not_quotes:
            assert is_marked(a.text, n)


def test_goldnews_covers_the_hard_cases(gold: list[GoldArticle]) -> None:
    quotes = [q for a in gold for q in a.quotes]
    assert {q.kind for q in quotes} == set(QuoteKind)
    assert sum(q.speaker is None for q in quotes) >= 3  # genuinely undecidable speakers
    assert sum(q.anonymous for q in quotes) >= 10
    assert sum(q.mention is None and q.speaker is not None for q in quotes) >= 3  # follow-ons
    assert sum("\n" in q.content.text for q in quotes) >= 3  # multi-paragraph quotes
    assert sum(len(a.not_quotes) for a in gold) >= 5
    for q in quotes:
        assert not q.anonymous or q.speaker is not None


# --- the loader ----------------------------------------------------------------------------


def record(**changes: object) -> dict[str, object]:
    quote = {
        "content": "We will win",
        "occurrence": 1,
        "kind": "direct",
        "speaker": "Ann Lee",
        "anonymous": False,
        "mention": "she",
        "cue": "said",
    }
    data: dict[str, object] = {
        "id": "t",
        "published": "2026-01-01",
        "style": "test",
        "text": "Ann Lee spoke.\n“We will win,” she said. The so-called “plan” failed.",
        "quotes": [quote],
        "not_quotes": ["plan"],
    }
    for key, value in changes.items():
        if key in quote:
            quote[key] = value
        else:
            data[key] = value
    return data


def test_goldnews_parse_resolves_offsets() -> None:
    a = parse_gold_article(record())
    (q,) = a.quotes
    assert a.text[q.content.start : q.content.end] == "We will win"
    assert q.mention == Span.of(a.text, a.text.index("she"), a.text.index("she") + 3)
    assert [n.text for n in a.not_quotes] == ["plan"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"content": "We shall win"}, "not in the text"),
        ({"occurrence": 2}, "not in the text"),
        ({"kind": "reported"}, "kind"),
        ({"mention": "he"}, "mention"),
        ({"cue": "claimed"}, "cue"),
        ({"anonymous": True, "speaker": None}, "anonymous"),
        ({"not_quotes": ["failed"]}, "inside quote marks"),
        ({"text": ""}, "text"),
    ],
)
def test_goldnews_parse_fails_loudly(changes: dict[str, object], message: str) -> None:
    with pytest.raises(GoldnewsFormatError, match=message):
        parse_gold_article(record(**changes))


def test_goldnews_load_reports_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(record(content="nowhere")), encoding="utf-8")
    with pytest.raises(GoldnewsFormatError, match="bad.json"):
        load_gold_article(path)
    with pytest.raises(CorpusNotFoundError):
        load_goldnews(tmp_path / "missing")


def test_goldnews_find_occurrence_counts_from_one() -> None:
    text = "said it, then said it again"
    assert find_occurrence(text, "said it", 2) == Span(14, 21, "said it")
    assert find_occurrence(text, "said it", 3) is None


def test_goldnews_names_compare_without_titles() -> None:
    assert normalise_name("Dr Marcus Fenwick") == normalise_name("marcus fenwick")
    assert normalise_name("Mr. Rao") == "rao"
    assert normalise_name("A senior official") == "senior official"
    assert normalise_name("the traders’ association") == "traders' association"


# --- the scorer ----------------------------------------------------------------------------


def test_goldnews_perfect_predictions_score_one(gold: list[GoldArticle]) -> None:
    report = score_goldnews((a, predict(a)) for a in gold)
    assert report.gold == report.found == report.predicted == report.correct
    for value in (
        report.recall,
        report.precision,
        report.f1,
        report.speaker_accuracy,
        report.speaker_precision,
        report.speaker_coverage,
    ):
        assert value == 1.0
    assert report.not_quote_hits == 0
    assert not report.misses


def test_goldnews_wrong_speaker_lowers_speaker_precision(gold: list[GoldArticle]) -> None:
    a = article_by_id(gold, "us-wire-transit-strike")
    quotes = list(predict(a).quotes)
    quotes[0] = replace(quotes[0], speaker=Speaker(name="Denise Albright"))
    report = score_goldnews([(a, predict(a, quotes))])
    n = len(a.quotes)
    assert report.recall == 1.0 and report.precision == 1.0
    assert report.speaker_precision == pytest.approx((n - 1) / n)
    assert report.speaker_accuracy == pytest.approx((n - 1) / n)
    assert report.speaker_coverage == 1.0
    assert [m.what for m in report.misses] == ["wrong_speaker"]


def test_goldnews_null_speaker_lowers_coverage_not_precision(gold: list[GoldArticle]) -> None:
    a = article_by_id(gold, "us-wire-transit-strike")
    quotes = [replace(q, speaker=Speaker()) if i < 2 else q for i, q in enumerate(predict(a).quotes)]
    report = score_goldnews([(a, predict(a, quotes))])
    n = len(a.quotes)
    assert report.speaker_precision == 1.0
    assert report.speaker_coverage == pytest.approx((n - 2) / n)
    assert report.speaker_accuracy == pytest.approx((n - 2) / n)


def test_goldnews_titles_before_the_name_are_no_error(gold: list[GoldArticle]) -> None:
    a = article_by_id(gold, "uk-press-virtual-wards")
    index = next(i for i, q in enumerate(a.quotes) if q.speaker == "Marcus Fenwick")
    quotes = list(predict(a).quotes)
    for name, right in [
        ("Dr Marcus Fenwick", True),
        ("chief executive Marcus Fenwick", True),
        ("MARCUS FENWICK", True),
        ("Fenwick", False),  # resolved to a surname only, not to the entity
        ("Marcus Fenwick-Hale", False),
    ]:
        quotes[index] = replace(quotes[index], speaker=Speaker(name=name))
        report = score_goldnews([(a, predict(a, quotes))])
        assert (report.speaker_precision == 1.0) is right, name


def test_goldnews_undecidable_speaker_wants_none(gold: list[GoldArticle]) -> None:
    a = article_by_id(gold, "au-league-press-conference")
    index = next(i for i, q in enumerate(a.quotes) if q.speaker is None)
    quotes = list(predict(a).quotes)
    assert score_goldnews([(a, predict(a, quotes))]).speaker_accuracy == 1.0
    quotes[index] = replace(quotes[index], speaker=Speaker(name="Graham Pettifer"))
    report = score_goldnews([(a, predict(a, quotes))])
    assert report.speaker_precision is not None and report.speaker_precision < 1.0


def test_goldnews_anonymous_source_matches_by_mention(gold: list[GoldArticle]) -> None:
    a = article_by_id(gold, "in-metro-phase-two")
    index = next(i for i, q in enumerate(a.quotes) if q.anonymous)
    g = a.quotes[index]
    assert g.mention is not None
    short = Span.of(a.text, g.mention.start, g.mention.start + len("A senior official"))
    quotes = list(predict(a).quotes)
    quotes[index] = replace(
        quotes[index], speaker=Speaker(name="A senior official", mention=short, anonymous=True)
    )
    assert score_goldnews([(a, predict(a, quotes))]).speaker_accuracy == 1.0
    quotes[index] = replace(quotes[index], speaker=Speaker(name="A senior official"))
    assert score_goldnews([(a, predict(a, quotes))]).speaker_accuracy != 1.0


def test_goldnews_scare_quote_prediction_is_a_false_positive(gold: list[GoldArticle]) -> None:
    a = article_by_id(gold, "fr-farmers-water-blockade")
    (scare,) = a.not_quotes
    fake = Quote(id="x", kind=QuoteKind.DIRECT, content=scare, speaker=Speaker())
    report = score_goldnews([(a, predict(a, [*predict(a).quotes, fake]))])
    assert report.recall == 1.0
    assert report.not_quote_hits == 1
    assert report.correct == report.predicted - 1
    assert report.precision == pytest.approx(len(a.quotes) / (len(a.quotes) + 1))


def test_goldnews_half_the_characters_decides(gold: list[GoldArticle]) -> None:
    a = article_by_id(gold, "uk-press-virtual-wards")
    g = a.quotes[3].content  # a long direct quote
    cut = g.start + int(0.6 * len(g.text))
    most = Quote(
        id="m",
        kind=QuoteKind.DIRECT,
        content=Span.of(a.text, g.start, cut),
        speaker=Speaker(name="Bernadette Quinn"),
    )
    little = replace(most, content=Span.of(a.text, g.start, g.start + int(0.4 * len(g.text))))
    assert score_goldnews([(a, predict(a, [most]))]).found == 1
    assert score_goldnews([(a, predict(a, [little]))]).found == 0
    # Both lie inside the gold quote, so both count as correct predictions.
    assert score_goldnews([(a, predict(a, [little]))]).correct == 1
    # Mostly attribution ("Its regional secretary, ... told the BBC: ‘"): not a quote.
    spill = replace(most, content=Span.of(a.text, g.start - 45, g.start + 20))
    assert score_goldnews([(a, predict(a, [spill]))]).correct == 0


def test_goldnews_one_span_over_two_clauses_is_correct(gold: list[GoldArticle]) -> None:
    # "said in a statement that A and that B": two gold quotes; one prediction over both
    # finds both and is itself correct (nearly all of it is gold content).
    a = article_by_id(gold, "us-wire-transit-strike")
    first, second = [q for q in a.quotes if q.speaker == "Greater Branford Transit Authority"][:2]
    both = Quote(
        id="b",
        kind=QuoteKind.INDIRECT,
        content=Span.of(a.text, first.content.start, second.content.end),
        speaker=Speaker(name="Greater Branford Transit Authority"),
    )
    report = score_goldnews([(a, predict(a, [both]))])
    assert (report.found, report.correct, report.speaker_right) == (2, 1, 2)


def test_goldnews_score_rejects_another_text(gold: list[GoldArticle]) -> None:
    a, b = gold[0], gold[1]
    with pytest.raises(ValueError, match="different text"):
        score_goldnews([(a, predict(b))])


def test_goldnews_format_table_lists_the_metrics(gold: list[GoldArticle]) -> None:
    report = score_goldnews((a, predict(a, [])) for a in gold)
    table = format_table(report, per_article=True)
    for label in ("quote recall", "quote precision", "speaker precision", "speaker coverage"):
        assert label in table
    assert "| quote recall |   0.0 |" in table
    assert "| quote precision |   –   |" in table  # no predictions: undefined, not zero
    assert gold[0].id in table
    assert report.to_dict()["recall"] == 0.0
