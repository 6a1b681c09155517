"""What an input is, from its first bytes: HTML, a feed, a WARC archive, JSON Lines or text.

Extensions lie (``story.txt`` saved from a browser is HTML, a crawler's ``.dat`` is WARC), so
the readers are chosen by content. The rules follow the WHATWG MIME Sniffing standard where it
has one (HTML by a known tag at the start, feeds by their root element) and each format's own
magic otherwise (``WARC/1.`` for WARC, gzip's ``1f 8b`` opened to look inside). Each rule looks
at the start of the input only, so a text article that mentions ``<html>`` stays text.
"""

from __future__ import annotations

import json
import re
import zlib
from enum import StrEnum

from claimledger.ingest.text import looks_binary

# Enough for an XML prolog, a doctype and comments before the root element, and for the
# first line of most JSON Lines corpora (a news-please record is 2-20 kB).
HEAD_BYTES = 65536
GZIP_MAGIC = b"\x1f\x8b"


class Kind(StrEnum):
    HTML = "html"
    FEED = "feed"
    WARC = "warc"
    JSONL = "jsonl"
    TEXT = "text"
    BINARY = "binary"


# WHATWG MIME Sniffing, "rules for identifying an unknown MIME type": these tags at the start
# (after whitespace) followed by a space or ">" mean HTML.
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|!--)"
    rb"(?=[\s>])",
    re.IGNORECASE,
)
# Prolog items an XML document may open with before its root element.
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(rb"<([A-Za-z][\w:.-]*)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf"}
_BOM = b"\xef\xbb\xbf"


def sniff(data: bytes) -> Kind:
    """The kind of an input from its first bytes (give at least :data:`HEAD_BYTES` when there are)."""
    head = data[:HEAD_BYTES]
    if head.startswith(GZIP_MAGIC):
        inner = _gunzip_head(head)
        if inner is not None and inner.startswith(b"WARC/"):
            return Kind.WARC
        if inner is not None and _is_json_line(inner):
            return Kind.JSONL
        return Kind.BINARY
    if head.startswith(b"WARC/"):
        return Kind.WARC
    if looks_binary(head):
        return Kind.BINARY
    start = head.removeprefix(_BOM).lstrip()
    if start.startswith(b"<"):
        markup = _markup_kind(start)
        if markup is not None:
            return markup
    if _is_json_line(start):
        return Kind.JSONL
    return Kind.TEXT


def _markup_kind(start: bytes) -> Kind | None:
    """HTML or a feed by the first element after any XML prolog; None for other markup."""
    position = 0
    while match := _PROLOG.match(start, position):
        position = match.end()
    root = _ROOT.match(start[position:].lstrip())
    if root is not None:
        name = root.group(1).lower()
        if name in _FEED_ROOTS:
            return Kind.FEED
        if name == b"html":
            return Kind.HTML
    return Kind.HTML if _HTML_START.match(start) else None


def _is_json_line(start: bytes) -> bool:
    """The first line is a JSON object: an article's text never is."""
    if not start.startswith(b"{"):
        return False
    line, newline, _ = start.partition(b"\n")
    if not newline and len(start) >= HEAD_BYTES:
        return True  # a first line longer than the head: only JSON Lines has those
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _gunzip_head(head: bytes) -> bytes | None:
    try:
        return zlib.decompressobj(wbits=47).decompress(head, 4096)  # 47: gzip or zlib header
    except zlib.error:
        return None
