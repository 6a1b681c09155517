"""Where the public corpora are looked for, the same way for each of them.

A corpus is not part of the project (see ``shared/data/README.md``). It is looked up in
the folder given as an argument, else ``$CLAIMLEDGER_DATA``, else ``../shared/data`` from
the working directory, else ``shared/data`` next to the repository; the folder may hold
the corpus's own folder (``meantime/``, ``polnear/``) or be that folder itself. When none
has it, :class:`CorpusNotFoundError` says where it looked, so tests and CI can skip clearly.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from claimledger.errors import CorpusNotFoundError

ENV_VAR = "CLAIMLEDGER_DATA"


def default_data_dirs() -> list[Path]:
    """Where the corpora are looked for when no folder is given, in order."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return [Path(env)]  # an explicit setting is not second-guessed
    repo_side = Path(__file__).resolve().parents[3].parent / "shared" / "data"
    return [Path.cwd().parent / "shared" / "data", repo_side]


def find_corpus(name: str, title: str, holds: Callable[[Path], bool],
                data_dir: str | Path | None = None) -> Path:
    """The folder of corpus ``name`` (``<base>/<name>`` or ``<base>`` itself, the first that
    ``holds`` it), or :class:`CorpusNotFoundError` naming where it looked (``title`` is the
    corpus's name as people write it: "MEANTIME")."""
    candidates = [Path(data_dir)] if data_dir is not None else default_data_dirs()
    for base in candidates:
        for folder in (base / name, base):
            if holds(folder):
                return folder
    looked = ", ".join(str(c) for c in candidates)
    raise CorpusNotFoundError(
        f"{title} not found (looked in {looked}): give a data folder (--data-dir) or set {ENV_VAR} "
        f"to the folder that holds {name}/ (see shared/data/README.md)"
    )
