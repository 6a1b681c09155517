"""Watching feeds: poll each one, ingest only the entries no earlier poll decided.

One poll (:func:`poll_once`) goes over the feeds in order. Each feed is fetched through
the safe fetcher (ingest/fetch.py) as a conditional GET, with the ETag and Last-Modified
the ledger kept from its last answer (ledger/feeds.py): a 304 means nothing new, and
nothing is parsed or fetched. Otherwise the feed is parsed, entries whose label
(``FEED#LINK``, as ``claimledger ingest FEED`` names them) is already in the ``inputs``
table are passed over without fetching their page, and the others go through the ingest
loop (api/ingest.py). So a restart, or ``ingest`` of the same feed, never ingests an
entry twice.

A feed that is down (refused, timed out, 5xx, not a feed) is logged as a warning and
reported; the other feeds are polled as usual and the down one is tried again next time.
So is an entry whose page was unreachable (``unreachable``: a timeout, a refused
connection, HTTP 429 or 5xx): it is fetched again at each poll while the feed lists it,
and each attempt is recorded; one that failed for good (a 404, a page with no article)
is not.
The validators are kept only after a feed's entries are all decided: a poll cut short by
Ctrl-C, or one that found an entry's page unreachable, asks for the whole feed again rather
than being told 304 about entries never read or to be tried again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from claimledger.api.ingest import ALREADY, SKIPPED, STORED, Outcome, ingest_results
from claimledger.api.interrupt import Interruption
from claimledger.errors import EmptyInputError, InputError, UnreachableInputError
from claimledger.ingest.feed import iter_feed
from claimledger.ingest.fetch import Fetcher
from claimledger.ingest.html import page_limit
from claimledger.ingest.language import check_language
from claimledger.ingest.sniff import Kind, sniff
from claimledger.ingest.sources import Result
from claimledger.ledger import feeds as feed_table
from claimledger.ledger import inputs
from claimledger.ledger.feeds import Validators
from claimledger.ledger.store import Ledger
from claimledger.nlp.pool import Analyse, SpacyAnalyse
from claimledger.settings import Settings
from claimledger.types import Analysis, Article

log = logging.getLogger("claimledger.watch")

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}


def parse_interval(text: str) -> float:
    """Seconds in ``30s``, ``15m``, ``1h`` (or a bare number of seconds); ValueError otherwise."""
    match = _INTERVAL.match(text.lower())
    if match is None or float(match.group(1)) <= 0:
        raise ValueError(f"{text!r} is not an interval such as 30s, 15m or 1h")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


@dataclass(slots=True)
class FeedPoll:
    """What one poll did with one feed."""

    feed: str
    not_modified: bool = False
    stored: int = 0
    already: int = 0
    skipped: int = 0
    seen: int = 0  # entries an earlier poll (or ingest) decided: passed over unfetched
    retried: int = 0  # of the new ones, entries whose page was unreachable before
    unreachable: int = 0  # of the new ones, entries whose page was unreachable now
    error: str | None = None
    interrupted: bool = False

    @property
    def new(self) -> int:
        return self.stored + self.already + self.skipped

    def add(self, outcome: Outcome) -> None:
        if outcome.earlier:
            self.seen += 1
        elif outcome.status == STORED:
            self.stored += 1
        elif outcome.status == ALREADY:
            self.already += 1
        else:
            self.skipped += 1
            self.unreachable += outcome.reason == UnreachableInputError.reason

    def describe(self) -> str:
        """One line: ``3 new (2 stored, 1 skipped), 5 seen``, ``not modified`` or ``down: …``."""
        if self.error is not None:
            return f"down: {self.error}"
        if self.not_modified:
            return "not modified"
        counts = ((self.stored, "stored"), (self.already, "already in the ledger"), (self.skipped, "skipped"))
        parts = [f"{n} {what}" for n, what in counts if n]
        detail = f" ({', '.join(parts)})" if parts else ""
        again = f", {self.retried} of them tried again" if self.retried else ""
        cut = "; interrupted" if self.interrupted else ""
        return f"{self.new} new{detail}{again}, {self.seen} seen{cut}"


@dataclass(slots=True)
class PollReport:
    feeds: list[FeedPoll] = field(default_factory=list)

    @property
    def interrupted(self) -> bool:
        return any(f.interrupted for f in self.feeds)

    @property
    def down(self) -> int:
        return sum(1 for f in self.feeds if f.error is not None)


class WatchState:
    """What lasts from one poll to the next: the fetcher (its per-host pauses), the
    validators read from the ledger, and the analyser (the model is loaded once, and only
    when some entry is new)."""

    def __init__(self, settings: Settings, *, fetcher: Fetcher | None = None, allow_private: bool = False,
                 analyse: Analyse | None = None) -> None:
        self.settings = settings
        limit = page_limit(settings.max_bytes)
        self.fetcher = fetcher or Fetcher(max_bytes=limit, allow_private=allow_private)
        self.validators: dict[str, Validators] | None = None
        self._analyse = analyse

    def analyse(self, articles: list[Article]) -> list[Analysis]:
        if self._analyse is None:
            self._analyse = SpacyAnalyse(self.settings)()
        return list(self._analyse(articles))


def poll_once(
    ledger: Ledger,
    feeds: Sequence[str],
    state: WatchState,
    *,
    interruption: Interruption | None = None,
) -> PollReport:
    """Poll every feed once, in order; a feed that is down does not stop the others.

    With an ``interruption``, Ctrl-C ends the poll after the current entry's transaction
    (``report.interrupted``); without one it raises ``KeyboardInterrupt`` as usual.
    """
    if state.validators is None:
        state.validators = feed_table.load(ledger, list(feeds))
    report = PollReport()
    for feed in feeds:
        polled = _poll_feed(ledger, feed, state, interruption)
        report.feeds.append(polled)
        if polled.error is not None:
            log.warning("%s: %s", feed, polled.describe())
        else:
            log.info("%s: %s", feed, polled.describe())
        if polled.interrupted:
            break
    return report


def _poll_feed(ledger: Ledger, feed: str, state: WatchState, interruption: Interruption | None) -> FeedPoll:
    assert state.validators is not None
    polled = FeedPoll(feed)
    before = state.validators.get(feed, Validators())
    try:
        fetched = state.fetcher.fetch(feed, etag=before.etag, last_modified=before.last_modified)
    except InputError as err:
        polled.error = str(err)
        return polled
    if fetched.not_modified:
        polled.not_modified = True
        return polled
    if sniff(fetched.body) is not Kind.FEED:
        polled.error = f"{feed}: not an RSS or Atom feed ({fetched.media_type or 'no type'})"
        return polled

    def wanted(label: str) -> bool:
        before = inputs.decided(ledger, [label]).get(label)
        if before is None:
            return True
        if before.status == SKIPPED and before.reason == UnreachableInputError.reason:
            polled.retried += 1  # may work now: the ingest loop records this attempt too
            return True
        polled.seen += 1
        return False

    def entries() -> Iterator[Result]:
        for label, item in iter_feed(fetched.body, label=feed, max_bytes=state.settings.max_bytes,
                                     fetcher=state.fetcher, base_url=fetched.url, wanted=wanted):
            if label == feed:  # the feed itself, not an entry: unreadable, or no entries
                if not isinstance(item, EmptyInputError):
                    polled.error = str(item)
                continue
            yield label, check_language(item) if isinstance(item, Article) else item

    try:
        for outcome in ingest_results(ledger, entries(), settings=state.settings, analyse=state.analyse,
                                      interruption=interruption):
            polled.add(outcome)
    except KeyboardInterrupt:
        if interruption is None:
            raise
        polled.interrupted = True
    polled.interrupted = polled.interrupted or bool(interruption and interruption.requested)
    # Kept only when every entry is decided for good: an unreachable one must not be hidden
    # behind a 304 at the next poll.
    if not polled.interrupted and polled.error is None and not polled.unreachable:
        validators = Validators(fetched.etag, fetched.last_modified)
        feed_table.save(ledger, feed, validators)
        state.validators[feed] = validators
    return polled
