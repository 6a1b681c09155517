"""Article -> :class:`Analysis`: the one entry point the CLI, batches and evaluation use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

import claimledger
from claimledger.nlp import components  # noqa: F401  (registers the Doc extensions)
from claimledger.nlp.model import cached_pipeline
from claimledger.settings import Settings, get_settings
from claimledger.types import Analysis, Article

# nlp.pipe batch size: 32 news articles keep the parser busy without holding many docs.
BATCH_SIZE = 32


class Analyzer:
    """Holds one loaded pipeline; ``analyze``/``analyze_many`` turn articles into records."""

    def __init__(self, settings: Settings | None = None, nlp: Language | None = None) -> None:
        self.settings = settings or get_settings()
        self.nlp = nlp if nlp is not None else cached_pipeline(self.settings.model)
        # Our own size limit is enforced on input; spaCy's must not be stricter.
        self.nlp.max_length = max(self.nlp.max_length, self.settings.max_bytes + 1)
        meta = self.nlp.meta
        self.pipeline_info = {
            "model": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
            "model_version": str(meta.get("version", "")),
            "claimledger": claimledger.__version__,
        }

    def analyze(self, article: Article) -> Analysis:
        return self.to_analysis(article, self.nlp(self.make_doc(article)))

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyses in input order, through ``nlp.pipe`` (one model, batched)."""
        stream = ((self.make_doc(a), a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=BATCH_SIZE):
            yield self.to_analysis(article, doc)

    def make_doc(self, article: Article) -> Doc:
        """The tokenised article, carrying its publication date for the components that
        normalise time against it (``doc._.claimledger_published``, ISO date or None)."""
        doc = self.nlp.make_doc(article.text)
        doc._.claimledger_published = article.published
        return doc

    def to_analysis(self, article: Article, doc: Doc) -> Analysis:
        return Analysis(
            article=article,
            entities=tuple(doc._.claimledger_entities or ()),
            quotes=tuple(doc._.claimledger_quotes or ()),
            claims=tuple(doc._.claimledger_claims or ()),
            events=tuple(doc._.claimledger_events or ()),
            times=tuple(doc._.claimledger_times or ()),
            warnings=tuple(doc._.claimledger_warnings or ()),
            pipeline=dict(self.pipeline_info),
        )
