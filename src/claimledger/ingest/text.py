"""Plain-text inputs: a file path or standard input -> :class:`Article`.

The decoded text is kept exactly (no newline or whitespace normalisation) because every
offset refers to it. Anything that is not readable article text raises a typed
:class:`~claimledger.errors.InputError` whose message fits on one line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import BinaryIO

from claimledger.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingInputError,
    MissingInputError,
    NotAFileInputError,
    TooLargeInputError,
)
from claimledger.types import Article

STDIN = "-"
# Control characters that do not occur in text (NUL, and C0 codes other than tab/newlines/
# form feed). A few in a big file can be noise; this share of the first 8 kB means binary.
_TEXT_CONTROLS = {9, 10, 11, 12, 13}
_BINARY_SHARE = 0.01


def read_article(
    source: str,
    *,
    published: str | None = None,
    max_bytes: int,
    encoding: str = "utf-8",
    stdin: BinaryIO | None = None,
) -> Article:
    """Read one input (a path, or ``-`` for standard input) as an article."""
    if source == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        label = "<stdin>"
    else:
        data = _read_file(Path(source), max_bytes)
        label = source
    text = decode_text(data, label=label, max_bytes=max_bytes, encoding=encoding)
    return Article(text=text, source=label, published=published)


def _read_file(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        raise MissingInputError(f"{path}: no such file")
    if path.is_dir():
        raise NotAFileInputError(f"{path}: is a directory; give the files in it (e.g. {path}/*.txt)")
    if not path.is_file():
        raise NotAFileInputError(f"{path}: not a regular file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLargeInputError(_too_large(str(path), size, max_bytes))
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except PermissionError:
        raise MissingInputError(f"{path}: permission denied") from None
    except OSError as err:
        raise MissingInputError(f"{path}: cannot be read ({err.strerror or err})") from None


def _too_large(label: str, size: int, max_bytes: int) -> str:
    return (
        f"{label}: {size:,} bytes is over the {max_bytes:,}-byte limit for one article; "
        "split it, or raise CLAIMLEDGER_MAX_BYTES"
    )


def decode_text(data: bytes, *, label: str, max_bytes: int, encoding: str = "utf-8") -> str:
    """Bytes -> article text, refusing what is empty, too big, binary or mis-encoded."""
    if len(data) > max_bytes:
        raise TooLargeInputError(_too_large(label, len(data), max_bytes))
    if looks_binary(data):
        raise BinaryInputError(f"{label}: looks like a binary file, not text")
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding
    try:
        text = data.decode(enc)
    except LookupError:
        raise EncodingInputError(f"{label}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as err:
        raise EncodingInputError(
            f"{label}: not valid {encoding} (byte {err.start}); "
            "give the right one with --encoding, e.g. --encoding cp1252"
        ) from None
    if not text.strip():
        raise EmptyInputError(f"{label}: empty, no text to analyse")
    return text


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls / len(head) > _BINARY_SHARE


def expand_sources(sources: list[str]) -> list[str]:
    """Inputs as given; no inputs means standard input. Kept as a function so the
    ingest issue can add directories and globs in one place."""
    return list(sources) if sources else [STDIN]


def is_stdin_tty() -> bool:
    return os.isatty(0)
