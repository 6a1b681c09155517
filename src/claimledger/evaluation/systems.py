"""Systems under evaluation: each turns articles into :class:`Predicted` attributions.

A system is a name and a function from articles to one :class:`DocumentPrediction` per
article, in order. A system may refuse a document (textacy does when quote marks are
unbalanced); that is recorded with the reason, and the document scores as no predictions,
so a refusal costs recall instead of disappearing from the table.

textacy is an optional extra (it pulls scipy and scikit-learn, about 250 MB): it is only
imported when its system is built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from claimledger.errors import SettingError
from claimledger.evaluation.scoring import Fragment, Predicted
from claimledger.types import Analysis, Article, Quote, Span

SYSTEM_NAMES = ("claimledger", "claimledger-claims", "textacy")
TEXTACY_HINT = "pip install textacy  (or: pip install -e '.[baseline]')"


@dataclass(frozen=True, slots=True)
class DocumentPrediction:
    predicted: tuple[Predicted, ...] = ()
    refused: str | None = None  # why the system gave up on this document, if it did


@dataclass(frozen=True, slots=True)
class System:
    name: str
    predict: Callable[[Sequence[Article]], Iterable[DocumentPrediction]]


def build_system(name: str) -> System:
    """The named system with its default model (the one claimledger's settings name)."""
    if name == "claimledger":
        from claimledger.nlp.analyzer import Analyzer

        return claimledger_system(Analyzer())
    if name == "claimledger-claims":
        from claimledger.nlp.analyzer import Analyzer

        return claimledger_system(Analyzer(), with_beliefs=True)
    if name == "textacy":
        _textacy_direct_quotations()  # fail on the missing extra before loading a model
        return textacy_system(_plain_pipeline())
    raise SettingError(f"unknown system {name!r}: choose one of {', '.join(SYSTEM_NAMES)}")


class Analyzes(Protocol):
    """What the claimledger system needs: :class:`~claimledger.nlp.analyzer.Analyzer`."""

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]: ...


def claimledger_system(analyzer: Analyzes, *, with_beliefs: bool = False) -> System:
    """claimledger's own quotes: content, the speaker's mention, the cue. With
    ``with_beliefs``, also the claims that come from no quote (attributed beliefs and
    intentions, "X wants …"), which PolNeAR annotates as attributions too."""

    def predict(articles: Sequence[Article]) -> Iterator[DocumentPrediction]:
        for analysis in analyzer.analyze_many(articles):
            predicted = predictions_from_analysis(analysis)
            if with_beliefs:
                predicted += tuple(
                    Predicted(_offsets(c.span), _maybe(c.source.mention), _maybe(c.cue))
                    for c in analysis.claims
                    if not c.quotes
                )
            yield DocumentPrediction(predicted)

    return System("claimledger-claims" if with_beliefs else "claimledger", predict)


def predictions_from_analysis(analysis: Analysis) -> tuple[Predicted, ...]:
    """One prediction per attribution. A quote split by its cue ("“A,” she said. “B.”")
    is two quotes in claimledger, which share the cue; PolNeAR annotates it as one
    attribution with a discontinuous content, so the halves are joined here (their
    hull) before scoring."""
    merged: dict[tuple[int, int] | int, list[Quote]] = {}
    for n, quote in enumerate(analysis.quotes):
        key: tuple[int, int] | int = (quote.cue.start, quote.cue.end) if quote.cue else n
        merged.setdefault(key, []).append(quote)
    out = []
    for quotes in merged.values():
        first = quotes[0]
        content = (min(q.content.start for q in quotes), max(q.content.end for q in quotes))
        out.append(Predicted(content, _maybe(first.speaker.mention), _maybe(first.cue)))
    return tuple(out)


def textacy_system(nlp: Any) -> System:
    """textacy's rule-based direct quotations, run over ``nlp``'s parse."""
    direct_quotations = _textacy_direct_quotations()
    from textacy.constants import REPORTING_VERBS  # textacy's supported languages

    def predict(articles: Sequence[Article]) -> Iterator[DocumentPrediction]:
        for doc in nlp.pipe(a.text for a in articles):
            if doc.lang_ not in REPORTING_VERBS:  # its other ValueError: not a refusal
                raise SettingError(f"textacy has no direct quotations for language "
                                   f"{doc.lang_!r}; use an English model")
            try:
                triples = list(direct_quotations(doc))
            except ValueError as err:  # unbalanced quote marks: it refuses the document
                yield DocumentPrediction(refused=str(err))
                continue
            yield DocumentPrediction(tuple(
                Predicted(
                    (t.content.start_char, t.content.end_char),
                    _token_extent(t.speaker),
                    _token_extent(t.cue),
                )
                for t in triples
            ))

    return System("textacy", predict)


def _textacy_direct_quotations() -> Callable[[Any], Iterable[Any]]:
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        raise SettingError(f"--system textacy needs textacy, which is not installed: "
                           f"{TEXTACY_HINT}") from None
    return direct_quotations


def _plain_pipeline() -> Any:
    """The configured spaCy model without claimledger's components: textacy's own input."""
    import spacy

    from claimledger.errors import ModelNotFoundError
    from claimledger.nlp.model import INSTALL_HINT
    from claimledger.settings import get_settings

    model = get_settings().model
    try:
        return spacy.load(model)
    except OSError:
        raise ModelNotFoundError(f"spaCy model {model!r} not found: {INSTALL_HINT}") from None


def _token_extent(tokens: Sequence[Any]) -> Fragment | None:
    """A list of tokens (not always contiguous) -> first character to last character."""
    if not tokens:
        return None
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def _offsets(span: Span) -> Fragment:
    return span.start, span.end


def _maybe(span: Span | None) -> Fragment | None:
    return None if span is None else _offsets(span)
