"""The same real event reported by different articles (cross-document event coreference).

Input is what the ledger stores for an event, as an :class:`EventRef`: its type, trigger
word, date, participants, places and factuality, the article's publication date and,
optionally, the names the article mentions most (its *context*). Nothing here parses
text: linking runs on stored rows, so re-linking never re-parses.

:func:`compare` weighs general signals, each written into the evidence:

1. **What happened** (required): the same trigger word (lemma, then a light stem, so
   "shooting" and "shoot" agree) or the same vocabulary type (docs/events.md: "bombing"
   and "attack" are both ``attack``). With neither, two events are never linked. Speech
   events ("said", "told") are everyday and never one event by their word alone: they
   need a shared participant (the speaker).
2. **When**: the event's own date, else the article's publication date. The same day
   counts for, a few days apart counts a little, and dates further apart than
   :data:`DATE_WINDOW` days rule the link out (a second earthquake is not the first one).
3. **Who and where**: shared participants and places count for; when both events name
   participants and none is shared, that counts against. Names are compared folded
   (case, accents, possessives, a leading "the", dots in "U.S."), a surname matches the
   full name ("Lohan" / "Lindsay Lohan"), and a demonym its country ("Ukrainian" /
   "Ukraine") through a shared stem.
4. **What the articles are about**: articles reporting the same event name the same
   people and places; a shared context name counts for, none at all counts against. The
   sentences that report the two events count by the share of the shorter one's content
   words found in the other (:func:`sentence_words`).
5. **Factuality**: a negated event is not the same as one that happened.

The signals add up as log-odds (weights in :data:`WEIGHTS`); the confidence is their
logistic, and two events are the same when it reaches :data:`THRESHOLD`.

:func:`cluster` groups many events: candidates share a blocking key
(:func:`blocking_keys`: trigger stem or type, with the week, ±1 week, so two events more
than about two weeks apart are never compared), each candidate pair is compared once, and
clusters are merged by average linkage over the compared pairs (a pair that was compared
and not linked counts 0), best first, while the average reaches the threshold. Average
linkage keeps one loose link from chaining two events together. A block larger than
:data:`MAX_BLOCK` compares each event only with its :data:`NEIGHBOURS` nearest in date
order, so the work grows with the number of events, not its square.

The ledger links one event at a time instead, as articles arrive: each joins the cluster
of its best earlier match (:func:`best_match`) or starts one. :func:`link_in_order` does
the same over a list, for evaluation: on ECB+ both score alike (docs/linking.md).
"""

from __future__ import annotations

import heapq
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from claimledger.linking.choice import R, best
from claimledger.nlp.lexicon import SPEECH_VERBS

Key = tuple[str, str]

THRESHOLD = 0.5
# The article's most mentioned names that stand for its context (the "context" signal).
CONTEXT_NAMES = 6
DATE_WINDOW = 14  # days: events further apart than this are different events
NEAR_DAYS = 3
MAX_BLOCK = 100
NEIGHBOURS = 20
# Log-odds weights of the signals, set by hand and checked on ECB+ topics 1-35 (the
# development data; docs/linking.md has the figures): a search over +-1 around each weight
# moved the CoNLL F1 there by less than 0.2 points, so they stay round.
WEIGHTS: dict[str, float] = {
    "same_lemma": 0.5,
    "same_stem": 0.2,
    "same_type": -0.5,
    "same_day": 1.0,
    "near_day": 0.5,
    "shared_participant": 1.5,
    "participant_conflict": -1.0,
    "shared_place": 1.0,
    "place_conflict": -0.3,
    "shared_context": 0.8,
    "more_context": 0.4,  # each further shared context name, up to two
    "context_conflict": -1.5,
    "factuality_conflict": -1.5,
    "shared_words": 1.5,  # times the share of the shorter sentence's words in the other
    "base": -0.3,
}


