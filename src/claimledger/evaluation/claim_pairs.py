"""claim-pairs: the claim linker scored on hand-labelled pairs of claims.

The pairs (``tests/fixtures/claim-pairs/pairs.jsonl``, README there) were written for this
project before the linking code was read: claims as the extractor hands them over (the
proposition and its cue verb), labelled with whether the two state the same proposition
and, when they do, how the later one responds to the earlier one. One line is one pair::

    {"id": "...", "kind": "paraphrase",
     "a": {"text": "...", "cue": "said"}, "b": {"text": "...", "cue": "confirmed"},
     "same": true, "relation": "repeats|confirmed|denied|disputed" | null,
     "note": "...", "party": false}

Scoring, with :func:`claimledger.linking.claims.compare` as the linker does it (``b`` the new
claim, ``a`` the old one; no events, so the claims are compared on their words alone):

* *same proposition*: precision, recall and F1 over the pairs (a pair is predicted the same
  when ``compare`` returns a match);
* *relation*: on the true positives, :func:`~claimledger.linking.claims.response` with the
  pair's ``party`` (default false) against the gold relation. ``relation_accuracy`` is
  exact; ``stance_accuracy`` counts ``denied`` and ``disputed`` as one class (rejects), so
  that it measures the direction of the response apart from the denied/disputed boundary,
  which the labels and the linker draw differently (README of the set).

The linker functions can be swapped (``compare_fn``, ``response_fn``) to measure a proposed
change without editing the linker.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import ClaimledgerError, CorpusNotFoundError
from claimledger.evaluation.scoring import f1
from claimledger.linking.claims import ClaimMatch, ClaimRef, compare, response

#: The fixture file in a source checkout: <repo>/tests/fixtures/claim-pairs/pairs.jsonl.
DEFAULT_FILE = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "claim-pairs" / "pairs.jsonl"

RELATIONS = ("repeats", "confirmed", "denied", "disputed")
_REJECTS = {"denied": "rejects", "disputed": "rejects"}
_REQUIRED = ("id", "a", "b", "same", "relation")

CompareFn = Callable[[ClaimRef, ClaimRef], ClaimMatch | None]
ResponseFn = Callable[..., str]


class ClaimPairsFormatError(ClaimledgerError):
    """A line of the claim-pairs file does not match its schema."""

    code = "E022"
    reason = "claim-pairs"


@dataclass(frozen=True, slots=True)
class PairClaim:
    text: str
    cue: str | None


@dataclass(frozen=True, slots=True)
class ClaimPair:
    id: str
    kind: str
    a: PairClaim
    b: PairClaim
    same: bool
    relation: str | None
    note: str = ""
    party: bool = False

    def refs(self) -> tuple[ClaimRef, ClaimRef]:
        """(new, old): ``b`` as the later article's claim, ``a`` as the earlier one's."""
        old = ClaimRef.build(f"{self.id}/a", "C1", self.a.text, cue=self.a.cue)
        new = ClaimRef.build(f"{self.id}/b", "C1", self.b.text, cue=self.b.cue)
        return new, old


@dataclass(frozen=True, slots=True)
class PairOutcome:
    pair: ClaimPair
    match: ClaimMatch | None
    relation: str | None  # predicted, on true positives only

    @property
    def predicted_same(self) -> bool:
        return self.match is not None

    @property
    def same_right(self) -> bool:
        return self.predicted_same == self.pair.same

    @property
    def relation_right(self) -> bool | None:
        if self.relation is None:
            return None
        return self.relation == self.pair.relation


@dataclass(slots=True)
class ClaimPairsReport:
    outcomes: list[PairOutcome] = field(default_factory=list)

    def _count(self, same: bool, predicted: bool) -> int:
        return sum(o.pair.same is same and o.predicted_same is predicted for o in self.outcomes)

    @property
    def pairs(self) -> int:
        return len(self.outcomes)

    @property
    def positives(self) -> int:
        return sum(o.pair.same for o in self.outcomes)

    @property
    def tp(self) -> int:
        return self._count(True, True)

    @property
    def fp(self) -> int:
        return self._count(False, True)

    @property
    def fn(self) -> int:
        return self._count(True, False)

    @property
    def tn(self) -> int:
        return self._count(False, False)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def relation_n(self) -> int:
        return sum(o.relation is not None for o in self.outcomes)

    @property
    def relation_correct(self) -> int:
        return sum(o.relation_right is True for o in self.outcomes)

    @property
    def relation_accuracy(self) -> float | None:
        return self.relation_correct / self.relation_n if self.relation_n else None

    @property
    def stance_correct(self) -> int:
        return sum(
            o.relation is not None
            and _REJECTS.get(o.relation, o.relation) == _REJECTS.get(o.pair.relation or "", o.pair.relation)
            for o in self.outcomes
        )

    @property
    def stance_accuracy(self) -> float | None:
        return self.stance_correct / self.relation_n if self.relation_n else None

    def relation_confusion(self) -> Counter[tuple[str, str]]:
        """(gold, predicted) counts on the true positives."""
        return Counter(
            (o.pair.relation or "-", o.relation) for o in self.outcomes if o.relation is not None
        )

    def by_kind(self) -> dict[str, tuple[bool, int, int]]:
        """kind -> (positive kind, pairs, pairs decided right)."""
        table: dict[str, tuple[bool, int, int]] = {}
        for o in self.outcomes:
            positive, n, right = table.get(o.pair.kind, (o.pair.same, 0, 0))
            table[o.pair.kind] = (positive, n + 1, right + o.same_right)
        return table

    def misses(self) -> list[PairOutcome]:
        """Wrong same/different decisions, then wrong relations, each by kind and id."""
        wrong = [o for o in self.outcomes if not o.same_right]
        wrong_relation = [o for o in self.outcomes if o.relation_right is False]
        key = lambda o: (o.pair.kind, o.pair.id)  # noqa: E731
        return sorted(wrong, key=key) + sorted(wrong_relation, key=key)


def load_pairs(path: Path | str | None = None) -> list[ClaimPair]:
    """The pairs in ``path`` (default: the fixture of this checkout), in file order."""
    file = Path(path) if path is not None else DEFAULT_FILE
    if not file.is_file():
        raise CorpusNotFoundError(f"claim-pairs: no file {file}; give the pairs.jsonl to score")
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ClaimPairsFormatError(f"{file}: cannot read as UTF-8 ({err})") from err
    pairs = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{file}:{n}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            raise ClaimPairsFormatError(f"{where}: not JSON ({err})") from err
        pairs.append(parse_pair(data, where=where))
    ids = Counter(p.id for p in pairs)
    duplicates = sorted(i for i, c in ids.items() if c > 1)
    if duplicates:
        raise ClaimPairsFormatError(f"{file}: duplicate id(s) {', '.join(duplicates)}")
    if not pairs:
        raise CorpusNotFoundError(f"claim-pairs: no pairs in {file}")
    return pairs


def parse_pair(data: Any, *, where: str = "<claim-pairs>") -> ClaimPair:
    """One decoded line; raise :class:`ClaimPairsFormatError` on anything off-schema."""
    if not isinstance(data, dict):
        raise ClaimPairsFormatError(f"{where}: expected a JSON object")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise ClaimPairsFormatError(f"{where}: missing key(s) {', '.join(missing)}")
    if not isinstance(data["same"], bool):
        raise ClaimPairsFormatError(f"{where}: 'same' must be true or false")
    relation = data["relation"]
    if data["same"] and relation not in RELATIONS:
        raise ClaimPairsFormatError(f"{where}: 'relation' must be one of {', '.join(RELATIONS)}")
    if not data["same"] and relation is not None:
        raise ClaimPairsFormatError(f"{where}: 'relation' must be null when 'same' is false")
    party = data.get("party", False)
    if not isinstance(party, bool):
        raise ClaimPairsFormatError(f"{where}: 'party' must be true or false")
    return ClaimPair(
        id=str(data["id"]),
        kind=str(data.get("kind") or "-"),
        a=_parse_claim(data["a"], f"{where}: a"),
        b=_parse_claim(data["b"], f"{where}: b"),
        same=data["same"],
        relation=relation,
        note=str(data.get("note") or ""),
        party=party,
    )


def _parse_claim(data: Any, where: str) -> PairClaim:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"].strip():
        raise ClaimPairsFormatError(f"{where}: expected {{'text': non-empty string, 'cue': ...}}")
    cue = data.get("cue")
    if cue is not None and not isinstance(cue, str):
        raise ClaimPairsFormatError(f"{where}: 'cue' must be a string or null")
    return PairClaim(data["text"], cue)


def score_claim_pairs(
    pairs: Iterable[ClaimPair],
    *,
    compare_fn: CompareFn = compare,
    response_fn: ResponseFn = response,
) -> ClaimPairsReport:
    """Run the linker's comparison (and, on true positives, its response) on each pair."""
    report = ClaimPairsReport()
    for pair in pairs:
        new, old = pair.refs()
        match = compare_fn(new, old)
        relation = response_fn(new, old, party=pair.party) if match is not None and pair.same else None
        report.outcomes.append(PairOutcome(pair, match, relation))
    return report


