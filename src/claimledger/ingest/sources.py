"""Batch inputs -> articles: text files, directories and JSON Lines corpora.

``iter_articles`` yields ``(label, Article | InputError)`` in input order, lazily, so a
corpus of any size streams through in constant memory. A bad input (a missing file, an
empty text, a malformed JSON line) is yielded as a typed error under a label that
pinpoints it (``corpus.jsonl:17``); it never stops the batch.

JSON Lines records follow the news-please / common crawl-news conventions:
``text`` or ``maintext`` (required), ``url``, ``title``, ``published`` or
``date_publish`` (any ISO 8601 date or date-time; the date part is kept) and
``source_domain`` (else taken from the URL's host).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from claimledger.errors import (
    EmptyInputError,
    EncodingInputError,
    InputError,
    MalformedInputError,
    MissingInputError,
    NotAFileInputError,
    TooLargeInputError,
)
from claimledger.ingest.text import decode_text, read_article
from claimledger.types import Article

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text", ".md")
TEXT_FIELDS = ("text", "maintext")
DATE_FIELDS = ("published", "date_publish")
# A JSON line holds one article plus metadata; a line much bigger than the article
# limit is not an article (a dump, a base64 blob) and is refused before json.loads.
JSON_OVERHEAD = 4


Result = tuple[str, Article | InputError]


def iter_articles(
    paths: list[str], *, published: str | None = None, max_bytes: int, encoding: str = "utf-8"
) -> Iterator[Result]:
    """Every article in ``paths`` (files, directories, JSON Lines), in order.

    ``published`` is the default date for inputs that carry none of their own.
    """
    for path in paths:
        yield from _iter_path(Path(path), path, published, max_bytes, encoding, explicit=True)


def _iter_path(
    path: Path, label: str, published: str | None, max_bytes: int, encoding: str, *, explicit: bool
) -> Iterator[Result]:
    if path.is_dir():
        yield from _iter_directory(path, published, max_bytes, encoding)
    elif path.name.lower().endswith(JSONL_SUFFIXES):
        yield from iter_jsonl(path, published=published, max_bytes=max_bytes)
    elif explicit or path.name.lower().endswith(TEXT_SUFFIXES):
        try:
            yield label, read_article(label, published=published, max_bytes=max_bytes, encoding=encoding)
        except InputError as err:
            yield label, err
    else:
        yield (
            label,
            NotAFileInputError(
                f"{label}: not a text or JSON Lines file ({', '.join(TEXT_SUFFIXES + JSONL_SUFFIXES)}); "
                "give it by name to read it as text"
            ),
        )


def _iter_directory(path: Path, published: str | None, max_bytes: int, encoding: str) -> Iterator[Result]:
    """Files under ``path`` in sorted order, recursively; hidden files and folders skipped."""
    try:
        children = sorted(path.iterdir())
    except OSError as err:
        yield str(path), MissingInputError(f"{path}: cannot list the folder ({err.strerror or err})")
        return
    for child in children:
        if child.name.startswith("."):
            continue
        yield from _iter_path(child, str(child), published, max_bytes, encoding, explicit=False)


def iter_jsonl(path: Path, *, published: str | None = None, max_bytes: int) -> Iterator[Result]:
    """One article per line of a JSON Lines file (gzip-compressed when it ends in ``.gz``)."""
    label = str(path)
    if not path.is_file():
        yield label, MissingInputError(f"{label}: no such file")
        return
    opener: Any = gzip.open if label.lower().endswith(".gz") else open
    line_limit = max_bytes * JSON_OVERHEAD
    try:
        with opener(path, "rb") as handle:
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
    url = _string(record.get("url"))
    date = next((d for d in (_date(record.get(f)) for f in DATE_FIELDS) if d), None)
    return Article(
        text=text,
        source=where,
        url=url,
        title=_string(record.get("title")),
        published=date or published,
        source_domain=_string(record.get("source_domain")) or domain_of(url),
    )


def _string(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _date(value: Any) -> str | None:
    """The date part of an ISO 8601 date or date-time (``2025-05-23 10:04:00`` too)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def domain_of(url: str | None) -> str | None:
    """``www.example.com`` -> ``example.com``; None when there is no host."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host
