"""claimledger: who said what, about which event, and whether it holds up."""

from claimledger.types import (
    SCHEMA,
    Analysis,
    AnalysisWarning,
    Article,
    Entity,
    Quote,
    QuoteKind,
    Span,
    Speaker,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Analysis",
    "AnalysisWarning",
    "Article",
    "Entity",
    "Quote",
    "QuoteKind",
    "Span",
    "Speaker",
    "__version__",
]
