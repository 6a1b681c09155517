"""goldnews: claimledger's own development set of news articles with gold quotes.

The articles (``tests/fixtures/goldnews/*.json``) were written for this project: invented
people, organisations and places, in the house styles of different outlets (US wire, UK
and Irish press, an Indian and a Nigerian daily, an Australian sports desk, a French agency
in translation, a court report, a parliamentary sketch, a magazine interview). They exist to
check that attribution rules generalise beyond the articles the rules were written on.

One file is one article::

    {"id": "...", "published": "YYYY-MM-DD", "style": "...", "text": "...",
     "quotes": [{"content": "...", "occurrence": 1, "kind": "direct|indirect|mixed",
                 "speaker": "Fullest Name" | "officials" | null, "anonymous": false,
                 "mention": "..." | null, "cue": "said" | null, "channel": "on X"}],
     "not_quotes": ["words in quote marks that are not a quote: scare quotes, titles"]}

Annotation conventions (what a careful reader would agree on):

* ``content`` is an exact substring of ``text``; ``occurrence`` picks the n-th occurrence
  (1 = first). Direct: the words inside the marks, without the comma that hands over to the
  attribution (``"A fair offer," she said`` -> ``A fair offer``); a quote split by its cue is
  two quotes; a quote running over several paragraphs is one quote from the first opening
  mark to the last closing mark. Indirect and mixed: the reported clause without a leading
  "that" and without the sentence's full stop; for "accused X of Y" the content is Y.
* ``speaker`` is the entity's fullest name in the article without titles ("Marcus Fenwick",
  not "Dr Fenwick"), an organisation's name ("Corvane Systems"), the source's own words for
  an anonymous source ("officials", with ``anonymous: true``), or null when the article does
  not let a careful reader decide (e.g. "he" after two men were just named).
* ``mention``/``cue``/``channel`` are substrings too; each is resolved to the whole-word
  occurrence outside the content nearest to it, in the quote's own paragraph(s) if any.
  ``mention`` is null for a follow-on paragraph whose speaker carries over from the one
  before.
* ``not_quotes`` lists the words inside quote marks that no one says (scare quotes, book and
  film titles); every occurrence of the string that stands inside quote marks counts.

Scoring (:func:`score_goldnews`) is by character overlap, so that small differences in where
a span starts or ends (a comma, a "that") do not count as errors:

* a gold quote is *found* when one predicted quote's content covers >= 50% of its characters;
* a predicted quote is *correct* when >= 50% of its characters lie inside gold quote
  content (one quote, or neighbours such as the two clauses of "said A and that B") and it
  touches no not-quote span;
* on found quotes, the speaker is *right* when the predicted speaker's name equals the gold
  speaker (casefolded, leading articles and honorifics dropped; words before the full name
  are allowed, so "Superintendent Carla Jimenez" is Carla Jimenez, but a bare surname is not
  the full name) or both are null, and the anonymous flags agree; an anonymous source also
  counts as right when the predicted mention overlaps the gold mention ("a senior official"
  for "A senior official of ...");
* *speaker precision* is the share of found quotes with a named speaker whose speaker is
  right (a wrong speaker is worse than none); *speaker coverage* is the share of found quotes
  with a gold speaker for which the system named one.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import ClaimledgerError, CorpusNotFoundError
from claimledger.evaluation.scoring import f1
from claimledger.types import Analysis, Article, QuoteKind, Span, Speaker

#: The fixture directory in a source checkout: <repo>/tests/fixtures/goldnews.
DEFAULT_DIR = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "goldnews"

# Half of a span's characters: the same threshold both ways (recall and precision).
OVERLAP = 0.5

OPENING_MARKS = "\"“‘«'"
CLOSING_MARKS = "\"”’»'"

_REQUIRED = ("id", "text", "quotes")
_QUOTE_KEYS = {"content", "occurrence", "kind", "speaker", "anonymous", "mention", "cue", "channel"}
# Dropped before names are compared: articles of anonymous sources, titles of named ones.
_LEADING_WORDS = {
    "a", "an", "the", "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame",
    "alhaji", "chief", "shri", "smt", "judge", "ambassador",
}  # fmt: skip


class GoldnewsFormatError(ClaimledgerError):
    """A goldnews file does not match its schema or its text (a substring is missing)."""

    code = "E021"
    reason = "goldnews"


@dataclass(frozen=True, slots=True)
class GoldQuote:
    kind: QuoteKind
    content: Span
    speaker: str | None
    anonymous: bool
    mention: Span | None
    cue: Span | None
    channel: Span | None = None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    quotes: tuple[GoldQuote, ...]
    not_quotes: tuple[Span, ...] = ()
    published: str | None = None
    style: str = ""
    path: Path | None = None

    def article(self) -> Article:
        """The input a system under test analyses (same text, so offsets line up)."""
        return Article(
            text=self.text,
            source=str(self.path) if self.path else f"goldnews:{self.id}",
            title=None,
            published=self.published,
        )

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n")


# --- loading ------------------------------------------------------------------------------


def load_goldnews(directory: Path | str | None = None) -> list[GoldArticle]:
    """All articles in ``directory`` (default: the fixtures of this checkout), by file name."""
    root = Path(directory) if directory is not None else DEFAULT_DIR
    if not root.is_dir():
        raise CorpusNotFoundError(
            f"goldnews: no directory {root}; give the folder holding the *.json articles"
        )
    paths = sorted(root.glob("*.json"))
    if not paths:
        raise CorpusNotFoundError(f"goldnews: no *.json articles in {root}")
    return [load_gold_article(p) for p in paths]


def load_gold_article(path: Path | str) -> GoldArticle:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise GoldnewsFormatError(f"{path}: cannot read as UTF-8 JSON ({err})") from err
    return parse_gold_article(data, path=path)


def parse_gold_article(data: Any, *, path: Path | None = None) -> GoldArticle:
    """Resolve a decoded goldnews record to spans; raise on anything that does not resolve."""
    where = str(path) if path else "<goldnews>"
    if not isinstance(data, dict):
        raise GoldnewsFormatError(f"{where}: expected a JSON object")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise GoldnewsFormatError(f"{where}: missing key(s) {', '.join(missing)}")
    text = data["text"]
    if not isinstance(text, str) or not text.strip():
        raise GoldnewsFormatError(f"{where}: 'text' must be a non-empty string")
    if not isinstance(data["quotes"], list):
        raise GoldnewsFormatError(f"{where}: 'quotes' must be a list")
    quotes = tuple(_parse_quote(text, q, f"{where}: quotes[{i}]") for i, q in enumerate(data["quotes"]))
    not_quotes = tuple(
        span
        for i, s in enumerate(data.get("not_quotes") or [])
        for span in _resolve_not_quote(text, s, f"{where}: not_quotes[{i}]")
    )
    return GoldArticle(
        id=str(data["id"]),
        text=text,
        quotes=quotes,
        not_quotes=not_quotes,
        published=data.get("published"),
        style=str(data.get("style", "")),
        path=path,
    )


def _parse_quote(text: str, q: Any, where: str) -> GoldQuote:
    if not isinstance(q, dict):
        raise GoldnewsFormatError(f"{where}: expected an object")
    unknown = set(q) - _QUOTE_KEYS
    if unknown:
        raise GoldnewsFormatError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    try:
        kind = QuoteKind(str(q.get("kind")))
    except ValueError:
        raise GoldnewsFormatError(
            f"{where}: kind {q.get('kind')!r} is not one of direct, indirect, mixed"
        ) from None
    content = q.get("content")
    if not isinstance(content, str) or not content:
        raise GoldnewsFormatError(f"{where}: 'content' must be a non-empty string")
    occurrence = q.get("occurrence", 1)
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        raise GoldnewsFormatError(f"{where}: 'occurrence' must be an integer >= 1")
    span = find_occurrence(text, content, occurrence)
    if span is None:
        raise GoldnewsFormatError(
            f"{where}: content {_short(content)!r} (occurrence {occurrence}) is not in the text"
        )
    speaker = q.get("speaker")
    if speaker is not None and (not isinstance(speaker, str) or not speaker.strip()):
        raise GoldnewsFormatError(f"{where}: 'speaker' must be a name or null")
    anonymous = q.get("anonymous", False)
    if not isinstance(anonymous, bool):
        raise GoldnewsFormatError(f"{where}: 'anonymous' must be true or false")
    if anonymous and speaker is None:
        raise GoldnewsFormatError(f"{where}: an anonymous source needs its words as 'speaker'")
    return GoldQuote(
        kind=kind,
        content=span,
        speaker=speaker,
        anonymous=anonymous,
        mention=_resolve_near(text, q.get("mention"), span, f"{where}: mention"),
        cue=_resolve_near(text, q.get("cue"), span, f"{where}: cue"),
        channel=_resolve_near(text, q.get("channel"), span, f"{where}: channel"),
    )


def find_occurrence(text: str, needle: str, occurrence: int = 1) -> Span | None:
    """The ``occurrence``-th (1-based, non-overlapping) occurrence of ``needle``, or None."""
    start = -1
    pos = 0
    for _ in range(occurrence):
        start = text.find(needle, pos)
        if start < 0:
            return None
        pos = start + len(needle)
    return Span.of(text, start, start + len(needle))


def _whole_word_spans(text: str, needle: str) -> list[Span]:
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return [Span.of(text, m.start(), m.end()) for m in pattern.finditer(text)]


def _gap(a: Span, b: Span) -> int:
    return max(a.start - b.end, b.start - a.end, 0)


def _resolve_near(text: str, needle: Any, content: Span, where: str) -> Span | None:
    """The whole-word occurrence of ``needle`` outside ``content`` nearest to it."""
    if needle is None:
        return None
    if not isinstance(needle, str) or not needle:
        raise GoldnewsFormatError(f"{where} must be a non-empty string or null")
    candidates = [s for s in _whole_word_spans(text, needle) if not s.overlaps(content)]
    if not candidates:
        raise GoldnewsFormatError(f"{where} {needle!r} is not in the text outside the quote")
    # The quote's own paragraph(s) first: "Delisle rose to reply that ..." must not take the
    # "Delisle" that opens the next paragraph just because it is a few characters closer.
    first = text.rfind("\n", 0, content.start) + 1
    last = text.find("\n", content.end)
    paragraph = Span.of(text, first, len(text) if last < 0 else last)
    return min(candidates, key=lambda s: (not paragraph.contains(s), _gap(s, content), s.start))


def _resolve_not_quote(text: str, needle: Any, where: str) -> list[Span]:
    """Every occurrence of ``needle`` that stands inside quote marks."""
    if not isinstance(needle, str) or not needle:
        raise GoldnewsFormatError(f"{where} must be a non-empty string")
    spans = [s for s in _all_spans(text, needle) if is_marked(text, s)]
    if not spans:
        raise GoldnewsFormatError(f"{where} {needle!r} is not in the text inside quote marks")
    return spans


def _all_spans(text: str, needle: str) -> list[Span]:
    spans = []
    pos = text.find(needle)
    while pos >= 0:
        spans.append(Span.of(text, pos, pos + len(needle)))
        pos = text.find(needle, pos + len(needle))
    return spans


def is_marked(text: str, span: Span) -> bool:
    """Whether ``span`` stands directly inside quote marks (guillemets may be padded)."""
    before = text[: span.start].rstrip(" \u00a0\u202f")
    after = text[span.end :].lstrip(" \u00a0\u202f,")
    return bool(before) and before[-1] in OPENING_MARKS and bool(after) and after[0] in CLOSING_MARKS


def _short(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


# --- scoring ------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Casefolded, apostrophes unified, leading articles and honorifics dropped."""
    words = re.sub(r"[’`]", "'", name).casefold().replace(".", " ").split()
    while len(words) > 1 and words[0] in _LEADING_WORDS:
        words = words[1:]
    return " ".join(words)


