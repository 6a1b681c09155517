"""claim-pairs: the fixture is well-formed and the scorer counts what it says it counts.

No model: the linker is lexical, and the scorer is also checked with stand-in functions.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.errors import CorpusNotFoundError
from claimledger.evaluation.claim_pairs import (
    DEFAULT_FILE,
    RELATIONS,
    ClaimPair,
    ClaimPairsFormatError,
    format_table,
    load_pairs,
    parse_pair,
    score_claim_pairs,
)
from claimledger.linking.claims import ClaimMatch, ClaimRef

POSITIVE_KINDS = {
    "exact", "paraphrase", "tense", "detail", "number-format", "pronoun",
    "confirm", "deny", "dispute", "negation",
}
NEGATIVE_KINDS = {"opposite", "number", "date", "entity", "outcome", "topic", "overlap"}


@pytest.fixture(scope="module")
def pairs() -> list[ClaimPair]:
    return load_pairs()


def test_fixture_is_balanced_and_covers_every_kind(pairs: list[ClaimPair]) -> None:
    assert len(pairs) >= 150
    share = sum(p.same for p in pairs) / len(pairs)
    assert 0.40 <= share <= 0.50
    kinds = Counter(p.kind for p in pairs)
    assert set(kinds) == POSITIVE_KINDS | NEGATIVE_KINDS
    assert all(p.same for p in pairs if p.kind in POSITIVE_KINDS)
    assert not any(p.same for p in pairs if p.kind in NEGATIVE_KINDS)
    assert {p.relation for p in pairs if p.same} == set(RELATIONS)
    topics = {p.id.split("-")[0] for p in pairs}
    assert {"pol", "biz", "court", "sport", "health", "sci", "war", "disaster"} <= topics


def test_fixture_pairs_differ_and_have_cues(pairs: list[ClaimPair]) -> None:
    for p in pairs:
        assert p.a.cue and p.b.cue, p.id
        assert p.note, p.id
        if p.kind != "exact":
            assert (p.a.text, p.a.cue) != (p.b.text, p.b.cue), p.id


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ([], "JSON object"),
        ({"id": "x", "a": {"text": "t"}, "b": {"text": "t"}, "same": True}, "missing key"),
        ({"id": "x", "a": {"text": "t"}, "b": {"text": "t"}, "same": "yes", "relation": None}, "'same'"),
        ({"id": "x", "a": {"text": "t"}, "b": {"text": "t"}, "same": True, "relation": None}, "'relation'"),
        ({"id": "x", "a": {"text": "t"}, "b": {"text": "t"}, "same": False, "relation": "repeats"}, "null"),
        ({"id": "x", "a": {"text": ""}, "b": {"text": "t"}, "same": False, "relation": None}, "a:"),
        (
            {"id": "x", "a": {"text": "t"}, "b": {"text": "t"}, "same": False, "relation": None, "party": 1},
            "'party'",
        ),
    ],
)
def test_parse_pair_rejects_off_schema_records(record: object, message: str) -> None:
    with pytest.raises(ClaimPairsFormatError, match=message):
        parse_pair(record)


def test_load_pairs_reports_missing_file_and_duplicates(tmp_path: Path) -> None:
    with pytest.raises(CorpusNotFoundError):
        load_pairs(tmp_path / "absent.jsonl")
    line = json.dumps({"id": "d", "a": {"text": "t"}, "b": {"text": "t"}, "same": False, "relation": None})
    (tmp_path / "dup.jsonl").write_text(f"{line}\n{line}\n", encoding="utf-8")
    with pytest.raises(ClaimPairsFormatError, match="duplicate"):
        load_pairs(tmp_path / "dup.jsonl")


def _pair(pid: str, same: bool, relation: str | None, *, party: bool = False) -> ClaimPair:
    return parse_pair(
        {"id": pid, "kind": "k", "a": {"text": f"{pid} a", "cue": "said"},
         "b": {"text": f"{pid} b", "cue": "said"}, "same": same, "relation": relation, "party": party}
    )


def test_scorer_counts_with_stand_in_linker() -> None:
    pairs = [
        _pair("tp1", True, "repeats"),
        _pair("tp2", True, "denied", party=True),
        _pair("fn", True, "confirmed"),
        _pair("fp", False, None),
        _pair("tn", False, None),
    ]
    linked = {"tp1", "tp2", "fp"}
    seen_party: dict[str, bool] = {}

    def compare_fn(new: ClaimRef, old: ClaimRef) -> ClaimMatch | None:
        assert new.article_id.endswith("/b") and old.article_id.endswith("/a")
        pid = new.text.split()[0]
        return ClaimMatch(0.9, ("x",), ()) if pid in linked else None

    def response_fn(new: ClaimRef, old: ClaimRef, *, party: bool) -> str:
        seen_party[new.text.split()[0]] = party
        return "disputed"

    report = score_claim_pairs(pairs, compare_fn=compare_fn, response_fn=response_fn)
    assert (report.tp, report.fp, report.fn, report.tn) == (2, 1, 1, 1)
    assert report.precision == pytest.approx(2 / 3)
    assert report.recall == pytest.approx(2 / 3)
    # The relation is asked on true positives only, with the pair's party flag.
    assert seen_party == {"tp1": False, "tp2": True}
    assert (report.relation_correct, report.relation_n) == (0, 2)
    assert report.stance_correct == 1  # disputed for denied: the same stance
    assert [o.pair.id for o in report.misses()] == ["fn", "fp", "tp1", "tp2"]
    table = format_table(report, misses=True)
    assert "not linked, but the same" in table and "linked, but different" in table


def test_scorer_runs_the_linker_on_the_fixture(pairs: list[ClaimPair]) -> None:
    report = score_claim_pairs(pairs)
    assert report.pairs == len(pairs)
    assert report.tp + report.fn == sum(p.same for p in pairs)
    assert report.relation_n == report.tp
    assert report.relation_accuracy is not None


def test_cli_claim_pairs_checks_floors() -> None:
    from claimledger.cli.main import app

    result = CliRunner().invoke(app, ["eval", "claim-pairs", "--check-floors", "--misses"])
    assert result.exit_code == 0, result.output
    assert "same proposition: precision" in result.output
    assert "not linked, but the same" in result.output


def test_cli_claim_pairs_missing_file_exits_3(tmp_path: Path) -> None:
    from claimledger.cli.main import app

    result = CliRunner().invoke(app, ["eval", "claim-pairs", "--pairs", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 3


def test_default_file_is_in_the_checkout() -> None:
    assert DEFAULT_FILE.is_file()
