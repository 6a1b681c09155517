"""Shared fixtures: one loaded pipeline per test session (loading costs ~0.5 s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.types import Analysis, Article

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "prisoner-swap.txt"


@pytest.fixture(scope="session")
def analyzer():
    from claimledger.nlp.analyzer import Analyzer
    from claimledger.settings import Settings

    return Analyzer(Settings())


@pytest.fixture(scope="session")
def analyze(analyzer):
    def run(text: str, published: str | None = None) -> Analysis:
        return analyzer.analyze(Article(text=text, source="test", published=published))

    return run


def assert_offsets(analysis: Analysis) -> None:
    """Every span in the record points at exactly its text."""
    text = analysis.article.text
    spans = []
    for entity in analysis.entities:
        spans.extend(entity.mentions)
    for quote in analysis.quotes:
        spans.extend([quote.content, *quote.quoted])
        spans.extend(s for s in (quote.cue, quote.channel, quote.speaker.mention) if s is not None)
    for span in spans:
        assert text[span.start : span.end] == span.text, span