def format_table(report: ClaimPairsReport, *, misses: bool = False) -> str:
    """A plain-text table of the report (Markdown-compatible); optionally the misses."""
    lines = [
        "| metric | value | counts |",
        "| --- | ---: | --- |",
        f"| same proposition: precision | {_pct(report.precision)} | "
        f"{report.tp}/{report.tp + report.fp} predicted pairs right |",
        f"| same proposition: recall | {_pct(report.recall)} | "
        f"{report.tp}/{report.positives} same pairs found |",
        f"| same proposition: F1 | {_pct(report.f1)} | {report.pairs} pairs: TP {report.tp}, "
        f"FP {report.fp}, FN {report.fn}, TN {report.tn} |",
        f"| relation accuracy | {_pct(report.relation_accuracy)} | "
        f"{report.relation_correct}/{report.relation_n} true positives |",
        f"| stance accuracy (denied = disputed) | {_pct(report.stance_accuracy)} | "
        f"{report.stance_correct}/{report.relation_n} true positives |",
        "",
        "| kind | gold | pairs | decided right |",
        "| --- | --- | ---: | ---: |",
    ]
    table = report.by_kind()
    for kind in sorted(table, key=lambda k: (not table[k][0], k)):
        positive, n, right = table[kind]
        lines.append(f"| {kind} | {'same' if positive else 'different'} | {n} | {right} |")
    confusion = report.relation_confusion()
    if confusion:
        lines += ["", "| gold relation | predicted | pairs |", "| --- | --- | ---: |"]
        for (gold, predicted), n in sorted(confusion.items()):
            lines.append(f"| {gold} | {predicted} | {n} |")
    if misses:
        lines += ["", *format_misses(report.misses())]
    return "\n".join(lines)


def format_misses(outcomes: Sequence[PairOutcome]) -> list[str]:
    """One line per miss: the kind, the id, what went wrong, and the two claims."""
    out = []
    for o in outcomes:
        p = o.pair
        if not o.same_right:
            what = "linked, but different" if o.predicted_same else "not linked, but the same"
            if o.match is not None:
                what += f" ({', '.join(o.match.shared)})"
        else:
            what = f"relation {o.relation}, gold {p.relation}" + (" (party)" if p.party else "")
        out.append(
            f"{p.kind:14} {p.id:12} {what}\n"
            f"    a: {p.a.text!r} [{p.a.cue}]\n    b: {p.b.text!r} [{p.b.cue}]"
        )
    return out


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"
