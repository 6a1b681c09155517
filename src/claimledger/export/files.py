"""Atomic output: a failed export never leaves a half-written file.

Each file is written under a hidden temporary name in its final folder (same filesystem,
so the rename is atomic), flushed to disk, and renamed into place only when *every* file of
the export is complete. On an error the temporary files are removed and whatever the
folder held before is untouched. Standard output (``-``) cannot be taken back: what was
written before an error stays written.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from claimledger.errors import ExportError

STDOUT = "-"


class StagedFiles:
    """Files written under temporary names in ``folder``, renamed into place together."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pending: list[tuple[Path, Path]] = []  # (temporary, final)

    def path(self, name: str) -> Path:
        """A fresh temporary path that becomes ``folder/name`` on commit."""
        temporary = self.folder / f".{name}.{secrets.token_hex(4)}.tmp"
        self.pending.append((temporary, self.folder / name))
        return temporary

    def open_text(self, name: str, newline: str | None = None) -> IO[str]:
        # "x": never write over anything; the token makes a clash all but impossible.
        return self.path(name).open("x", encoding="utf-8", newline=newline)

    def commit(self) -> None:
        for temporary, _ in self.pending:
            sync(temporary)
        for temporary, final in self.pending:
            os.replace(temporary, final)
        self.pending.clear()

    def discard(self) -> None:
        for temporary, _ in self.pending:
            temporary.unlink(missing_ok=True)
        self.pending.clear()


def sync(path: Path) -> None:
    """Flush a closed file's data to disk, so the rename never exposes an empty file after a crash."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def staged(folder: Path) -> Iterator[StagedFiles]:
    """Write files into ``folder`` (created if needed) all-or-nothing."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output folder {folder}: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise ExportError(f"{folder} is not a folder; give --output a folder for this format")
    files = StagedFiles(folder)
    try:
        yield files
    except OSError as exc:  # disk full, permissions: nothing of this export is kept
        files.discard()
        raise ExportError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    except BaseException:
        files.discard()
        raise
    try:
        files.commit()
    except OSError as exc:
        files.discard()
        raise ExportError(f"cannot write into {folder}: {exc.strerror or exc}") from None


@contextmanager
def output_text(target: str | Path) -> Iterator[IO[str]]:
    """One text file written atomically, or standard output for ``-``."""
    if str(target) == STDOUT:
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(target)
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give --output a file name for this format")
    with staged(path.parent) as files, files.open_text(path.name) as handle:
        yield handle