def speaker_is_right(gold: GoldQuote, predicted: Speaker) -> bool:
    if gold.anonymous != predicted.anonymous:
        return False
    if gold.speaker is None or predicted.name is None:
        return gold.speaker is None and predicted.name is None
    want, got = normalise_name(gold.speaker), normalise_name(predicted.name)
    if got == want or got.endswith(" " + want):  # "detective constable ryan holt"
        return True
    return (
        gold.anonymous
        and gold.mention is not None
        and predicted.mention is not None
        and gold.mention.overlaps(predicted.mention)
    )


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


@dataclass(slots=True)
class Miss:
    """One error, for reading what went wrong: ``what`` is missed|false_positive|
    not_quote|wrong_speaker|no_speaker."""

    article: str
    what: str
    text: str
    expected: str | None = None
    got: str | None = None


@dataclass(slots=True)
class ArticleScore:
    id: str
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    speaker_right: int = 0


@dataclass(slots=True)
class GoldnewsReport:
    articles: int = 0
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    not_quote_hits: int = 0
    speaker_right: int = 0
    speaker_named: int = 0
    speaker_named_right: int = 0
    gold_named_found: int = 0
    gold_named_covered: int = 0
    gold_by_kind: dict[str, int] = field(default_factory=dict)
    found_by_kind: dict[str, int] = field(default_factory=dict)
    per_article: list[ArticleScore] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return _ratio(self.found, self.gold)

    @property
    def precision(self) -> float | None:
        return _ratio(self.correct, self.predicted)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return None if p is None or r is None else f1(p, r)

    @property
    def speaker_accuracy(self) -> float | None:
        """Right speaker (or rightly none) among found quotes."""
        return _ratio(self.speaker_right, self.found)

    @property
    def speaker_precision(self) -> float | None:
        """Right speaker among found quotes where the system named one."""
        return _ratio(self.speaker_named_right, self.speaker_named)

    @property
    def speaker_coverage(self) -> float | None:
        """Found quotes with a gold speaker for which the system named any speaker."""
        return _ratio(self.gold_named_covered, self.gold_named_found)

    def kind_recall(self, kind: str) -> float | None:
        return _ratio(self.found_by_kind.get(kind, 0), self.gold_by_kind.get(kind, 0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "gold": self.gold,
            "found": self.found,
            "predicted": self.predicted,
            "correct": self.correct,
            "not_quote_hits": self.not_quote_hits,
            "recall": self.recall,
            "precision": self.precision,
            "f1": self.f1,
            "speaker_accuracy": self.speaker_accuracy,
            "speaker_precision": self.speaker_precision,
            "speaker_coverage": self.speaker_coverage,
            "recall_by_kind": {k: self.kind_recall(k) for k in self.gold_by_kind},
        }


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def score_goldnews(pairs: Iterable[tuple[GoldArticle, Analysis]]) -> GoldnewsReport:
    """Score predicted analyses against gold articles (see the module docstring)."""
    report = GoldnewsReport()
    for gold, analysis in pairs:
        if analysis.article.text != gold.text:
            raise ValueError(
                f"goldnews {gold.id}: the analysis is of a different text; analyse gold.article()"
            )
        report.per_article.append(_score_article(gold, analysis, report))
        report.articles += 1
    return report


def _score_article(gold: GoldArticle, analysis: Analysis, report: GoldnewsReport) -> ArticleScore:
    row = ArticleScore(id=gold.id, gold=len(gold.quotes), predicted=len(analysis.quotes))
    report.gold += row.gold
    report.predicted += row.predicted
    text = gold.text
    for q in gold.quotes:
        kind = str(q.kind)
        report.gold_by_kind[kind] = report.gold_by_kind.get(kind, 0) + 1
        best = max(analysis.quotes, key=lambda p: _overlap(p.content, q.content), default=None)
        covered = 0 if best is None else _overlap(best.content, q.content)
        if best is None or covered < OVERLAP * len(q.content.text):
            report.misses.append(Miss(gold.id, "missed", q.content.text, q.speaker))
            continue
        row.found += 1
        report.found += 1
        report.found_by_kind[kind] = report.found_by_kind.get(kind, 0) + 1
        got = best.speaker
        right = speaker_is_right(q, got)
        if right:
            row.speaker_right += 1
            report.speaker_right += 1
        if got.name is not None:
            report.speaker_named += 1
            report.speaker_named_right += right
        if q.speaker is not None:
            report.gold_named_found += 1
            report.gold_named_covered += got.name is not None
        if not right:
            what = "no_speaker" if got.name is None else "wrong_speaker"
            report.misses.append(Miss(gold.id, what, q.content.text, q.speaker, got.name))
    for p in analysis.quotes:
        if any(p.content.overlaps(nq) for nq in gold.not_quotes):
            report.not_quote_hits += 1
            report.misses.append(Miss(gold.id, "not_quote", text[p.content.start : p.content.end]))
            continue
        size = len(p.content.text)
        # Gold contents never overlap (the fixture tests check), so the sum is the union.
        inside = sum(_overlap(p.content, q.content) for q in gold.quotes)
        if size and inside >= OVERLAP * size:
            row.correct += 1
            report.correct += 1
        else:
            report.misses.append(Miss(gold.id, "false_positive", p.content.text, None, p.speaker.name))
    return row


# --- reporting ----------------------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "  –  " if x is None else f"{100 * x:5.1f}"


def format_table(report: GoldnewsReport, *, per_article: bool = False) -> str:
    """A plain-text table of the report (Markdown-compatible)."""
    lines = [
        "| metric | value | counts |",
        "| --- | ---: | --- |",
        f"| quote recall | {_pct(report.recall)} | {report.found}/{report.gold} gold found |",
        f"| quote precision | {_pct(report.precision)} | {report.correct}/{report.predicted} "
        f"predicted correct, {report.not_quote_hits} on not-quotes |",
        f"| quote F1 | {_pct(report.f1)} | |",
        f"| speaker accuracy | {_pct(report.speaker_accuracy)} | "
        f"{report.speaker_right}/{report.found} found quotes |",
        f"| speaker precision | {_pct(report.speaker_precision)} | "
        f"{report.speaker_named_right}/{report.speaker_named} named speakers right |",
        f"| speaker coverage | {_pct(report.speaker_coverage)} | "
        f"{report.gold_named_covered}/{report.gold_named_found} found quotes given a speaker |",
    ]
    for kind in sorted(report.gold_by_kind):
        lines.append(
            f"| recall ({kind}) | {_pct(report.kind_recall(kind))} | "
            f"{report.found_by_kind.get(kind, 0)}/{report.gold_by_kind[kind]} |"
        )
    if per_article:
        lines += ["", "| article | gold | found | predicted | correct | speaker right |"]
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        for r in report.per_article:
            lines.append(
                f"| {r.id} | {r.gold} | {r.found} | {r.predicted} | {r.correct} | {r.speaker_right} |"
            )
    return "\n".join(lines)


def describe(articles: Sequence[GoldArticle]) -> str:
    """Counts of the set: articles, quotes by kind, null speakers, anonymous, not-quotes."""
    quotes = [q for a in articles for q in a.quotes]
    kinds = {k.value: sum(q.kind is k for q in quotes) for k in QuoteKind}
    return (
        f"{len(articles)} articles, {len(quotes)} quotes "
        f"({', '.join(f'{k} {n}' for k, n in kinds.items())}), "
        f"{sum(q.speaker is None for q in quotes)} with no speaker, "
        f"{sum(q.anonymous for q in quotes)} anonymous, "
        f"{sum(q.mention is None for q in quotes)} without a mention, "
        f"{sum(len(a.not_quotes) for a in articles)} not-quote spans"
    )


if __name__ == "__main__":  # python -m claimledger.evaluation.goldnews [DIR]: check + counts
    print(describe(load_goldnews(sys.argv[1] if len(sys.argv) > 1 else None)))