@dataclass(frozen=True, slots=True)
class EventRef:
    """One event as the ledger stores it, reduced to what linking compares.

    ``key`` is ``(article_id, event_id)``; ``type`` the vocabulary type (None outside the
    vocabulary); ``trigger`` the trigger as written and ``lemma`` its base form; ``date``
    the ISO date the event's time begins and ``published`` the article's date (either may
    be None); ``participants`` and ``places`` are names; ``context`` the names the article
    mentions most, most mentioned first, and ``words`` the content words of the sentence
    that reports the event (:func:`sentence_words`; both may be empty).
    """

    key: Key
    type: str | None
    trigger: str
    lemma: str
    date: str | None = None
    published: str | None = None
    participants: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    factuality: str | None = None
    context: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    def __hash__(self) -> int:
        # The key names the event: hashing it alone is consistent with the generated
        # equality (equal refs have equal keys), and profile()'s memo is asked twice per
        # comparison, where hashing all eleven fields was a sixth of comparing.
        return hash(self.key)

    @classmethod
    def from_ledger_row(cls, event_row: Mapping[str, Any], time_begin: str | None, published: str | None,
                        *, context: Iterable[str] = (), text: str | None = None) -> EventRef:
        """From a row of the ledger's ``events`` table (``participants`` and ``places`` as
        the JSON text stored there or already decoded: lists of dicts with a ``name``), the
        ``begin`` of its ``times`` row and the article's ``published`` date. ``context``:
        the article's entity names, most mentioned first, when the caller has them;
        ``text``: the article's text, to read the words of the trigger's sentence."""
        trigger = str(event_row.get("trigger_text") or "")
        start, end = event_row.get("trigger_start"), event_row.get("trigger_end")
        words = sentence_words(text, start, end) if text and isinstance(start, int) and isinstance(end, int) \
            else ()
        return cls(
            key=(str(event_row["article_id"]), str(event_row["id"])),
            type=event_row.get("type") or None,
            trigger=trigger,
            lemma=trigger_lemma(trigger),
            date=time_begin or None,
            published=published or None,
            participants=_names(event_row.get("participants")),
            places=_names(event_row.get("places")),
            factuality=event_row.get("factuality") or None,
            context=tuple(context),
            words=words,
        )


@dataclass(frozen=True, slots=True)
class EventLink:
    """Two events judged the same: ``confidence`` in [0, 1] and the evidence, in words."""

    a: Key
    b: Key
    confidence: float
    evidence: tuple[str, ...]


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = json.loads(value or "[]")
    out = []
    for item in value or ():
        name = item.get("name") if isinstance(item, Mapping) else item
        if isinstance(name, str) and name.strip():
            out.append(name.strip())
    return tuple(dict.fromkeys(out))


# -- words and names -------------------------------------------------------------------------

def _word_list(text: str) -> frozenset[str]:
    """A word list written as running text (easier to read and edit than a list)."""
    return frozenset(text.split())


