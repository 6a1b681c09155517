"""Analyze without a ledger: inputs -> one result per article, in input order, streaming.

``claimledger analyze`` reads what ``ingest`` reads (:func:`read_inputs`: files by content,
folders, URLs; ``-`` is standard input, plain text as it always was) and hands each article
to :func:`analyse_inputs`, which parses :data:`BATCH` at a time, in this process or in
``processes`` worker processes (:mod:`claimledger.nlp.pool`) that parse the next batches
while this one is written. A result is the article's record, or the error that kept it out:
an input that could not be read, or an article the pipeline failed on. A missing model is
raised, since then nothing can be analysed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby, islice

from claimledger.errors import AnalysisFailedError, ClaimledgerError, InputError
from claimledger.ingest.sources import iter_articles
from claimledger.ingest.text import STDIN, read_article
from claimledger.nlp.pool import InProcess, Pending, Record, Results, Run, SpacyAnalyse, Workers
from claimledger.settings import Settings
from claimledger.types import Article

# Articles read and parsed at a time: enough for nlp.pipe to batch, few enough that output
# starts at once and memory stays flat over a corpus of any size.
BATCH = 32

Item = tuple[str, Article | InputError]
Result = tuple[str, Record | ClaimledgerError]


def read_inputs(
    paths: list[str],
    *,
    max_bytes: int,
    published: str | None = None,
    encoding: str = "utf-8",
    allow_private: bool = False,
) -> Iterator[Item]:
    """``(label, article or why not)`` for every article in ``paths``, in order, lazily.

    ``-`` is standard input, read as plain text under the label ``-`` (its article's source
    is ``<stdin>``). Everything else goes through ingest's readers
    (:func:`claimledger.ingest.sources.iter_articles`), the paths between two ``-`` in one
    call so that fetching keeps its per-host pauses.
    """
    for stdin, group in groupby(paths, key=lambda path: path == STDIN):
        if not stdin:
            yield from iter_articles(list(group), published=published, max_bytes=max_bytes,
                                     encoding=encoding, allow_private=allow_private)
            continue
        for label in group:
            try:
                yield label, read_article(label, published=published, max_bytes=max_bytes, encoding=encoding)
            except InputError as err:
                yield label, err


def analyse_inputs(
    items: Iterable[Item],
    *,
    settings: Settings,
    processes: int = 1,
    make_analyse: Callable[[], Run] | None = None,
) -> Iterator[Result]:
    """One result per item, in order: the article's record, or its error.

    ``make_analyse`` makes the analyser (picklable: with ``processes`` > 1 each worker calls
    it once); its results' ``to_dict()`` are the records. The default is the spaCy pipeline
    of ``settings``, loaded only when some item is an article. A batch's results come out
    once it is parsed, while the workers go on with the next ones.
    """
    if processes < 1:
        raise ValueError(f"processes must be 1 or more, not {processes}")
    make = make_analyse or SpacyAnalyse(settings)
    backend: InProcess | Workers = InProcess(make) if processes == 1 else Workers(make, processes)
    with backend:
        window: deque[_Batch] = deque()
        for chunk in _chunks(items, BATCH):
            window.append(_Batch.submit(chunk, backend))
            while len(window) > backend.lookahead:
                yield from window.popleft().results()
        while window:
            yield from window.popleft().results()


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    stream = iter(items)
    while chunk := list(islice(stream, size)):
        yield chunk


@dataclass(slots=True)
class _Batch:
    """Items read and submitted; ``parts[i]`` holds the records of ``where[i]``'s articles."""

    items: list[Item]
    where: list[int]  # per item: the submission its article went to (-1: not an article)
    parts: list[Pending]

    @classmethod
    def submit(cls, items: list[Item], backend: InProcess | Workers) -> _Batch:
        # The pool hands records back by article id, which is the text's hash: an article with
        # the same text as another one of the batch but another label or date goes to a
        # submission of its own, so that each input's record is its own. An equal article
        # (the same file named twice) is parsed once.
        groups: list[dict[str, Article]] = []
        where: list[int] = []
        for _, item in items:
            if not isinstance(item, Article):
                where.append(-1)
                continue
            free = (n for n, group in enumerate(groups) if group.get(item.id, item) == item)
            place = next(free, len(groups))
            if place == len(groups):
                groups.append({})
            groups[place][item.id] = item
            where.append(place)
        return cls(items, where, [backend.submit(list(group.values())) for group in groups])

    def results(self) -> Iterator[Result]:
        records: list[Results] = [part.get() for part in self.parts]
        for (label, item), place in zip(self.items, self.where, strict=True):
            if isinstance(item, InputError):
                yield label, item
                continue
            result = records[place].get(item.id)
            if result is None:  # cannot happen; never print a made-up record
                result = AnalysisFailedError(f"{label}: no analysis came back")
            yield label, result
