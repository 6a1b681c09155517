"""A web page -> :class:`Article`, with trafilatura: the main text and the page's metadata.

The article's text is exactly trafilatura's plain-text output (paragraphs one per line,
the headline first when the page repeats it in the body); every offset refers to that text,
not to the HTML. Navigation, ads, related links, cookie banners, comments and footers are
left out by trafilatura's boilerplate removal (3-4 ms a page measured here).

Metadata: ``title``, ``published`` (the date part of the page's own publication date),
``source_domain`` and ``url`` (the page's canonical URL, else the URL it came from),
``author`` (trafilatura's, from meta tags, JSON-LD and byline markup; several joined with
"; ") and ``site`` (the outlet's name, ``og:site_name`` and the like). Where the page has
none, the caller's ``hints`` fill in: a feed entry's title, date and author and the feed's
title as the site, a WARC record's target URI and capture date.

Where a page names no site, trafilatura gives its host name instead ("courier.example");
that is ``source_domain`` already, so ``site`` stays None and a hint may fill it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimledger.errors import EmptyInputError, NoArticleInputError, TooLargeInputError
from claimledger.ingest.meta import clean, domain_of, iso_day
from claimledger.types import Article

# A page's markup is several times its text (scripts, styles, navigation); an article of
# ``max_bytes`` text may come in a page this many times bigger.
PAGE_OVERHEAD = 4
# Fewer words than this is not an article but what trafilatura's fallback scraped from a
# page without one (a video page gives its menu's "Home"); a news brief has 40 or more.
MIN_WORDS = 20


@dataclass(frozen=True, slots=True)
class PageHints:
    """What the page's context knows, used where the page itself says nothing."""

    url: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None


def join_names(names: Iterable[object]) -> str | None:
    """Several authors as one byline, ``"Jane Roe; John Doe"``: trafilatura's separator, so a
    page's author and a JSON line's ``authors`` list read alike. Blanks and repeats dropped."""
    kept: list[str] = []
    for name in names:
        cleaned = clean(name)
        if cleaned is not None and cleaned.casefold() not in {k.casefold() for k in kept}:
            kept.append(cleaned)
    return "; ".join(kept) or None


def site_name(value: object, *urls_or_hosts: str | None) -> str | None:
    """The outlet's own name, or None when ``value`` is only one of the given hosts again
    (trafilatura's fallback for a page that names no site: ``source_domain`` says that)."""
    name = clean(value)
    if name is None:
        return None
    hosts = {_bare_host(domain_of(u) if "://" in u else u) for u in urls_or_hosts if u}
    return None if _bare_host(name) in hosts else name


def _bare_host(host: str | None) -> str:
    host = (host or "").strip().lower()
    return host[4:] if host.startswith("www.") else host


def page_limit(max_bytes: int) -> int:
    return max_bytes * PAGE_OVERHEAD


def article_from_html(
    html: bytes | str, *, label: str, max_bytes: int, hints: PageHints = PageHints()
) -> Article:
    """The article in a page; ``NoArticleInputError`` when the page holds no article text."""
    from trafilatura import bare_extraction

    size = len(html)
    if size > page_limit(max_bytes):
        raise TooLargeInputError(
            f"{label}: a {size:,}-byte page is over the {page_limit(max_bytes):,}-byte limit; "
            "raise CLAIMLEDGER_MAX_BYTES if it is an article"
        )
    if not html.strip():
        raise EmptyInputError(f"{label}: empty page")
    document: Any = bare_extraction(
        html,
        url=hints.url,
        with_metadata=True,
        include_comments=False,  # readers' comments are not the article
        include_tables=True,
        # Only dates the page states in its markup or URL; no guessing from running text (a
        # "Copyright 2025" is not a publication date); the caller's hint fills the gap.
        date_extraction_params={"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"},
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or len(text.split()) < MIN_WORDS:
        raise NoArticleInputError(
            f"{label}: no article text found in the page (a section front, a login wall or a video "
            "page?); save the article's own page"
        )
    if len(text.encode("utf-8")) > max_bytes:
        raise TooLargeInputError(f"{label}: the article's text is over the {max_bytes:,}-byte limit")
    url = clean(document.url) or hints.url
    return Article(
        text=text,
        source=label,
        url=url,
        title=clean(document.title) or hints.title,
        published=iso_day(document.date) or hints.published,
        source_domain=domain_of(url) or clean(document.hostname),
        author=clean(document.author) or hints.author,
        site=site_name(document.sitename, url, hints.url, document.hostname) or site_name(hints.site, url),
    )
