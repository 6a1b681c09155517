"""Batch inputs -> articles: files, directories, URLs; text, HTML, feeds, WARC, JSON Lines.

What a file is comes from its bytes (:mod:`claimledger.ingest.sniff`), so a page saved as
``story.txt`` is read as HTML and a crawl's ``.dat`` as WARC; each kind has its reader
(``html``, ``feed``, ``warc``, JSON Lines below, ``text``). ``http(s)://`` inputs are fetched
(:mod:`claimledger.ingest.fetch`) and read as a page or a feed. Every article then goes
through the language check (:mod:`claimledger.ingest.language`): not English is a skip.

``iter_articles`` yields ``(label, Article | InputError)`` in input order, lazily, so a
corpus of any size streams through in constant memory. A bad input (a missing file, an
empty text, a malformed JSON line) is yielded as a typed error under a label that
pinpoints it (``corpus.jsonl:17``); it never stops the batch. ``read_input`` reads one input
already in memory (its bytes, and the label a file of that name would have) the same way:
the Spark job reads its inputs, local or from HDFS or S3, through it.

JSON Lines records follow the news-please / common crawl-news conventions:
``text`` or ``maintext`` (required), ``url``, ``title``, ``published`` or
``date_publish`` (any ISO 8601 date or date-time; the date part is kept),
``source_domain`` (else taken from the URL's host), ``authors`` (news-please's list, joined
with "; ") or ``author``, and ``site`` or ``sitename`` (the outlet's name).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimledger.errors import (
    ContentTypeInputError,
    EmptyInputError,
    EncodingInputError,
    FetchInputError,
    InputError,
    MalformedInputError,
    MissingInputError,
    NotAFileInputError,
    TooLargeInputError,
)
from claimledger.ingest.feed import iter_feed
from claimledger.ingest.fetch import Fetcher
from claimledger.ingest.html import PageHints, article_from_html, join_names, page_limit, site_name
from claimledger.ingest.language import check_language
from claimledger.ingest.meta import clean, domain_of, iso_day
from claimledger.ingest.sniff import GZIP_MAGIC, HEAD_BYTES, Kind, sniff
from claimledger.ingest.text import decode_text, read_article
from claimledger.ingest.warc import iter_warc
from claimledger.types import Article

__all__ = ["Result", "domain_of", "iter_articles", "iter_jsonl", "read_input"]

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text", ".md")
TEXT_FIELDS = ("text", "maintext")
DATE_FIELDS = ("published", "date_publish")
AUTHOR_FIELDS = ("authors", "author")  # news-please: "authors", a list of names
SITE_FIELDS = ("site", "sitename")  # news-please has none; trafilatura says "sitename"
# A JSON line holds one article plus metadata; a line much bigger than the article
# limit is not an article (a dump, a base64 blob) and is refused before json.loads.
JSON_OVERHEAD = 4


Result = tuple[str, Article | InputError]


def iter_articles(
    paths: list[str],
    *,
    published: str | None = None,
    max_bytes: int,
    encoding: str = "utf-8",
    allow_private: bool = False,
    fetch: bool = True,
    fetcher: Fetcher | None = None,
) -> Iterator[Result]:
    """Every article in ``paths`` (files, directories, URLs), in order.

    ``published`` is the default date for inputs that carry none of their own. URLs and feed
    entries are fetched with ``fetcher`` (by default one that refuses private addresses
    unless ``allow_private``); ``fetch=False`` reads local files only (a URL or a feed entry
    is then a ``fetch`` skip), for counting inputs without touching the network.
    """
    if fetch and fetcher is None:
        fetcher = Fetcher(max_bytes=page_limit(max_bytes), allow_private=allow_private)
    web = fetcher if fetch else None
    for path in paths:
        if is_url(path):
            results = _iter_url(path, web, published, max_bytes)
        else:
            results = _iter_path(Path(path), path, published, max_bytes, encoding, explicit=True, fetcher=web)
        for label, item in results:
            yield label, check_language(item) if isinstance(item, Article) else item


def is_url(path: str) -> bool:
    return path.lower().startswith(("http://", "https://"))


def _iter_path(
    path: Path,
    label: str,
    published: str | None,
    max_bytes: int,
    encoding: str,
    *,
    explicit: bool,
    fetcher: Fetcher | None,
) -> Iterator[Result]:
    kind = _sniff_file(path) if path.is_file() else None
    if path.is_dir():
        yield from _iter_directory(path, published, max_bytes, encoding, fetcher)
        return
    reader = _reader(path.name, kind, explicit=explicit)
    if reader is Kind.JSONL:
        yield from iter_jsonl(path, published=published, max_bytes=max_bytes)
    elif reader is Kind.WARC:
        yield from iter_warc(path, label=label, max_bytes=max_bytes, published=published)
    elif kind is not None and reader in (Kind.HTML, Kind.FEED):
        yield from _iter_markup(path, label, kind, published, max_bytes, fetcher)
    elif reader is Kind.TEXT:
        try:
            yield label, read_article(label, published=published, max_bytes=max_bytes, encoding=encoding)
        except InputError as err:
            yield label, err
    else:
        yield label, _not_an_input(label)


def _reader(name: str, kind: Kind | None, *, explicit: bool) -> Kind | None:
    """Which reader a file named ``name`` whose bytes sniff as ``kind`` goes to; None: none.

    One rule for files on disk and inputs in memory (:func:`read_input`).
    """
    if name.lower().endswith(JSONL_SUFFIXES) or kind is Kind.JSONL:
        return Kind.JSONL
    if kind in (Kind.WARC, Kind.HTML, Kind.FEED):
        return kind
    if explicit or name.lower().endswith(TEXT_SUFFIXES):
        return Kind.TEXT
    return None


def _not_an_input(label: str) -> NotAFileInputError:
    return NotAFileInputError(
        f"{label}: not text ({', '.join(TEXT_SUFFIXES)}), HTML, a feed, WARC or JSON Lines; "
        "give it by name to read it as text"
    )


def read_input(
    data: bytes,
    label: str,
    *,
    published: str | None = None,
    max_bytes: int,
    encoding: str = "utf-8",
    explicit: bool = True,
) -> Iterator[Result]:
    """Every article in one input held in memory, as :func:`iter_articles` reads a file.

    ``label`` is the input's name (a path or URI): it labels the results, and its suffix
    counts as a file name's does. ``explicit``: the input was named by the user (an unknown
    kind is then read as text), not found in a folder. Feed entries are not fetched (a
    ``fetch`` skip each), since a batch job has no business on the open web.
    """
    for where, item in _read_bytes(data, label, published, max_bytes, encoding, explicit):
        yield where, check_language(item) if isinstance(item, Article) else item


def _read_bytes(
    data: bytes, label: str, published: str | None, max_bytes: int, encoding: str, explicit: bool
) -> Iterator[Result]:
    kind = sniff(data[:HEAD_BYTES])
    name = label.rstrip("/").rsplit("/", 1)[-1]
    reader = _reader(name, kind, explicit=explicit)
    if reader is Kind.JSONL:
        gz = label.lower().endswith(".gz") or data.startswith(GZIP_MAGIC)
        handle: io.BufferedIOBase = gzip.GzipFile(fileobj=io.BytesIO(data)) if gz else io.BytesIO(data)
        yield from _jsonl_lines(handle, label, published, max_bytes)
    elif reader is Kind.WARC:
        yield from _warc_bytes(data, label, published, max_bytes)
    elif reader in (Kind.HTML, Kind.FEED):
        try:
            yield from _markup(data, label, kind, published, max_bytes, None)
        except InputError as err:
            yield label, err
    elif reader is Kind.TEXT:
        try:
            text = decode_text(data, label=label, max_bytes=max_bytes, encoding=encoding)
            yield label, Article(text=text, source=label, published=published)
        except InputError as err:
            yield label, err
    else:
        yield label, _not_an_input(label)


def _warc_bytes(data: bytes, label: str, published: str | None, max_bytes: int) -> Iterator[Result]:
    """A WARC archive in memory, through the WARC reader (which reads from a file)."""
    handle, name = tempfile.mkstemp(suffix=".warc")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        yield from iter_warc(Path(name), label=label, max_bytes=max_bytes, published=published)
    finally:
        os.unlink(name)


def _sniff_file(path: Path) -> Kind | None:
    """The kind of a file by its first bytes; None when it cannot be read (reported later)."""
    try:
        with path.open("rb") as handle:
            return sniff(handle.read(HEAD_BYTES))
    except OSError:
        return None


def _iter_markup(
    path: Path, label: str, kind: Kind, published: str | None, max_bytes: int, fetcher: Fetcher | None
) -> Iterator[Result]:
    """An HTML page or a feed read from a file."""
    try:
        size = path.stat().st_size
        if size > page_limit(max_bytes):
            raise TooLargeInputError(
                f"{label}: {size:,} bytes is over the {page_limit(max_bytes):,}-byte limit for a page or "
                "feed; raise CLAIMLEDGER_MAX_BYTES if it is one"
            )
        yield from _markup(path.read_bytes(), label, kind, published, max_bytes, fetcher)
    except InputError as err:
        yield label, err
    except OSError as err:
        yield label, MissingInputError(f"{label}: cannot be read ({err.strerror or err})")


def _markup(
    data: bytes, label: str, kind: Kind, published: str | None, max_bytes: int, fetcher: Fetcher | None
) -> Iterator[Result]:
    """An HTML page or a feed; raises :class:`InputError` for the whole input."""
    if len(data) > page_limit(max_bytes):
        raise TooLargeInputError(
            f"{label}: {len(data):,} bytes is over the {page_limit(max_bytes):,}-byte limit for a page or "
            "feed; raise CLAIMLEDGER_MAX_BYTES if it is one"
        )
    if kind is Kind.FEED:
        yield from iter_feed(data, label=label, max_bytes=max_bytes, fetcher=fetcher, published=published)
    else:
        yield label, article_from_html(data, label=label, max_bytes=max_bytes,
                                       hints=PageHints(published=published))


def _iter_url(url: str, fetcher: Fetcher | None, published: str | None, max_bytes: int) -> Iterator[Result]:
    """A URL: fetched, then read as a page or a feed by what came back."""
    if fetcher is None:
        yield url, FetchInputError(f"{url}: fetching is off")
        return
    try:
        page = fetcher.fetch(url)
        kind = sniff(page.body)
        if kind is Kind.FEED:
            yield from iter_feed(page.body, label=url, max_bytes=max_bytes, fetcher=fetcher,
                                 base_url=page.url, published=published)
        elif kind is Kind.HTML:
            yield url, article_from_html(page.body, label=url, max_bytes=max_bytes,
                                         hints=PageHints(url=page.url, published=published))
        else:
            raise ContentTypeInputError(f"{url}: neither a page nor a feed ({page.media_type or kind.value})")
    except InputError as err:
        yield url, err


def _iter_directory(
    path: Path, published: str | None, max_bytes: int, encoding: str, fetcher: Fetcher | None
) -> Iterator[Result]:
    """Files under ``path`` in sorted order, recursively; hidden files and folders skipped."""
    try:
        children = sorted(path.iterdir())
    except OSError as err:
        yield str(path), MissingInputError(f"{path}: cannot list the folder ({err.strerror or err})")
        return
    for child in children:
        if child.name.startswith("."):
            continue
        yield from _iter_path(
            child, str(child), published, max_bytes, encoding, explicit=False, fetcher=fetcher
        )


def iter_jsonl(path: Path, *, published: str | None = None, max_bytes: int) -> Iterator[Result]:
    """One article per line of a JSON Lines file (gzip-compressed when it ends in ``.gz``)."""
    label = str(path)
    if not path.is_file():
        yield label, MissingInputError(f"{label}: no such file")
        return
    opener: Any = gzip.open if label.lower().endswith(".gz") or _starts_with(path, GZIP_MAGIC) else open
    try:
        handle = opener(path, "rb")
    except OSError as err:
        yield label, MalformedInputError(f"{label}: cannot be read to the end ({err})")
        return
    yield from _jsonl_lines(handle, label, published, max_bytes)


def _jsonl_lines(
    handle: io.BufferedIOBase, label: str, published: str | None, max_bytes: int
) -> Iterator[Result]:
    """One result per non-blank line of ``handle`` (closed at the end)."""
    line_limit = max_bytes * JSON_OVERHEAD
    try:
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{label}:{number}"
                if len(line) > line_limit:
                    yield (
                        where,
                        TooLargeInputError(
                            f"{where}: a {len(line):,}-byte line is not one article; "
                            "split it, or raise CLAIMLEDGER_MAX_BYTES"
                        ),
                    )
                    continue
                yield where, _article_from_line(line, where, published, max_bytes)
    except (OSError, EOFError, zlib.error) as err:
        # A truncated or corrupt gzip stream: what was read stands, the rest is reported.
        yield label, MalformedInputError(f"{label}: cannot be read to the end ({err})")


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(magic)) == magic
    except OSError:
        return False


def _article_from_line(
    line: bytes, where: str, published: str | None, max_bytes: int
) -> Article | InputError:
    try:
        record = json.loads(line)
    except UnicodeDecodeError:
        return EncodingInputError(f"{where}: not UTF-8; JSON Lines must be UTF-8")
    except json.JSONDecodeError as err:
        return MalformedInputError(f"{where}: not a JSON object ({err.msg}, column {err.colno})")
    if not isinstance(record, dict):
        return MalformedInputError(f"{where}: a JSON {type(record).__name__}, not an object")
    text = next((record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str)), None)
    if text is None:
        return EmptyInputError(f"{where}: no 'text' or 'maintext' field")
    try:
        text = decode_text(text.encode("utf-8", "surrogatepass"), label=where, max_bytes=max_bytes)
    except InputError as err:
        return err
    except UnicodeEncodeError:
        return EncodingInputError(f"{where}: text holds unpaired surrogates")
    url = clean(record.get("url"))
    date = next((d for d in (iso_day(record.get(f)) for f in DATE_FIELDS) if d), None)
    source_domain = clean(record.get("source_domain")) or domain_of(url)
    return Article(
        text=text,
        source=where,
        url=url,
        title=clean(record.get("title")),
        published=date or published,
        source_domain=source_domain,
        author=next(filter(None, (_names(record.get(f)) for f in AUTHOR_FIELDS)), None),
        site=next(filter(None, (site_name(record.get(f), url, source_domain) for f in SITE_FIELDS)), None),
    )


def _names(value: object) -> str | None:
    """A line's authors: a list of names (news-please) or one string."""
    return join_names(value if isinstance(value, list) else [value])
