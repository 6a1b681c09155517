"""Which language an article is in, offline: English goes on, others are skipped (``language``).

The pipeline (an English spaCy model, English cue verbs and patterns) reads English only;
a French article would come out as a ledger of nonsense quotes, so it is refused up front.

The identifier is py3langid (langid.py's naive Bayes model over byte n-grams, 97 languages,
its model inside the 4.6 MB wheel, numpy only). Measured here: 0.5 s to load once, then
about 0.5 ms for a 2,400-character article (~4.7 MB/s). lingua-language-detector is more
accurate on very short texts but is a 96 MB wheel; articles are long enough for langid.

Short texts are not judged: below :data:`MIN_CHARS` letters the identifier guesses
("One article." comes out Norwegian Nynorsk at 10%), so they are kept. A text is refused only
when the identifier is confident (:data:`MIN_CONFIDENCE`) it is not English.
"""

from __future__ import annotations

import threading
from typing import Any

from claimledger.errors import LanguageInputError
from claimledger.types import Article

READ = ("en",)
# Fewer letters than this and the identifier's answer is a guess; the text is kept.
MIN_CHARS = 100
# Probability (normalised over the languages) above which a non-English answer is believed.
MIN_CONFIDENCE = 0.9
# The first 5,000 characters decide: enough for a confident answer, and a long article
# costs no more than a short one.
SAMPLE_CHARS = 5000

_identifier: Any = None
_lock = threading.Lock()


def identify(text: str) -> tuple[str, float]:
    """``(ISO 639-1 code, probability)`` for ``text``, e.g. ``("fr", 0.998)``."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    language, probability = _identifier.classify(text[:SAMPLE_CHARS])
    return str(language), float(probability)


def check_language(article: Article) -> Article | LanguageInputError:
    """The article itself, or a ``language`` error when it is confidently not English."""
    sample = article.text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_CHARS:
        return article
    language, probability = identify(sample)
    if language in READ or probability < MIN_CONFIDENCE:
        return article
    return LanguageInputError(
        f"{article.source}: in language {language!r} ({probability:.0%} sure), not English; "
        "only English articles are analysed for now"
    )
