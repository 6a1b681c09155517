"""WARC archives (``.warc``, ``.warc.gz``, as in Common Crawl's CC-NEWS) -> articles.

Each record is one result, labelled ``archive.warc.gz#<byte offset of the record>``, so a
skip points at the record and a re-run passes over what was decided. Only ``response``
records of an HTML page with HTTP 200 are read (with :mod:`claimledger.ingest.html`); the
URL comes from ``WARC-Target-URI`` and, when the page states no date, the capture day from
``WARC-Date``. Other records (``warcinfo``, ``request``, ``metadata``, ``revisit``, images,
redirects) are skipped with reason ``record_type``.

A truncated or corrupt record ends the archive: the records before it stand, and one
``malformed`` result says where reading stopped. warcio does not notice every truncation
(a gzip member cut off at the end reads as a clean end of file), so two checks are made
here: a record whose body is shorter than its ``Content-Length``, and bytes left over after
the last whole record.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimledger.errors import (
    InputError,
    MalformedInputError,
    MissingInputError,
    TooLargeInputError,
    UnsupportedRecordInputError,
)
from claimledger.ingest.fetch import HTML_TYPES
from claimledger.ingest.html import PageHints, article_from_html, page_limit
from claimledger.ingest.meta import clean, iso_day
from claimledger.ingest.sniff import Kind, sniff
from claimledger.types import Article

Result = tuple[str, Article | InputError]

# What warcio raises on a broken archive: its own error for a bad header, and, for some
# truncated gzip members, errors from deep inside (an AttributeError on a None line).
_BROKEN: tuple[type[BaseException], ...] = (
    OSError, EOFError, zlib.error, ValueError, AttributeError, IndexError,
)
# Between and after records a WARC has blank lines (CRLF CRLF); more than that is not a record.
_TRAILER_BYTES = 64


def iter_warc(path: Path, *, label: str, max_bytes: int, published: str | None = None) -> Iterator[Result]:
    """One result per record of the WARC file at ``path``, in file order, streamed."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    broken = (ArchiveLoadFailed, *_BROKEN)
    try:
        handle = path.open("rb")
    except OSError as err:
        yield label, MissingInputError(f"{label}: cannot be read ({err.strerror or err})")
        return
    with handle:
        archive = ArchiveIterator(handle)
        records = iter(archive)
        end = 0  # where the last whole record ended
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except broken as err:
                yield _stopped(label, end, err)
                return
            try:
                body = _read_body(record, max_bytes)
                offset = archive.get_record_offset()
                end = offset + archive.get_record_length()
            except broken as err:
                yield _stopped(label, end, err)
                return
            where = f"{label}#{offset}"
            if record.raw_stream.limit > 0:  # the body ended before its Content-Length
                yield where, MalformedInputError(
                    f"{where}: the record is truncated ({record.raw_stream.limit:,} bytes missing); "
                    "the records before it were read"
                )
                return
            yield where, _article_or_skip(record, body, where, max_bytes, published)
        handle.seek(end)
        if handle.read(_TRAILER_BYTES).strip():
            yield _stopped(label, end, None)


def _read_body(record: Any, max_bytes: int) -> bytes | None:
    """The HTTP body of a response record, read to one byte past the limit; None for others."""
    if record.rec_type != "response":
        return None
    return bytes(record.content_stream().read(page_limit(max_bytes) + 1))


def _article_or_skip(
    record: Any, body: bytes | None, where: str, max_bytes: int, published: str | None
) -> Article | InputError:
    if record.rec_type != "response" or body is None:
        return UnsupportedRecordInputError(f"{where}: a {record.rec_type} record, not a response")
    headers = record.http_headers
    if headers is None:
        return UnsupportedRecordInputError(f"{where}: a response record without an HTTP response")
    status = headers.get_statuscode()
    if status != "200":
        return UnsupportedRecordInputError(f"{where}: an HTTP {status} response, not a page")
    media_type = (headers.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    if media_type not in HTML_TYPES and not (media_type in {"", "text/plain"} and sniff(body) is Kind.HTML):
        return UnsupportedRecordInputError(f"{where}: a response of {media_type or 'no type'}, not HTML")
    if len(body) > page_limit(max_bytes):
        return TooLargeInputError(
            f"{where}: a page over {page_limit(max_bytes):,} bytes; "
            "raise CLAIMLEDGER_MAX_BYTES if it is an article"
        )
    warc = record.rec_headers
    hints = PageHints(
        url=clean(warc.get_header("WARC-Target-URI")),
        published=iso_day(warc.get_header("WARC-Date")) or published,
    )
    try:
        return article_from_html(body, label=where, max_bytes=max_bytes, hints=hints)
    except InputError as err:
        return err


def _stopped(label: str, end: int, err: BaseException | None) -> Result:
    where = f"{label}#{end}"
    why = f" ({type(err).__name__}: {str(err).splitlines()[0][:120] if str(err) else ''})" if err else ""
    return where, MalformedInputError(
        f"{where}: a truncated or corrupt record{why}; the records before it were read, the rest cannot be"
    )
