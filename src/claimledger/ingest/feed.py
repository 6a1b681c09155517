"""RSS and Atom feeds -> articles: each entry's link fetched and read as a page.

A feed is parsed with feedparser from bytes already in hand (a file, or a body fetched by
:mod:`claimledger.ingest.fetch`): feedparser never fetches anything itself here. Each entry
is one result labelled ``feed.xml#<entry link>`` (the link, not the position, so the label
stays the same as the feed moves on and a re-run passes over entries already decided).
The entry's title and date fill what the page does not state.

Entries are skipped with their reason, never stopping the feed: no link (``malformed``),
fetching off or failing (``fetch``, ``private_address``, ``content_type``), a page with no
article text (``no_article``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from claimledger.errors import EmptyInputError, FetchInputError, InputError, MalformedInputError
from claimledger.ingest.fetch import HTML_TYPES, Fetcher
from claimledger.ingest.html import PageHints, article_from_html
from claimledger.ingest.meta import clean
from claimledger.types import Article

Result = tuple[str, Article | InputError]


def iter_feed(
    data: bytes,
    *,
    label: str,
    max_bytes: int,
    fetcher: Fetcher | None,
    base_url: str | None = None,
    published: str | None = None,
    wanted: Callable[[str], bool] | None = None,
) -> Iterator[Result]:
    """One result per entry of the feed in ``data``; ``fetcher`` None means fetching is off.

    ``base_url`` (the feed's own URL) resolves relative entry links. An entry whose label
    ``wanted`` refuses is passed over unfetched (``watch``: decided by an earlier poll).
    """
    import feedparser

    headers = {"content-location": base_url} if base_url else None
    parsed: Any = feedparser.parse(data, response_headers=headers)
    entries = list(parsed.entries)
    if not entries:
        if parsed.bozo:
            problem = str(parsed.get("bozo_exception", "")).splitlines()[0:1]
            why = "".join(problem) or "no entries"
            yield label, MalformedInputError(f"{label}: not a readable feed ({why})")
        else:
            yield label, EmptyInputError(f"{label}: a feed with no entries")
        return
    for number, entry in enumerate(entries, start=1):
        link = clean(entry.get("link"))
        if link is None or not link.startswith(("http://", "https://")):
            where = f"{label}#{number}"
            if wanted is not None and not wanted(where):
                continue
            yield where, MalformedInputError(f"{where}: a feed entry without an http(s) link ({link})")
            continue
        where = f"{label}#{link}"
        if wanted is not None and not wanted(where):
            continue
        yield where, _entry_article(entry, link, where, max_bytes, fetcher, published)


def _entry_article(
    entry: Any, link: str, where: str, max_bytes: int, fetcher: Fetcher | None, published: str | None
) -> Article | InputError:
    if fetcher is None:
        return FetchInputError(f"{where}: fetching is off, so the entry's page cannot be read")
    hints = PageHints(title=clean(entry.get("title")), published=_entry_day(entry) or published)
    try:
        page = fetcher.fetch(link, accept=HTML_TYPES)
        return article_from_html(page.body, label=where, max_bytes=max_bytes,
                                 hints=PageHints(page.url, hints.title, hints.published))
    except InputError as err:
        return err


def _entry_day(entry: Any) -> str | None:
    """The entry's publication day (``published``, else ``updated``), in UTC."""
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None
