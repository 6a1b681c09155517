"""Link one newly stored article into the ledger, inside the transaction that stored it.

``Linker()(connection, article_id)`` runs after the article's rows are inserted and
before the transaction commits (``Ledger.store(record, within=linker)``), so an article
is either stored *and* linked, or not there at all: a crash can never leave it stored but
unlinked. In order:

1. **near-duplicates**: MinHash LSH candidates, checked on exact shingles (fingerprints.py);
2. **entities**: by name (entities.py);
3. **events**: by type, time, participants and place (events.py);
4. **claims**: by content stems with shared events unified (claims.py); each claim then
   adds entries to its cluster's standing history and the cluster's current standing is
   derived again (standing.py).

Every new item joins the cluster of its best match (or starts one, named by its global id
``<article id[:12]>:<item id>``); a link row records the match with its confidence and
evidence. Clusters are never merged after the fact: when a new item matches two
clusters it joins the one it matches best, and the other link is not made (precision first).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from sqlalchemy import Connection, and_, delete, func, select, tuple_

from claimledger.ledger import schema
from claimledger.ledger.store import chunked, insert_numbered, insert_table, stored_rows
from claimledger.linking import claims as claim_linking
from claimledger.linking import entities as entity_linking
from claimledger.linking import events as event_linking
from claimledger.linking import fingerprints
from claimledger.linking.choice import best
from claimledger.linking.index import MAX_ITEMS, Group, Item, LinkIndex, Seen
from claimledger.linking.standing import Entry, derive
from claimledger.linking.text import content_stems, fold, words

VERDICTS = frozenset({"unconfirmed", "confirmed", "disputed", "denied", "unfounded"})
KEY_LENGTH = 96  # link_keys.key


def global_id(article_id: str, item_id: str) -> str:
    """How an item is named across the ledger: ``<first 12 hex of the article id>:<id>``."""
    return f"{article_id[:12]}:{item_id}"


def _signature(kind: str, ref: Any) -> Any:
    """What an item's matches depend on, besides the new item (linking/index.py's groups):
    an entity's name, type and roles; a claim's words and events; an event is its own."""
    if kind == "entity":
        return (ref.name, ref.type, ref.roles)
    if kind == "claim":
        return (ref.text, ref.events, ref.event_words)
    return None


def _most_mentioned(counted: Iterable[tuple[int, str]]) -> tuple[str, ...]:
    """An article's context for events.compare: its entity names by mentions, most first
    (then by name), the first ``CONTEXT_NAMES``."""
    ranked = sorted((-count, name) for count, name in counted)
    return tuple(name for _, name in ranked[: event_linking.CONTEXT_NAMES])


def _seen(article: Mapping[Any, Any], shingles: Any) -> Seen:
    analysed = article["analysed_at"]
    if isinstance(analysed, datetime):  # as the ledger returns it: UTC, no offset
        if analysed.tzinfo is not None:
            analysed = analysed.astimezone(UTC).replace(tzinfo=None)
        analysed = analysed.isoformat()
    return Seen(shingles, article["published"], str(analysed), article["title"], article["source"])


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one a call


def _json(value: Any) -> str:
    return _ENCODE(value)


class Linker:
    """Links the articles it is given, one at a time, each inside its store transaction.

    One instance serves a whole run (an ingest, a load): its :class:`LinkIndex` keeps what
    linking has read and written, so later articles read little or nothing back.
    """

    def __init__(self, *, max_items: int = MAX_ITEMS) -> None:
        self.index = LinkIndex(max_items)

    def __call__(self, connection: Connection, article_id: str) -> None:
        self.link_many(connection, [article_id])

    def link_many(
        self,
        connection: Connection,
        article_ids: Sequence[str],
        rows: Mapping[str, Mapping[str, list[dict[str, Any]]]] | None = None,
    ) -> None:
        """Link these articles, in order, in the caller's transaction (their rows are in).

        Each article is linked against the ledger and the articles before it in the list;
        what they add is written at the end, one statement a table, and each claim
        cluster's standing is derived once. ``rows``: each article's rows by table name
        (:meth:`Ledger.insert_many` gives them); else they are read back.
        """
        self.index.begin(connection)
        writes = _Writes()
        try:
            for article_id in article_ids:
                own = (rows or {}).get(article_id) or stored_rows(connection, article_id)
                run = _Run(connection, self.index, own or _read_own_rows(connection, article_id), writes)
                run.near_duplicates()
                run.entities()
                run.events()
                run.claims()
                run.learn()
            writes.flush(connection, self.index)
        except BaseException:
            # The transaction will not commit: what the index learnt from it is not so.
            self.index.token = None
            raise
        self.index.settle()


# The article's own rows the linker reads, by table name, when nothing handed them over.
OWN_TABLES = ("entities", "mentions", "claims", "evidence", "events", "event_mentions", "times")


def _read_own_rows(connection: Connection, article_id: str) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    a = schema.articles
    rows["articles"] = [dict(r) for r in connection.execute(select(a).where(a.c.id == article_id)).mappings()]
    for name in OWN_TABLES:
        table = schema.metadata.tables[name]
        query = select(table).where(table.c.article_id == article_id)
        rows[name] = [dict(r) for r in connection.execute(query).mappings()]
    return rows


@dataclass
class _Writes:
    """What a group of articles adds to the linking tables, written at once by :meth:`flush`."""

    fingerprints: list[dict[str, Any]] = field(default_factory=list)
    bands: list[dict[str, Any]] = field(default_factory=list)
    keys: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    clusters: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    touched: dict[str, bool] = field(default_factory=dict)  # claim clusters added to: new or not

    def flush(self, connection: Connection, index: LinkIndex) -> None:
        """One statement a table (most of linking's cost was statements, not comparisons);
        then the standing of every claim cluster the group added to, derived again."""
        for table, rows in (
            (schema.fingerprints, self.fingerprints),
            (schema.fingerprint_bands, self.bands),
            (schema.link_keys, self.keys),
            (schema.links, self.links),
            (schema.clusters, self.clusters),
        ):
            insert_table(connection, table, rows)
        if self.history:
            self._standing(connection, index)

    def _standing(self, connection: Connection, index: LinkIndex) -> None:
        ids = insert_numbered(connection, schema.standing_history, self.history)
        added: dict[str, list[Entry]] = defaultdict(list)
        for row, entry_id in zip(self.history, ids, strict=True):
            added[row["claim_key"]].append(
                Entry(entry_id, row["date"], row["relation"], row["source_name"], bool(row["counted"]))
            )
        clusters = sorted(self.touched)
        # A cluster whose history was never read is read now, with the group's entries in
        # it (same transaction); one held gets them added.
        for cluster in clusters:
            index.add_history(cluster, added[cluster], new=self.touched[cluster])
        histories = index.histories(connection, clusters)
        for chunk in chunked(clusters):
            connection.execute(
                delete(schema.claim_standing).where(schema.claim_standing.c.cluster_id.in_(chunk))
            )
        rows = []
        for cluster in clusters:
            current = derive(histories[cluster])
            rows.append(
                {
                    "cluster_id": cluster,
                    "standing": current.standing,
                    "since": current.since,
                    "decided_by": current.decided_by,
                    "entries": current.entries,
                    "sources": current.sources,
                }
            )
        insert_table(connection, schema.claim_standing, rows)


class _Run:
    """Linking one article: its matches are found now, its rows queued in ``writes``."""

    def __init__(
        self,
        connection: Connection,
        index: LinkIndex,
        own: Mapping[str, list[dict[str, Any]]],
        writes: _Writes,
    ) -> None:
        self.c = connection
        self.index = index
        self.own = own
        self.writes = writes
        self.article = own["articles"][0]
        self.aid: str = self.article["id"]
        analysed = self.article["analysed_at"]
        self.date: str | None = self.article["published"] or (
            analysed.date().isoformat() if isinstance(analysed, datetime) else None
        )
        self.reprint_of: str | None = None
        self.duplicates: set[str] = set()  # earlier articles this one is a near-duplicate of
        self.reprint_label: str | None = None
        self.entity_clusters: dict[str, str] = {}
        self.event_clusters: dict[str, str] = {}
        self.context: dict[str, tuple[str | None, tuple[str, ...]]] = {}
        self.bands: list[tuple[int, str]] = []
        self.joined: dict[str, bool] = {}  # claim clusters this article adds to: new or not
        self.new_refs: list[tuple[str, tuple[str, str], Any, str, list[str]]] = []
        self.participants: dict[str, list[dict[str, Any]]] | None = None  # see _participants

    # -- shared plumbing ---------------------------------------------------------------
    def _link(  # queued; written by flush()
        self,
        kind: str,
        relation: str,
        old: tuple[str, str],
        new_item: str,
        confidence: float,
        method: str,
        evidence: Iterable[str],
    ) -> None:
        self.writes.links.append(
            {
                "kind": kind,
                "relation": relation,
                "a_article": old[0],
                "a_item": old[1],
                "b_article": self.aid,
                "b_item": new_item,
                "confidence": round(confidence, 3),
                "method": method,
                "evidence": _json(list(evidence)),
            }
        )

    def _groups(self, kind: str, keys: Iterable[str]) -> list[Group]:
        """Groups of earlier items sharing one of these blocking keys or more."""
        postings = self.index.lookup(self.c, kind, (key[:KEY_LENGTH] for key in keys)).values()
        found = {group for groups in postings for group in groups}
        return [group for group in found if group.first[0] != self.aid]

    def _shared_keys(self, kind: str, keys: Iterable[str], min_shared: int) -> dict[Group, int]:
        """Groups of earlier items sharing ``min_shared`` of these blocking keys or more,
        each with how many of these keys it is under (cut to ``KEY_LENGTH`` as stored:
        where none of ``keys`` is longer, at least as many as the keys the two share)."""
        postings = self.index.lookup(self.c, kind, (key[:KEY_LENGTH] for key in keys)).values()
        counts = Counter(chain.from_iterable(postings))  # counted in C
        return {group: n for group, n in counts.items() if n >= min_shared and group.first[0] != self.aid}

    def _earliest(self, kind: str, groups: Iterable[Group]) -> list[tuple[str, str]]:
        """The first item of each group, earliest first (the order matches are tried in)."""
        return self.index.oldest_first(kind, (group.first for group in groups))

    def _new_item(self, kind: str, item_id: str, ref: Any, cluster: str, keys: Iterable[str]) -> None:
        """Queue a new item's keys and cluster; :meth:`learn` tells the index."""
        stored = sorted({key[:KEY_LENGTH] for key in keys})
        self.writes.keys.extend(
            {"kind": kind, "key": key, "article_id": self.aid, "item_id": item_id} for key in stored
        )
        self.writes.clusters.append(
            {"kind": kind, "article_id": self.aid, "item_id": item_id, "cluster_id": cluster}
        )
        self.new_refs.append((kind, (self.aid, item_id), ref, cluster, stored))

    def learn(self) -> None:
        """Tell the index what this article added: the next articles compare with it."""
        index = self.index
        index.add_bands(self.bands, self.aid)
        for kind, item, ref, cluster, keys in self.new_refs:
            index.add_item(kind, item, ref, cluster, self.article["published"])
            index.add_keys(kind, item, keys, _signature(kind, ref))
        for cluster, new in self.joined.items():
            index.add_member(self.c, cluster, self.aid, new=new)
            self.writes.touched[cluster] = self.writes.touched.get(cluster, False) or new

    # -- 1. near-duplicate articles ------------------------------------------------------
    def near_duplicates(self) -> None:
        shingle_set = fingerprints.packed_shingles(self.article["text"])
        signature = fingerprints.minhash(shingle_set)
        bands = fingerprints.bands(signature)
        candidates = self.index.bucket_articles(self.c, bands, self.aid)
        self.bands = bands
        self.writes.fingerprints.append(
            {"article_id": self.aid, "minhash": fingerprints.to_hex(signature), "shingles": len(shingle_set)}
        )
        self.writes.bands.extend({"band": b, "bucket": h, "article_id": self.aid} for b, h in bands)
        own = _seen(self.article, shingle_set)
        self.index.remember(self.aid, own)
        if not candidates:
            return
        held = {article_id: self.index.seen(article_id) for article_id in candidates}
        missing = [article_id for article_id, seen in held.items() if seen is None]
        a = schema.articles.c
        for chunk in chunked(missing):
            query = select(a.id, a.text, a.source, a.title, a.published, a.analysed_at).where(a.id.in_(chunk))
            for row in self.c.execute(query).mappings():
                seen = _seen(row, fingerprints.packed_shingles(row["text"]))
                self.index.remember(row["id"], seen)
                held[row["id"]] = seen
        # Earliest first (then by id): the earliest one it repeats is the original.
        earlier = sorted((seen.order, aid, seen) for aid, seen in held.items() if seen is not None)
        for _order, article_id, seen in earlier:
            found = fingerprints.resemblance(seen.shingles, own.shingles)
            if found is None or not found.near_duplicate:
                continue
            self._link(
                "article",
                "near_duplicate",
                (article_id, ""),
                "",
                found.confidence,
                "minhash",
                found.evidence(),
            )
            self.duplicates.add(article_id)
            if self.reprint_of is None:
                self.reprint_of = article_id
                self.reprint_label = seen.title or seen.source

    # -- 2. entities ---------------------------------------------------------------------
    def entities(self) -> None:
        refs = [
            entity_linking.EntityRef(
                self.aid, r["id"], r["name"], r["type"], tuple(json.loads(r["roles"] or "[]"))
            )
            for r in sorted(self.own["entities"], key=lambda r: r["id"])
        ]
        keys = {ref.item_id: ref.blocking_keys() for ref in refs}
        groups = self._groups("entity", [k for ks in keys.values() for k in ks])
        old_refs = self._entity_refs([g.first for g in groups])
        clusters = self.index.cluster_of["entity"]
        by_surname: dict[str, set[str]] = defaultdict(set)
        for group in groups:
            found = old_refs.get(group.first)
            if found is not None and found.type == entity_linking.PERSON and found.tokens:
                by_surname[found.tokens[-1]].update(group.clusters)
        for ref in refs:
            best: tuple[float, tuple[str, str], entity_linking.EntityMatch] | None = None
            seen: set[Any] = set()
            for item in self._earliest("entity", self._groups("entity", keys[ref.item_id])):
                old = old_refs[item]
                # An item named as an earlier one was matches as that one did, and cannot
                # beat it (earlier wins ties): compared once (94k compares -> 6k, measured).
                if item not in clusters or (name := _signature("entity", old)) in seen:
                    continue
                seen.add(name)
                surname = ref.tokens[-1] if ref.tokens else ""
                match = entity_linking.compare(ref, old, surname_unique=len(by_surname.get(surname, ())) == 1)
                if match and (best is None or match.confidence > best[0]):
                    best = (match.confidence, item, match)
            if best is None:
                cluster = global_id(self.aid, ref.item_id)
            else:
                cluster = clusters[best[1]]
                self._link("entity", "same", best[1], ref.item_id, best[0], best[2].rule, best[2].evidence)
            self.entity_clusters[ref.item_id] = cluster
            self._new_item("entity", ref.item_id, ref, cluster, keys[ref.item_id])

    def _entity_refs(
        self, items: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], entity_linking.EntityRef]:
        """The refs of these items, read from the ledger once (with their clusters)."""
        missing = self.index.missing("entity", items)
        if missing:
            e, cl, a = schema.entities.c, schema.clusters.c, schema.articles.c
            for chunk in chunked(missing):
                query = (
                    select(e.article_id, e.id, e.name, e.type, e.roles, cl.cluster_id, a.published)
                    .select_from(
                        schema.entities.join(schema.articles, a.id == e.article_id).outerjoin(
                            schema.clusters,
                            and_(cl.kind == "entity", cl.article_id == e.article_id, cl.item_id == e.id),
                        )
                    )
                    .where(tuple_(e.article_id, e.id).in_(chunk))
                )
                for r in self.c.execute(query):
                    ref = entity_linking.EntityRef(
                        r.article_id, r.id, r.name, r.type, tuple(json.loads(r.roles or "[]"))
                    )
                    self.index.add_item("entity", (r.article_id, r.id), ref, r.cluster_id, r.published)
        return self.index.held("entity", items)

    # -- 3. events -----------------------------------------------------------------------
    def _own_event_refs(self) -> dict[str, event_linking.EventRef]:
        times = {t["id"]: t for t in self.own["times"]}
        mentioned: dict[str, int] = defaultdict(int)
        for m in self.own["mentions"]:
            mentioned[m["entity_id"]] += 1
        context = _most_mentioned((mentioned[e["id"]], e["name"]) for e in self.own["entities"])
        text = self.article["text"]
        out = {}
        for row in self.own["events"]:
            time = times.get(row["time_id"]) if row["time_id"] is not None else None
            decoded = {
                **row,
                **{c: json.loads(row[c] or "[]") for c in ("participants", "quantities", "places", "claims")},
            }
            out[row["id"]] = event_linking.EventRef.from_ledger_row(
                decoded,
                time["begin"] if time else None,
                self.article["published"],
                context=context,
                text=text,
            )
        return out

    def _event_refs(self, items: Sequence[tuple[str, str]]) -> dict[tuple[str, str], event_linking.EventRef]:
        """The refs of these earlier events, read from the ledger once (with clusters)."""
        missing = self.index.missing("event", items)
        ev, t, a, cl = schema.events.c, schema.times.c, schema.articles.c, schema.clusters.c
        for chunk in chunked(missing):
            query = (
                select(
                    schema.events,
                    t.begin.label("time_begin"),
                    a.published.label("article_published"),
                    cl.cluster_id.label("cluster_id"),
                )
                .select_from(
                    schema.events.outerjoin(
                        schema.times, and_(t.article_id == ev.article_id, t.id == ev.time_id)
                    )
                    .join(schema.articles, a.id == ev.article_id)
                    .outerjoin(
                        schema.clusters,
                        and_(cl.kind == "event", cl.article_id == ev.article_id, cl.item_id == ev.id),
                    )
                )
                .where(tuple_(ev.article_id, ev.id).in_(chunk))
            )
            rows = [dict(row) for row in self.c.execute(query).mappings()]
            self._load_context({row["article_id"] for row in rows})
            for row in rows:
                for column in ("participants", "quantities", "places", "claims"):
                    row[column] = json.loads(row[column] or "[]")
                text, context = self.context[row["article_id"]]
                ref = event_linking.EventRef.from_ledger_row(
                    row, row["time_begin"], row["article_published"], context=context, text=text
                )
                item = (row["article_id"], row["id"])
                self.index.add_item("event", item, ref, row["cluster_id"], row["article_published"])
        return self.index.held("event", items)

    def _load_context(self, article_ids: set[str]) -> None:
        """Each article's text and most mentioned names: the signals events.compare reads
        besides the event itself (measured with them on ECB+)."""
        missing = sorted(article_ids - set(self.context))
        if not missing:
            return
        a, e, m = schema.articles.c, schema.entities.c, schema.mentions.c
        texts = dict(self.c.execute(select(a.id, a.text).where(a.id.in_(missing))).all())
        counts = (
            select(e.article_id, e.name, func.count(m.seq).label("n"))
            .select_from(
                schema.entities.outerjoin(
                    schema.mentions, and_(m.article_id == e.article_id, m.entity_id == e.id)
                )
            )
            .where(e.article_id.in_(missing))
            .group_by(e.article_id, e.id, e.name)
        )
        names: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for row in self.c.execute(counts):
            names[row.article_id].append((row.n, row.name))
        for article_id in missing:
            self.context[article_id] = (texts.get(article_id), _most_mentioned(names[article_id]))

    def events(self) -> None:
        refs = self._own_event_refs()
        keys = {item: event_linking.blocking_keys(ref) for item, ref in refs.items()}
        # Each event's candidates, looked up once; their keys and refs read in one go.
        self.index.prefetch(self.c, "event", (key[:KEY_LENGTH] for ks in keys.values() for key in ks))
        candidates = {item: self._groups("event", keys[item]) for item in refs}
        old_refs = self._event_refs(list({g.first for groups in candidates.values() for g in groups}))
        clusters = self.index.cluster_of["event"]
        order = self.index.order
        for item, ref in sorted(refs.items()):
            # Ranked by (publication date, item): ties go to the earliest report.
            found = event_linking.best_match(ref, (
                (order[group.first], old_refs[group.first])
                for group in candidates[item]
                if group.first in old_refs and group.first in clusters
            ))
            if found is None:
                cluster = global_id(self.aid, item)
            else:
                confidence, (_date, old_item) = found
                cluster = clusters[old_item]
                link = event_linking.compare(ref, old_refs[old_item])
                assert link is not None  # the same judgement, with its evidence
                self._link("event", "same", old_item, item, confidence, "event-signals", link.evidence)
            self.event_clusters[item] = cluster
            self._new_item("event", item, ref, cluster, keys[item])

    # -- 4. claims and their standing ----------------------------------------------------
    def _events_words(self, pairs: Sequence[tuple[str, str]]) -> dict[str, dict[str, frozenset[str]]]:
        """The stems of the mentions of many events in one query: {article: {event: stems}}."""
        out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        m = schema.event_mentions.c
        for chunk in chunked(list(pairs)):
            query = select(m.article_id, m.event_id, m.text).where(
                tuple_(m.article_id, m.event_id).in_(chunk)
            )
            for r in self.c.execute(query):
                out[r.article_id][r.event_id].update(content_stems(r.text))
        return {a: {e: frozenset(s) for e, s in events.items()} for a, events in out.items()}

    def _own_events_words(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for m in self.own["event_mentions"]:
            if m["event_id"] in self.event_clusters:
                out[m["event_id"]].update(content_stems(m["text"]))
        return {e: frozenset(s) for e, s in out.items()}

    def _claim_ref(
        self,
        row: Mapping[Any, Any],
        event_clusters: Mapping[str, str],
        entity_clusters: Mapping[str, str],
        event_words: Mapping[str, frozenset[str]],
    ) -> claim_linking.ClaimRef:
        """A claim as linking compares it; ``event_words``: its article's event mention stems."""
        events = [e for e in json.loads(row["events"] or "[]") if e in event_clusters]
        stems_of_events = frozenset(w for e in events for w in event_words.get(e, ()))
        source_key = entity_clusters.get(row["source_entity"] or "") or (
            fold(row["source_name"]) if row["source_name"] else None
        )
        return claim_linking.ClaimRef.build(
            row["article_id"],
            row["id"],
            row["text"],
            source_name=row["source_name"],
            source_key=source_key,
            cue=row["cue_text"],
            standing=row["standing"],
            events=frozenset(event_clusters[e] for e in events),
            event_words=stems_of_events,
        )

    def _old_claims(self, items: Sequence[tuple[str, str]]) -> dict[tuple[str, str], claim_linking.ClaimRef]:
        """The refs of these earlier claims, read from the ledger once (with clusters)."""
        missing = self.index.missing("claim", items)
        if missing:
            self._read_claims(missing)
        return self.index.held("claim", items)

    def _read_claims(self, items: list[tuple[str, str]]) -> None:
        c, cl, a = schema.claims.c, schema.clusters.c, schema.articles.c
        rows: list[Mapping[Any, Any]] = []
        for chunk in chunked(items):
            query = (
                select(
                    schema.claims, cl.cluster_id.label("cluster_id"), a.published.label("article_published")
                )
                .select_from(
                    schema.claims.join(schema.articles, a.id == c.article_id).outerjoin(
                        schema.clusters,
                        and_(cl.kind == "claim", cl.article_id == c.article_id, cl.item_id == c.id),
                    )
                )
                .where(tuple_(c.article_id, c.id).in_(chunk))
            )
            rows.extend(self.c.execute(query).mappings())
        articles = sorted({r["article_id"] for r in rows})
        by_article: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: {"event": {}, "entity": {}})
        for chunk in chunked(articles):
            for found in self.c.execute(
                select(cl.kind, cl.article_id, cl.item_id, cl.cluster_id).where(
                    cl.article_id.in_(chunk), cl.kind.in_(["event", "entity"])
                )
            ):
                by_article[found.article_id][found.kind][found.item_id] = found.cluster_id
        pairs = sorted(
            {
                (r["article_id"], e)
                for r in rows
                for e in json.loads(r["events"] or "[]")
                if e in by_article[r["article_id"]]["event"]
            }
        )
        words = self._events_words(pairs)  # one query, not one per candidate claim
        for r in rows:
            ref = self._claim_ref(
                r,
                by_article[r["article_id"]]["event"],
                by_article[r["article_id"]]["entity"],
                words.get(r["article_id"], {}),
            )
            self.index.add_item(
                "claim", (r["article_id"], r["id"]), ref, r["cluster_id"], r["article_published"]
            )

    def claims(self) -> None:
        rows = sorted(self.own["claims"], key=lambda r: (r["span_start"], r["id"]))
        own_words = self._own_events_words()
        refs = [self._claim_ref(r, self.event_clusters, self.entity_clusters, own_words) for r in rows]
        # Each claim's candidates: groups sharing MIN_SHARED keys with it (the words two
        # claims share, compare's first test, are among the keys they share), looked up
        # once; their keys and refs read in one go.
        shared = claim_linking.MIN_SHARED
        keys = [ref.blocking_keys() for ref in refs]
        self.index.prefetch(self.c, "claim", (key[:KEY_LENGTH] for own in keys for key in own))
        candidates = [self._shared_keys("claim", own, shared) for own in keys]
        old_refs = self._old_claims(list({g.first for found in candidates for g in found}))
        clusters = self.index.cluster_of["claim"]
        evidence = self._evidence_rows()
        for row, ref, own, found in zip(rows, refs, keys, candidates, strict=True):
            # Keys cut to KEY_LENGTH could count two shared keys as one: no bound then.
            bounded = all(len(key) <= KEY_LENGTH for key in own)
            chosen = best(self._claim_scores(ref, found, old_refs, bounded=bounded))
            counted = True
            if chosen is None:
                cluster, relation = global_id(self.aid, ref.item_id), "claimed"
                self.joined[cluster] = True
            else:
                confidence, (_date, old_item) = chosen
                old = old_refs[old_item]
                cluster = clusters[old_item]
                relation = claim_linking.response(ref, old, party=self._party(row, old))
                match = claim_linking.compare(ref, old)
                assert match is not None  # the same judgement, with its evidence
                self._link("claim", relation, old_item, ref.item_id, confidence, "stems+events",
                           match.evidence)
                # A reprint's claim already in the story through the article it repeats is
                # not a second witness; a claim only the reprint carries still counts.
                if self.duplicates:
                    counted = self.duplicates.isdisjoint(self.index.cluster_members(self.c, cluster))
                self.joined.setdefault(cluster, False)
            self._new_item("claim", ref.item_id, ref, cluster, own)
            self.writes.history.extend(
                self._history(cluster, row, relation, counted, evidence.get(row["id"], []))
            )

    def _claim_scores(
        self, ref: claim_linking.ClaimRef, found: Mapping[Group, int],
        old_refs: Mapping[Item, claim_linking.ClaimRef], *, bounded: bool,
    ) -> Iterator[tuple[float | None, tuple[str, Item]]]:
        """(confidence, rank) of each earlier claim ``ref`` is compared with, from its
        candidate groups (with the keys each shares with it). A claim worded as an earlier
        one, about the same events, scores as that one: compared once."""
        clusters, order = self.index.cluster_of["claim"], self.index.order
        scores: dict[Any, float | None] = {}
        for group, shared_keys in found.items():
            item = group.first
            old = old_refs.get(item)
            if old is None or item not in clusters:
                continue
            if bounded and not claim_linking.may_match(ref, old, shared_keys):
                continue  # too few shared keys to match (exact): half the candidates
            wording = _signature("claim", old)
            if wording not in scores:
                scores[wording] = claim_linking.confidence(ref, old)
            yield scores[wording], order[item]

    def _party(self, row: Mapping[Any, Any], old: claim_linking.ClaimRef) -> bool:
        """Whether the new claim's source is a party of the old claim: named in it, or a
        participant of an event the claim mentions (in the new article)."""
        name = row["source_name"]
        if not name:
            return False
        surname = words(name)[-1] if words(name) else ""
        if surname and surname in words(old.text):
            return True
        for event_id in json.loads(row["events"] or "[]"):
            for participant in self._participants().get(event_id, []):
                if participant.get("entity") and participant.get("entity") == row["source_entity"]:
                    return True
                if participant.get("name") and fold(participant["name"]) == fold(name):
                    return True
        return False

    def _participants(self) -> dict[str, list[dict[str, Any]]]:
        """This article's events' participants by event id, decoded once."""
        if self.participants is None:
            self.participants = {r["id"]: json.loads(r["participants"] or "[]") for r in self.own["events"]}
        return self.participants

    def _evidence_rows(self) -> dict[str, list[Mapping[Any, Any]]]:
        """This article's evidence rows by claim, in order."""
        out: dict[str, list[Mapping[Any, Any]]] = defaultdict(list)
        for item in sorted(self.own["evidence"], key=lambda r: (r["claim_id"], r["seq"])):
            out[item["claim_id"]].append(item)
        return out

    def _history(
        self,
        cluster: str,
        row: Mapping[Any, Any],
        relation: str,
        counted: bool,
        evidence: Iterable[Mapping[Any, Any]],
    ) -> list[dict[str, Any]]:
        """The history entries one claim adds: its statement, and each verdict its article gives."""
        note = (
            None
            if counted or self.reprint_of is None
            else (f"near-duplicate of {self.reprint_label} ({self.reprint_of[:12]}): not counted")
        )
        span_start = min(x for x in (row["span_start"], row["cue_start"]) if x is not None)
        span_end = max(x for x in (row["span_end"], row["cue_end"]) if x is not None)
        entries = [
            {
                "claim_key": cluster,
                "article_id": self.aid,
                "claim_id": row["id"],
                "date": self.date,
                "source_entity": row["source_entity"],
                "source_name": row["source_name"],
                "source_mention_start": row["source_mention_start"],
                "source_mention_end": row["source_mention_end"],
                "source_mention_text": row["source_mention_text"],
                "source_anonymous": row["source_anonymous"],
                "relation": relation,
                "evidence_start": span_start,
                "evidence_end": span_end,
                "evidence_text": self.article["text"][span_start:span_end],
                "counted": counted,
                "note": note,
            }
        ]
        for item in evidence:
            if item["relation"] not in VERDICTS:
                continue
            entries.append(
                {
                    "claim_key": cluster,
                    "article_id": self.aid,
                    "claim_id": row["id"],
                    "date": self.date,
                    "source_entity": item["source_entity"],
                    "source_name": item["source_name"],
                    "source_mention_start": item["source_mention_start"],
                    "source_mention_end": item["source_mention_end"],
                    "source_mention_text": item["source_mention_text"],
                    "source_anonymous": item["source_anonymous"],
                    "relation": item["relation"],
                    "evidence_start": item["span_start"],
                    "evidence_end": item["span_end"],
                    "evidence_text": item["span_text"],
                    "counted": counted,
                    "note": note if note else ("the article's own words" if item["by_article"] else None),
                }
            )
        return entries
