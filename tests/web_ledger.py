"""The ledgers the web tests read: the README's story, plus a hostile article.

The story is the bundled example (2025-05-23) and its follow-ups, as tests/test_ingest.py
builds it. The hostile article's title, URL, author, site and text carry markup and script that must
only ever reach a page escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from claimledger.api.ingest import ingest
from claimledger.ledger import Ledger
from claimledger.linking.linker import Linker
from claimledger.settings import Settings
from claimledger.types import Analysis, Article

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "prisoner-swap.txt"
FOLLOW_UPS = REPO / "examples" / "follow-ups"
SETTINGS = Settings()

XSS_TITLE = '<script>window.__xss = "title"</script>Minister <img src=x onerror="window.__xss=\'img\'">'
XSS_URL = "javascript:window.__xss='url'"
XSS_AUTHOR = '<script>window.__xss = "author"</script>Ann <b onmouseover="window.__xss=\'b\'">Bell</b>'
XSS_SITE = "Courier <img src=x onerror=\"window.__xss='site'\">"
XSS_TEXT = (
    "The minister said on Monday that <script>window.__xss = 'text'</script> the budget was balanced.\n"
    '"<img src=x onerror="window.__xss=\'quote\'"> We will cut taxes," said Maria Lopez, the finance '
    "minister.\n"
    "Critics said the plan was <a href=\"javascript:window.__xss='link'\">a fantasy</a>, but there was "
    "no confirmation from the ministry.\n"
)

Analyse = Callable[[list[Article]], Iterable[Analysis]]


def ingest_story(ledger: Ledger, analyse: Analyse) -> None:
    ingest(ledger, [str(EXAMPLE)], settings=SETTINGS, published="2025-05-23", analyse=analyse)
    ingest(ledger, [str(FOLLOW_UPS)], settings=SETTINGS, analyse=analyse)


def hostile_article() -> Article:
    return Article(text=XSS_TEXT, source="hostile", url=XSS_URL, title=XSS_TITLE, published="2025-06-02",
                   author=XSS_AUTHOR, site=XSS_SITE)


def store_hostile(ledger: Ledger, analyse: Analyse) -> str:
    article = hostile_article()
    [analysis] = list(analyse([article]))
    ledger.store(analysis.to_dict(), within=Linker())
    return article.id
