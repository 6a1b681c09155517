"""RSS and Atom feeds -> articles: each entry's link fetched and read as a page.

A feed is parsed with feedparser from bytes already in hand (a file, or a body fetched by
:mod:`claimledger.ingest.fetch`): feedparser never fetches anything itself here. Each entry
is one result labelled ``feed.xml#<entry link>`` (the link, not the position, so the label
stays the same as the feed moves on and a re-run passes over entries already decided).
The entry's title, date and author, and the feed's title as the site's name, fill what the
page does not state.

Entries are skipped with their reason, never stopping the feed: no link (``malformed``),
fetching off or failing (``fetch``, ``private_address``, ``content_type``), a page with no
article text (``no_article``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from claimledger.errors import EmptyInputError, FetchInputError, InputError, MalformedInputError
from claimledger.ingest.fetch import HTML_TYPES, Fetcher
from claimledger.ingest.html import PageHints, article_from_html, join_names
from claimledger.ingest.meta import clean
from claimledger.types import Article

Result = tuple[str, Article | InputError]

# RSS 2.0's <author> is "address (Name)"; some feeds write "Name <address>".
_NAME_IN_PARENS = re.compile(r"\(([^()]+)\)\s*$")
_NAME_BEFORE_ADDRESS = re.compile(r"^([^<>]+?)\s*<[^<>]*@[^<>]*>\s*$")


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
    site = clean(parsed.feed.get("title"))
    atom = str(parsed.get("version", "")).startswith("atom")
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
        hints = PageHints(title=clean(entry.get("title")), published=_entry_day(entry) or published,
                          author=_entry_author(entry, atom=atom), site=site)
        yield where, _entry_article(link, where, max_bytes, fetcher, hints)


def _entry_article(
    link: str, where: str, max_bytes: int, fetcher: Fetcher | None, hints: PageHints
) -> Article | InputError:
    if fetcher is None:
        return FetchInputError(f"{where}: fetching is off, so the entry's page cannot be read")
    try:
        page = fetcher.fetch(link, accept=HTML_TYPES)
        hints = replace(hints, url=page.url)
        return article_from_html(page.body, label=where, max_bytes=max_bytes, hints=hints)
    except InputError as err:
        return err


def _entry_author(entry: Any, *, atom: bool) -> str | None:
    """The entry's authors (Atom ``<author><name>``, RSS ``<dc:creator>`` or ``<author>``).

    feedparser splits an RSS ``<author>`` address from its name with a pattern that knows
    top-level domains of 2-4 letters only ("jane@news.example (Jane Roe)" gives the name
    "ple (Jane Roe"), so an RSS author that came with an address is read here instead.
    An address alone is not a byline: None.
    """
    details = entry.get("authors") or []
    if atom or not any(detail.get("email") for detail in details):
        return join_names(detail.get("name") for detail in details) or _byline(entry.get("author"))
    return _byline(entry.get("author"))


def _byline(value: object) -> str | None:
    text = clean(value)
    if text is None:
        return None
    for pattern in (_NAME_IN_PARENS, _NAME_BEFORE_ADDRESS):
        found = pattern.search(text)
        if found:
            return clean(found.group(1))
    return None if "@" in text else text


def _entry_day(entry: Any) -> str | None:
    """The entry's publication day (``published``, else ``updated``), in UTC."""
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None
