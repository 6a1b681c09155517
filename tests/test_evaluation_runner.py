"""The runner, the adapters, the floors and ``claimledger eval polnear`` on the fixture."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli.evaluate import EXIT_CORPUS, EXIT_ERROR, EXIT_FLOORS, eval_app
from claimledger.errors import SettingError
from claimledger.evaluation import runner
from claimledger.evaluation.brat import Fragment, Fragments
from claimledger.evaluation.corpora import ENV_VAR
from claimledger.evaluation.floors import check_floors, load_floors
from claimledger.evaluation.polnear import load_split
from claimledger.evaluation.runner import evaluate_polnear, format_table, to_json
from claimledger.evaluation.scoring import Predicted, hull
from claimledger.evaluation.systems import (
    DocumentPrediction,
    System,
    build_system,
    claimledger_system,
    predictions_from_analysis,
)
from claimledger.types import Analysis, Article, Quote, QuoteKind, Span, Speaker

FIXTURE = Path(__file__).parent / "fixtures" / "polnear-format"


def oracle() -> System:
    """Predicts the gold attributions of the fixture (discontinuous content as one span)."""
    gold = {d.text: d.attributions for d in load_split("dev", FIXTURE)}

    def predict(articles: Sequence[Article]) -> Iterator[DocumentPrediction]:
        for article in articles:
            yield DocumentPrediction(tuple(
                Predicted(hull(g.content), _hull(g.source), _hull(g.cue))
                for g in gold[article.text]
            ))

    return System("claimledger", predict)


def _hull(fragments: Fragments | None) -> Fragment | None:
    return None if fragments is None else hull(fragments)


def silent(refuse_first: bool = False, name: str = "silent") -> System:
    def predict(articles: Sequence[Article]) -> Iterator[DocumentPrediction]:
        for i, _ in enumerate(articles):
            refused = "unbalanced quote marks" if refuse_first and i == 0 else None
            yield DocumentPrediction((), refused)

    return System(name, predict)


def test_runner_oracle_scores_one() -> None:
    report = evaluate_polnear(oracle(), "dev", FIXTURE)
    assert (report.n_docs, report.n_gold, report.n_pred) == (2, 4, 4)
    assert report.metric("content_overlap_f1") == 1.0
    assert report.metric("source_overlap_f1") == 1.0
    assert report.metric("cue_exact_recall") == 1.0
    assert report.refused == ()
    assert report.words > 0 and report.seconds >= 0


def test_runner_counts_refused_documents() -> None:
    report = evaluate_polnear(silent(refuse_first=True), "dev", FIXTURE)
    assert report.refused == (("fixture-news_2016-01-02_bridge-to-reopen",
                               "unbalanced quote marks"),)
    assert report.metric("content_overlap_recall") == 0.0
    assert report.scores["content_overlap"].fn == 4


def test_runner_limit_is_recorded() -> None:
    report = evaluate_polnear(oracle(), "dev", FIXTURE, limit=1)
    assert (report.n_docs, report.limit) == (1, 1)
    assert "(first 1)" in format_table(report)


def test_runner_metric_rejects_unknown_names() -> None:
    report = evaluate_polnear(oracle(), "dev", FIXTURE)
    for name in ("content_overlap_f2", "speaker_overlap_f1", "f1"):
        with pytest.raises(KeyError):
            report.metric(name)


def test_runner_format_table_text_and_markdown() -> None:
    reports = [evaluate_polnear(oracle(), "dev", FIXTURE),
               evaluate_polnear(silent(), "dev", FIXTURE)]
    text = format_table(reports)
    assert text.splitlines()[0] == "PolNeAR dev: 2 documents, 4 gold attributions"
    assert "claimledger  content  overlap" in text
    assert "silent: 0 predicted, 0 documents refused" in text
    markdown = format_table(reports, markdown=True)
    assert "| system | field | mode |" in markdown
    row = "| claimledger | content | overlap | 4 | 4 | 4 | 0 | 0 | 1.000 | 1.000 | 1.000 |"
    assert row in markdown


def test_runner_to_json_round_trips() -> None:
    (data,) = json.loads(to_json(evaluate_polnear(oracle(), "dev", FIXTURE)))
    assert data["corpus"] == "polnear" and data["split"] == "dev"
    assert data["scores"]["source_exact"]["f1"] == 1.0
    assert set(data["scores"]) == {f"{f}_{m}" for f in ("content", "source", "cue")
                                   for m in ("exact", "overlap")}


def test_runner_system_must_answer_every_document() -> None:
    short = System("short", lambda articles: iter([DocumentPrediction()]))
    with pytest.raises(RuntimeError, match="1 results for 2 documents"):
        evaluate_polnear(short, "dev", FIXTURE)


def test_systems_claimledger_adapter_reads_quotes() -> None:
    text = "Ruiz said “we are on schedule.”"
    quote = Quote(
        id="q1", kind=QuoteKind.DIRECT, content=Span.of(text, 11, 30),
        speaker=Speaker(name="Ruiz", mention=Span.of(text, 0, 4)), cue=Span.of(text, 5, 9),
    )
    unattributed = Quote(id="q2", kind=QuoteKind.DIRECT, content=Span.of(text, 11, 30),
                         speaker=Speaker())

    class FakeAnalyzer:
        def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
            for article in articles:
                yield Analysis(article=article, quotes=(quote, unattributed))

    system = claimledger_system(FakeAnalyzer())
    (out,) = list(system.predict([Article(text=text, source="t")]))
    assert out.predicted == (Predicted((11, 30), (0, 4), (5, 9)), Predicted((11, 30)))


def test_systems_claimledger_adapter_joins_a_quote_split_by_its_cue() -> None:
    text = "“We are on schedule,” Ruiz said. “And under budget.”"
    cue, mention = Span.of(text, 27, 31), Span.of(text, 22, 26)
    halves = tuple(
        Quote(id=f"q{n}", kind=QuoteKind.DIRECT, content=Span.of(text, s, e),
              speaker=Speaker(name="Ruiz", mention=mention), cue=cue)
        for n, (s, e) in enumerate([(1, 20), (34, 51)])
    )
    analysis = Analysis(article=Article(text=text, source="t"), quotes=halves)
    assert predictions_from_analysis(analysis) == (Predicted((1, 51), (22, 26), (27, 31)),)


def test_systems_textacy_adapter_maps_tokens_to_characters() -> None:
    pytest.importorskip("textacy")
    import spacy
    from spacy.tokens import Doc

    from claimledger.evaluation.systems import textacy_system

    words = ["“", "We", "won", "the", "vote", ",", "”", "she", "said", "."]
    doc = Doc(
        spacy.blank("en").vocab, words=words,
        spaces=[False, True, True, True, False, False, True, True, False, False],
        pos=["PUNCT", "PRON", "VERB", "DET", "NOUN", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT"],
        deps=["punct", "nsubj", "ccomp", "det", "dobj", "punct", "punct", "nsubj", "ROOT",
              "punct"],
        heads=[2, 2, 8, 4, 2, 8, 8, 8, 8, 8],
        lemmas=["“", "we", "win", "the", "vote", ",", "”", "she", "say", "."],
    )
    unbalanced = Doc(doc.vocab, words=["“", "We", "won", "."])

    class FakeNlp:
        def pipe(self, texts: Iterator[str]) -> Iterator[Doc]:
            by_text = {d.text: d for d in (doc, unbalanced)}
            return (by_text[t] for t in texts)

    articles = [Article(text=doc.text, source="a"), Article(text=unbalanced.text, source="b")]
    balanced_out, refused_out = textacy_system(FakeNlp()).predict(articles)
    assert doc.text == "“We won the vote,” she said."
    assert balanced_out.predicted == (Predicted((0, 18), (19, 22), (23, 27)),)
    assert refused_out.predicted == () and "quotation marks" in (refused_out.refused or "")


def test_systems_textacy_unsupported_language_is_an_error_not_a_refusal() -> None:
    pytest.importorskip("textacy")
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from claimledger.evaluation.systems import textacy_system

    doc = Doc(Vocab(), words=["“", "Hi", "."])  # no language set

    class FakeNlp:
        def pipe(self, texts: Iterator[str]) -> Iterator[Doc]:
            return (doc for _ in texts)

    with pytest.raises(SettingError, match="no direct quotations for language"):
        list(textacy_system(FakeNlp()).predict([Article(text=doc.text, source="a")]))


def test_systems_textacy_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textacy.extract.triples", None)
    with pytest.raises(SettingError, match=r"pip install textacy"):
        build_system("textacy")


def test_systems_unknown_name() -> None:
    with pytest.raises(SettingError, match="choose one of claimledger, claimledger-claims, textacy"):
        build_system("bert")


def test_floors_pinned_minimums() -> None:
    pinned = load_floors()["polnear-dev"]
    assert pinned["content_overlap_f1"] >= 0.60
    assert pinned["source_overlap_f1"] >= 0.50


def test_floors_check() -> None:
    good = evaluate_polnear(oracle(), "dev", FIXTURE)
    bad = evaluate_polnear(silent(), "dev", FIXTURE)
    pinned = {"polnear-dev": {"content_overlap_f1": 0.6, "source_overlap_f1": 0.5}}
    assert check_floors(good) == []  # the shipped floors.json
    assert check_floors(good, pinned) == []
    assert check_floors(bad, pinned) == [
        "content_overlap_f1: 0.000 is below the floor 0.600",
        "source_overlap_f1: 0.000 is below the floor 0.500",
    ]
    assert len(check_floors(bad)) >= 2
    assert check_floors(bad, {"polnear-train": {"content_overlap_f1": 0.9}}) == []
    assert check_floors(good, {"polnear-dev": {"content_overlap_f": 0.1}}) == [
        "content_overlap_f: no such metric (floors.json has a typo?)"
    ]


@pytest.fixture
def fake_systems(monkeypatch: pytest.MonkeyPatch) -> dict[str, System]:
    systems = {"claimledger": oracle(), "textacy": silent(refuse_first=True)}
    monkeypatch.setattr(runner, "build_system", lambda name: systems[name])
    return systems


def test_cli_polnear_text_table(fake_systems: dict[str, System]) -> None:
    result = CliRunner().invoke(eval_app, ["polnear", "--data-dir", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "PolNeAR dev: 2 documents" in result.stdout
    assert "claimledger  content  overlap" in result.stdout


def test_cli_polnear_repeated_system_json(fake_systems: dict[str, System]) -> None:
    result = CliRunner().invoke(eval_app, [
        "polnear", "--data-dir", str(FIXTURE), "--system", "claimledger", "--system", "textacy",
        "--format", "json",
    ])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["system"] for d in data] == ["claimledger", "silent"]
    assert data[1]["refused"][0]["reason"] == "unbalanced quote marks"


def test_cli_polnear_markdown(fake_systems: dict[str, System]) -> None:
    result = CliRunner().invoke(eval_app, ["polnear", "--data-dir", str(FIXTURE),
                                           "--format", "markdown", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("**PolNeAR dev (first 1): 1 documents")


def test_cli_polnear_check_floors(fake_systems: dict[str, System]) -> None:
    args = ["polnear", "--data-dir", str(FIXTURE), "--check-floors"]
    assert CliRunner().invoke(eval_app, args).exit_code == 0
    fake_systems["claimledger"] = silent(name="claimledger")
    result = CliRunner().invoke(eval_app, args)
    assert result.exit_code == EXIT_FLOORS
    assert "floor missed: content_overlap_f1: 0.000" in result.stderr


def test_cli_polnear_missing_corpus_exits_3(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "absent"))
    result = CliRunner().invoke(eval_app, ["polnear"])
    assert result.exit_code == EXIT_CORPUS
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("claimledger: [E020] PolNeAR not found")


def test_cli_polnear_other_errors_exit_4(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textacy.extract.triples", None)
    result = CliRunner().invoke(eval_app, ["polnear", "--data-dir", str(FIXTURE),
                                           "--system", "textacy"])
    assert result.exit_code == EXIT_ERROR
    assert "pip install textacy" in result.stderr


def test_cli_polnear_rejects_unknown_system() -> None:
    result = CliRunner().invoke(eval_app, ["polnear", "--system", "bert"])
    assert result.exit_code == 2