_PARTICLES = frozenset({"down", "up", "off", "out", "in", "on", "over", "back", "away", "into"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SUFFIXES = ("ments", "ment", "ings", "ing", "ions", "ion", "ies", "ied", "ed", "es", "s", "e")
_MIN_STEM = 3


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, accents removed, curly apostrophes straightened (memoised: names and
    triggers recur in every comparison)."""
    if text.isascii():  # nothing to decompose: the same result, much faster on a sentence
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("’", "'")


def trigger_lemma(trigger: str) -> str:
    """A base form for a stored trigger without a parser: its head word (the last word of a
    noun compound, "rail strike" -> "strike"; the verb of a phrasal verb, "step down" ->
    "step"), folded. :func:`stem` then joins the inflections."""
    tokens = _WORD.findall(fold(trigger))
    if not tokens:
        return ""
    if len(tokens) == 2 and tokens[1] in _PARTICLES:
        return tokens[0]
    return tokens[-1]


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stemmer: inflections and the commonest derivations meet
    ("shootings", "shooting", "shoot"; "announcement", "announced"; "nomination",
    "nominated"). It never needs a dictionary and errs on the side of keeping words apart.
    Memoised: every event's sentence is stemmed word by word, and news repeats its words."""
    word = fold(word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                base += "y"
            if len(base) > _MIN_STEM and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # "stopped" -> "stopp" -> "stop"
            elif suffix.startswith("ment") and base.endswith("e") and len(base) > _MIN_STEM + 1:
                base = base[:-1]  # "announcement" -> "announce" -> "announc", as "announced"
            return base
    return word


# Function words and the commonest reporting words: they say how, not what.
_STOPWORDS = _word_list("""
    a an the and or but nor so yet of to in on at by for from with without into onto over under about
    above below between among through during before after since until upon within as than then
    this that these those it its they them their he him his she her we us our you your i me my
    who whom whose which what when where why how there here is are was were be been being am has
    have had do does did will would shall should can could may might must also just only very
    more most less much many some any all each every both either other such no not own same too
    if while though although because whether up down out off again once said says say told tell
    according one two three new
    """)
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[\"'“‘(]?[A-Z0-9])|\n")


def sentence_words(text: str, start: int, end: int) -> tuple[str, ...]:
    """The content words of the sentence around ``text[start:end]`` (a trigger), stemmed,
    without the trigger's own words: what the sentence says about the event ("Lohan",
    "Malibu", "rehab" for "Lohan checked into a Malibu rehab facility")."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    found = _SENTENCE_END.search(text, end)
    right = found.start() if found else len(text)
    own = {stem(w) for w in _WORD.findall(fold(text[start:end]))}
    out = [stem(w) for w in _WORD.findall(fold(text[left:right]))
           if w not in _STOPWORDS and len(w) > 2 and not w.isdigit()]
    return tuple(w for w in dict.fromkeys(out) if w not in own)


_NAME_FILLERS = frozenset({"the", "a", "an"})
_DEMONYM_SUFFIXES = ("ian", "ean", "ese", "ish", "an", "i")
_COUNTRY_SUFFIXES = ("ia", "ey", "a", "e", "y")


def name_words(name: str) -> tuple[str, ...]:
    """A name's words, folded: possessives, dots ("U.S." -> "us") and a leading article go."""
    text = fold(name).replace(".", "")
    words = [w[:-2] if w.endswith("'s") else w.rstrip("'") for w in _WORD.findall(text)]
    while words and words[0] in _NAME_FILLERS:
        words = words[1:]
    return tuple(w for w in words if w)


@lru_cache(maxsize=1 << 14)
def _country_stem(word: str) -> str | None:
    """The stem a demonym shares with its country ("ukrainian", "ukraine" -> "ukrain")."""
    for suffix in (*_DEMONYM_SUFFIXES, *_COUNTRY_SUFFIXES):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return None


def names_match(one: Sequence[str], other: Sequence[str]) -> bool:
    """Whether two names (as :func:`name_words`) name the same thing: equal; one the other's
    final words or all in it with the same last word ("lohan" / "lindsay lohan"); or two
    single words that are a demonym and its country ("ukrainian" / "ukraine")."""
    if not one or not other:
        return False
    if one == other:
        return True
    short, long = (one, other) if len(one) < len(other) else (other, one)
    if len(short) < len(long) and short[-1] == long[-1] and set(short) <= set(long):
        return True
    if len(one) == len(other) == 1:
        a, b = one[0], other[0]
        demonym = a.endswith(_DEMONYM_SUFFIXES) or b.endswith(_DEMONYM_SUFFIXES)
        stem_a, stem_b = _country_stem(a), _country_stem(b)
        return demonym and stem_a is not None and stem_a == stem_b
    return False


def _shared(ours: tuple[tuple[str, tuple[str, ...]], ...],
            theirs: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, ...]:
    """Our names (as written) that match one of theirs."""
    return tuple(name for name, words in ours if any(names_match(words, other) for _, other in theirs))


@dataclass(frozen=True, slots=True, eq=False)
class _Names:
    """A profile's names, one object for equal names (:func:`_interned`): compared and
    hashed by identity, so :func:`_shared_names`' memo hashes two pointers, not two tuples
    of tuples of strings (three times a comparison)."""

    names: tuple[tuple[str, tuple[str, ...]], ...]

    def __bool__(self) -> bool:
        return bool(self.names)


@lru_cache(maxsize=1 << 16)
def _interned(names: tuple[tuple[str, tuple[str, ...]], ...]) -> _Names:
    # Equal names give one object while they are in this memo; after it forgets them,
    # another object: a miss in _shared_names' memo, never a wrong answer.
    return _Names(names)


@lru_cache(maxsize=1 << 16)
def _shared_names(ours: _Names, theirs: _Names) -> tuple[str, ...]:
    """:func:`_shared` of two profiles' names. Cached: articles of one story name the same
    people, so the ledger asks the same pairs again (a third of linking's event time,
    measured)."""
    return _shared(ours.names, theirs.names)


# -- profiles: what compare reads, computed once per event -------------------------------------

@dataclass(frozen=True, slots=True)
class _Profile:
    ref: EventRef
    lemma: str
    stem: str
    speech: bool
    day: int | None  # ordinal of the event's date, else of the publication date
    dated: bool  # the day is the event's own date
    participants: _Names
    places: _Names
    context: _Names
    words: frozenset[str]


def _day(value: str | None) -> int | None:
    if not value:
        return None
    match = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)).toordinal()
    except ValueError:
        return None


def _named(names: Iterable[str]) -> _Names:
    return _interned(tuple((n, w) for n in names for w in [name_words(n)] if w))


@lru_cache(maxsize=1 << 14)
def profile(ref: EventRef) -> _Profile:
    lemma = fold(ref.lemma or trigger_lemma(ref.trigger))
    own = _day(ref.date)
    return _Profile(
        ref=ref, lemma=lemma, stem=stem(lemma), speech=lemma in SPEECH_VERBS,
        day=own if own is not None else _day(ref.published), dated=own is not None,
        participants=_named(ref.participants), places=_named(ref.places), context=_named(ref.context),
        words=frozenset(ref.words),
    )


# -- comparing two events --------------------------------------------------------------------

def compare(a: EventRef, b: EventRef) -> EventLink | None:
    """Whether two events are the same real event: an :class:`EventLink` when the
    confidence reaches :data:`THRESHOLD`, else None."""
    link = _judge(profile(a), profile(b))
    return link if link is not None and link.confidence >= THRESHOLD else None


def confidence(a: EventRef, b: EventRef) -> float | None:
    """``compare(a, b).confidence`` without its evidence written out (None where compare
    gives None): a linker scores every candidate, and needs the words of the best only
    (writing them out for each was a third of comparing, measured)."""
    found = _confidence(profile(a), profile(b), None)
    return found if found is not None and found >= THRESHOLD else None


def _judge(a: _Profile, b: _Profile, *, explain: bool = True) -> EventLink | None:
    """The confidence and evidence for two events, or None when a signal rules the link
    out (no trigger or type in common, dates too far apart, speech without a speaker).
    ``explain=False``: the same confidence, with no evidence written out."""
    evidence: list[str] | None = [] if explain else None
    found = _confidence(a, b, evidence)
    if found is None:
        return None
    return EventLink(a.ref.key, b.ref.key, found, tuple(evidence or ()))


def _confidence(a: _Profile, b: _Profile, evidence: list[str] | None) -> float | None:
    """:func:`_judge`'s confidence, rounded to 4 places; the reasons are appended to
    ``evidence`` unless it is None (scoring only: no string is made)."""
    if a.ref.key == b.ref.key:
        return None
    w = WEIGHTS
    score = w["base"]
    same_type = a.ref.type is not None and a.ref.type == b.ref.type
    if a.lemma and a.lemma == b.lemma:
        score += w["same_lemma"]
        if evidence is not None:
            evidence.append(f"same trigger {a.lemma!r}")
    elif a.stem and a.stem == b.stem:
        score += w["same_stem"]
        if evidence is not None:
            evidence.append(f"same trigger stem {a.stem!r} ({a.lemma}, {b.lemma})")
    elif same_type:
        score += w["same_type"]
        if evidence is not None:
            evidence.append(f"same type {a.ref.type} ({a.lemma}, {b.lemma})")
        same_type = False  # said already
    else:
        return None
    if same_type and evidence is not None:
        evidence.append(f"same type {a.ref.type}")
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        if gap > DATE_WINDOW:
            return None
        if gap == 0:
            score += w["same_day"]
            if evidence is not None:
                when = date.fromordinal(a.day).isoformat()
                evidence.append(f"same day {when}" + ("" if a.dated and b.dated else " (publication date)"))
        elif gap <= NEAR_DAYS:
            score += w["near_day"]
            if evidence is not None:
                evidence.append(f"{gap} day{'s' if gap > 1 else ''} apart")
    people = _shared_names(a.participants, b.participants)
    if people:
        score += w["shared_participant"] * min(len(people), 2)
        if evidence is not None:
            evidence.append("shared participant " + ", ".join(people[:3]))
    elif a.participants and b.participants:
        score += w["participant_conflict"]
        if evidence is not None:
            evidence.append("no participant in common")
    if a.speech and not people:
        return None  # "said" is one event only with the same speaker
    places = _shared_names(a.places, b.places)
    if places:
        score += w["shared_place"]
        if evidence is not None:
            evidence.append("same place " + ", ".join(places[:2]))
    elif a.places and b.places:
        score += w["place_conflict"]
    context = _shared_names(a.context, b.context)
    if context:
        score += w["shared_context"] + w["more_context"] * min(len(context) - 1, 2)
        if evidence is not None:
            evidence.append("both articles name " + ", ".join(context[:3]))
    elif a.context and b.context:
        score += w["context_conflict"]
        if evidence is not None:
            evidence.append("the articles name nobody in common")
    if a.words and b.words:
        common = a.words & b.words
        score += w["shared_words"] * len(common) / min(len(a.words), len(b.words))
        if common and evidence is not None:
            evidence.append("the sentences share " + ", ".join(sorted(common)[:5]))
    if (a.ref.factuality == "negated") != (b.ref.factuality == "negated"):
        score += w["factuality_conflict"]
        if evidence is not None:
            evidence.append("one is negated")
    return round(1 / (1 + math.exp(-score)), 4)


# -- many events -----------------------------------------------------------------------------

def blocking_keys(ref: EventRef) -> list[str]:
    """Keys that any event worth comparing with ``ref`` shares with it: the trigger stem and
    the type, each with the ISO week of the event's day and the weeks either side (so two
    events up to about two weeks apart share a key), or ``@undated``."""
    p = profile(ref)
    words = [f"stem:{p.stem}"] if p.stem else []
    if ref.type:
        words.append(f"type:{ref.type}")
    if p.day is None:
        return [f"{word}@undated" for word in words]
    return [f"{word}@{week}" for word in words for week in _weeks(p.day)]


@lru_cache(maxsize=1 << 12)
def _weeks(day: int) -> tuple[str, str, str]:
    """The ISO weeks of the week before ``day`` (an ordinal), its own and the one after."""
    weeks = []
    for shift in (-7, 0, 7):
        year, week, _ = (date.fromordinal(day) + timedelta(days=shift)).isocalendar()
        weeks.append(f"{year}-W{week:02d}")
    return weeks[0], weeks[1], weeks[2]


def candidate_pairs(profiles: Sequence[_Profile]) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, that share a blocking key (large blocks: the
    nearest :data:`NEIGHBOURS` in date order only)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for key in blocking_keys(p.ref):
            blocks[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            members = sorted(members, key=lambda i: (profiles[i].day or 0, i))
            reach = NEIGHBOURS
        else:
            reach = len(members)
        for n, i in enumerate(members):
            for j in members[n + 1 : n + 1 + reach]:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def best_match(ref: EventRef, candidates: Iterable[tuple[R, EventRef]]) -> tuple[float, R] | None:
    """What the ledger links ``ref`` to among ``candidates`` (rank, earlier event): the
    highest :func:`confidence` reaching :data:`THRESHOLD`, among equal ones the least rank
    (:func:`claimledger.linking.choice.best`). ``(confidence, rank)``, or None."""
    return best((confidence(ref, old), rank) for rank, old in candidates)


def link_in_order(refs: Sequence[EventRef]) -> list[list[Key]]:
    """The events grouped as the ledger links them, one at a time in the order given: each
    joins the cluster of its :func:`best_match` among the earlier events sharing a
    blocking key with it (ties go to the earliest), or starts its own."""
    blocks: dict[str, list[int]] = defaultdict(list)
    cluster_of: list[int] = []
    for n, ref in enumerate(refs):
        keys = blocking_keys(ref)
        earlier = {m for key in keys for m in blocks[key]}
        best = best_match(ref, ((m, refs[m]) for m in earlier))
        cluster_of.append(n if best is None else cluster_of[best[1]])
        for key in keys:
            blocks[key].append(n)
    groups: dict[int, list[Key]] = defaultdict(list)
    for n, found in enumerate(cluster_of):
        groups[found].append(refs[n].key)
    return list(groups.values())


def cluster(refs: Sequence[EventRef], threshold: float = THRESHOLD) -> list[list[Key]]:
    """The events grouped into real events (every key exactly once, clusters in order of
    their first event), by average linkage over the compared pairs (module docstring)."""
    profiles = [profile(r) for r in refs]
    scores: dict[tuple[int, int], float] = {}
    for i, j in candidate_pairs(profiles):
        found = _confidence(profiles[i], profiles[j], None)
        scores[i, j] = 0.0 if found is None else found
    return [[refs[i].key for i in group] for group in average_linkage(len(refs), scores, threshold)]


def average_linkage(n: int, scores: Mapping[tuple[int, int], float], threshold: float) -> list[list[int]]:
    """Agglomerative clustering of items ``0..n-1`` over a sparse set of scored pairs: the
    two clusters with the highest mean score over their scored pairs merge first, as long
    as that mean reaches ``threshold``; pairs never scored do not count."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # between[a][b] = (sum, count) over scored pairs across clusters a and b
    between: dict[int, dict[int, list[float]]] = defaultdict(dict)
    for (i, j), score in scores.items():
        between[i][j] = [score, 1.0]
        between[j][i] = between[i][j]
    heap = [(-s, i, j) for (i, j), s in scores.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in between[a]:
            continue
        total, count = between[a][b]
        if abs(total / count + negative) > 1e-12:
            continue  # stale: the clusters changed since this entry was pushed
        if len(members[a]) < len(members[b]):
            a, b = b, a
        members[a].extend(members.pop(b))
        del between[a][b]
        for c, (s, k) in between.pop(b).items():
            if c == a:
                continue
            del between[c][b]
            merged = between[a].get(c)
            if merged is None:
                merged = between[a][c] = between[c][a] = [0.0, 0.0]
            merged[0] += s
            merged[1] += k
        for c, (s, k) in between[a].items():
            if s / k >= threshold:
                heapq.heappush(heap, (-s / k, min(a, c), max(a, c)))
    return sorted((sorted(group) for group in members.values()), key=lambda g: g[0])
