"""Shared fixtures: one loaded pipeline per test session (loading costs ~0.5 s), and the ledger.

Ledger tests run on both backends (fixtures in tests/ledger_backends.py):

* ``ledger_url``: a str, the place of a fresh, empty ledger that is not migrated yet: a
  SQLite file path, or a ``postgresql://`` URL of a database made for this test and
  dropped after it. Open it with ``open_ledger(ledger_url)``.
* ``ledger``: an opened (migrated) :class:`~claimledger.ledger.Ledger` on ``ledger_url``.
* ``ledger_backend``: ``"sqlite"`` or ``"postgresql"``, for the rare assertion that
  differs.

A test that takes any of them runs twice, ``[sqlite]`` and ``[postgresql]``. The
PostgreSQL run needs ``CLAIMLEDGER_TEST_POSTGRES`` set to a server URL whose user may
create databases (e.g. ``postgresql://postgres@localhost:5432/postgres``) and is skipped
without it; ``.ci/run`` starts a private server and sets it. A test about SQLite only
(pragmas, files, ``:memory:``) builds its own path instead of taking these fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.types import Analysis, Article
from tests.ledger_backends import ledger, ledger_backend, ledger_url, postgres_server

__all__ = ["ledger", "ledger_backend", "ledger_url", "postgres_server"]

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
