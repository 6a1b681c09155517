"""What linking reads about earlier articles, kept in memory across one run of articles.

Linking a new article reads the ledger's earlier items: which items share a blocking key
with the new ones, what those items are (their names, events, claim words), which cluster
each belongs to, the members and the standing history of the claim clusters it joins, and
the LSH buckets of earlier articles. Read with one query each, per article, that was most
of linking's cost (about 40 statements an article, 37 articles/s). A :class:`LinkIndex`
keeps what it has read or written, so each fact is read from the database at most once
per run, and not at all when the run began on a ledger no one had linked into: then the
index holds every key there is (``complete``), and a key it does not know has no items.

**Correctness.** Everything cached is immutable in the ledger (an item's cluster never
changes, its key list only grows, and only through a linker), except what another writer
adds. So each linked article first swaps the ledger's ``linking_state`` token for a new one
(:meth:`LinkIndex.begin`) and reads back the one it replaced: if that is not the token this
index wrote last, another process linked articles since, or the transaction that wrote it
was rolled back, and the index forgets everything and starts again. The swap is one
UPDATE, in the article's transaction, so it also serialises linkers on PostgreSQL (the row
lock): two writers linking the same claim at once cannot both start a cluster for it.

**Memory.** The index holds at most ``max_items`` items (about 1 KB each with their keys);
past that it forgets everything and, no longer complete, reads back what it needs.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, tuple_, update

from claimledger.ledger import schema
from claimledger.ledger.store import chunked
from claimledger.linking.standing import UNDATED, Entry

Item = tuple[str, str]  # (article id, item id)
KINDS = ("entity", "event", "claim")
STATE = "linking"  # the linking_state row the token lives in
MAX_ITEMS = 300_000
# Articles whose shingles are kept, packed (8 bytes a shingle: about 5 KB for a 600-word
# article, 20 MB for all of them).
SHINGLED = 4096


@dataclass(frozen=True, slots=True)
class Seen:
    """What near-duplicate checking needs of an earlier article, held so it is not read
    back: its shingles (fingerprints.packed) and what orders and names it."""

    shingles: Any  # np.ndarray, sorted
    published: str | None
    analysed_at: str  # ISO, UTC without an offset (as the ledger returns it)
    title: str | None
    source: str

    @property
    def order(self) -> tuple[str, str]:
        """Earliest published first (undated last), then earliest analysed."""
        return (self.published or UNDATED, self.analysed_at)


class Group:
    """Items of one kind that compare alike with anything (the same signature: claims worded
    alike about the same events, entities of one name and type): linking compares the
    earliest one only. Popular stories repeat their claims and names word for word, so a
    key's postings list groups, not items (measured: 5 times fewer claims compared)."""

    __slots__ = ("clusters", "first", "items")

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.clusters: set[str] = set()
        self.first: Item = ("", "")

    def add(self, item: Item, cluster: str | None, order: dict[Item, tuple[str, Item]]) -> None:
        if not self.items or order.get(item, (UNDATED, item)) < order.get(self.first, (UNDATED, self.first)):
            self.first = item
        self.items.append(item)
        if cluster is not None:
            self.clusters.add(cluster)


@dataclass
class LinkIndex:
    """Postings, refs, clusters, claim members and histories, LSH buckets: see the module."""

    max_items: int = MAX_ITEMS
    token: str | None = None
    complete: bool = False
    postings: dict[str, dict[str, list[Group]]] = field(default_factory=dict)
    groups: dict[str, dict[Any, Group]] = field(default_factory=dict)  # signature -> its group
    group_of: dict[str, dict[Item, Group]] = field(default_factory=dict)
    refs: dict[str, dict[Item, Any]] = field(default_factory=dict)
    cluster_of: dict[str, dict[Item, str]] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)  # claim cluster -> its articles
    history: dict[str, list[Entry]] = field(default_factory=dict)  # claim cluster -> entries
    buckets: dict[tuple[int, str], list[str]] = field(default_factory=dict)  # LSH -> articles
    order: dict[Item, tuple[str, Item]] = field(default_factory=dict)  # item -> (date, item)
    shingled: dict[str, Seen] = field(default_factory=dict)  # article -> what it is, oldest first
    items: int = 0

    def __post_init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        self.complete = False
        self.postings = {kind: {} for kind in KINDS}
        self.groups = {kind: {} for kind in KINDS}
        self.group_of = {kind: {} for kind in KINDS}
        self.refs = {kind: {} for kind in KINDS}
        self.cluster_of = {kind: {} for kind in KINDS}
        self.members = {}
        self.history = {}
        self.buckets = {}
        self.order = {}
        self.shingled = {}
        self.items = 0

    def begin(self, connection: Connection) -> None:
        """Start linking one article: swap the ledger's token, and trust what is held only
        if the token replaced is the one this index wrote last (see the module)."""
        new = secrets.token_hex(8)
        s = schema.linking_state.c
        replaced = connection.execute(
            update(schema.linking_state)
            .where(s.name == STATE)
            .values(token=new, previous=s.token)
            .returning(s.previous)
        ).first()
        if replaced is None:  # a ledger made before the row existed: add it
            connection.execute(
                insert(schema.linking_state), [{"name": STATE, "token": new, "previous": None}]
            )
        if self.token is None or replaced is None or replaced[0] != self.token:
            self.forget()
            # Nothing linked yet: every key there will be is one this index writes.
            self.complete = (
                connection.execute(select(schema.fingerprints.c.article_id).limit(1)).first() is None
            )
        self.token = new

    def settle(self) -> None:
        """After an article: past ``max_items``, forget (and read back what is needed)."""
        if self.items > self.max_items:
            self.forget()

    # -- blocking keys -------------------------------------------------------------------
    def lookup(self, connection: Connection, kind: str, keys: Iterable[str]) -> dict[str, list[Group]]:
        """The groups under each of these keys (read from the ledger once, then held)."""
        wanted = set(keys)
        self.prefetch(connection, kind, wanted)
        postings = self.postings[kind]
        return {key: postings.get(key, []) for key in wanted}

    def prefetch(self, connection: Connection, kind: str, keys: Iterable[str]) -> None:
        """Read the postings of these keys not held yet, in one query (lookups of some of
        them follow, one item at a time)."""
        if not self.complete:
            postings = self.postings[kind]
            self._read_postings(connection, kind, sorted({key for key in keys if key not in postings}))

    def _read_postings(self, connection: Connection, kind: str, keys: list[str]) -> None:
        """Items read back are each a group of their own until their refs are read (so
        their signatures are not known): correct, only less grouped."""
        k = schema.link_keys.c
        postings, group_of = self.postings[kind], self.group_of[kind]
        for chunk in chunked(keys):
            for key in chunk:
                postings[key] = []
            query = select(k.key, k.article_id, k.item_id).where(k.kind == kind, k.key.in_(chunk))
            for row in connection.execute(query):
                item = (row.article_id, row.item_id)
                group = group_of.get(item)
                if group is None:
                    group = group_of[item] = Group()
                    group.add(item, self.cluster_of[kind].get(item), self.order)
                postings[row.key].append(group)

    def add_keys(self, kind: str, item: Item, keys: Iterable[str], signature: Any) -> None:
        """Record a new item (its ref added first) under its keys, in the group of its
        signature. Each key was looked up first (:meth:`lookup`), so its postings list is
        held whole and stays whole with the item added."""
        groups = self.groups[kind]
        group = groups.get(signature) if signature is not None else None
        if group is None:
            group = Group()
            if signature is not None:
                groups[signature] = group
            postings = self.postings[kind]
            for key in keys:
                postings.setdefault(key, []).append(group)
        group.add(item, self.cluster_of[kind].get(item), self.order)
        self.group_of[kind][item] = group

    # -- items: refs and clusters ----------------------------------------------------------
    def missing(self, kind: str, items: Iterable[Item]) -> list[Item]:
        refs = self.refs[kind]
        return sorted(item for item in items if item not in refs)

    def held(self, kind: str, items: Iterable[Item]) -> dict[Item, Any]:
        """The refs of those of these items whose refs are held, by item (for lookups: not
        sorted, which at 5,000 articles was most of what reading the candidates cost)."""
        refs = self.refs[kind]
        return {item: refs[item] for item in items if item in refs}

    def oldest_first(self, kind: str, items: Iterable[Item]) -> list[Item]:
        """Items whose refs are held, earliest published first: among equally good
        matches, a link names the earliest report (then article and item id, for ties)."""
        refs, order = self.refs[kind], self.order
        return sorted((item for item in items if item in refs), key=order.__getitem__)

    def add_item(self, kind: str, item: Item, ref: Any, cluster: str | None, published: str | None) -> None:
        self.order[item] = (published or UNDATED, item)
        if item not in self.refs[kind]:
            self.items += 1
        self.refs[kind][item] = ref
        if cluster is not None:
            self.cluster_of[kind][item] = cluster
            group = self.group_of[kind].get(item)
            if group is not None:  # read back before its ref: its cluster is known now
                group.clusters.add(cluster)

    # -- claim clusters: members and history ---------------------------------------------
    def cluster_members(self, connection: Connection, cluster: str) -> set[str]:
        if cluster not in self.members:
            cl = schema.clusters.c
            query = select(cl.article_id).where(cl.kind == "claim", cl.cluster_id == cluster)
            self.members[cluster] = set(connection.execute(query).scalars())
        return self.members[cluster]

    def add_member(self, connection: Connection, cluster: str, article_id: str, *, new: bool) -> None:
        """An article joined (or started) a claim cluster. The members of a cluster not
        held are read first: the article's own row is not written until its group ends."""
        if new:
            self.members[cluster] = {article_id}
        else:
            self.cluster_members(connection, cluster).add(article_id)

    def histories(self, connection: Connection, clusters: list[str]) -> dict[str, list[Entry]]:
        """The whole history of each cluster (read once, then kept up to date)."""
        h = schema.standing_history.c
        missing = [c for c in clusters if c not in self.history]
        for chunk in chunked(missing):
            for cluster in chunk:
                self.history[cluster] = []
            query = select(h.claim_key, h.id, h.date, h.relation, h.source_name, h.counted).where(
                h.claim_key.in_(chunk)
            )
            for r in connection.execute(query):
                self.history[r.claim_key].append(
                    Entry(r.id, r.date, r.relation, r.source_name, bool(r.counted))
                )
        return {cluster: self.history[cluster] for cluster in clusters}

    def add_history(self, cluster: str, entries: list[Entry], *, new: bool) -> None:
        """Entries just written; a cluster whose history was never read stays unread."""
        if new:
            self.history[cluster] = list(entries)
        elif cluster in self.history:
            self.history[cluster].extend(entries)

    # -- LSH buckets ---------------------------------------------------------------------
    def bucket_articles(
        self, connection: Connection, bands: list[tuple[int, str]], article_id: str
    ) -> list[str]:
        """Earlier articles sharing an LSH bucket with these bands, sorted."""
        missing = [] if self.complete else [b for b in bands if b not in self.buckets]
        fb = schema.fingerprint_bands.c
        for chunk in chunked(missing):
            for band in chunk:
                self.buckets[band] = []
            query = select(fb.band, fb.bucket, fb.article_id).where(tuple_(fb.band, fb.bucket).in_(chunk))
            for row in connection.execute(query):
                self.buckets[(row.band, row.bucket)].append(row.article_id)
        found = {a for band in bands for a in self.buckets.get(band, ()) if a != article_id}
        return sorted(found)

    def seen(self, article_id: str) -> Seen | None:
        """An earlier article's shingles and metadata if held (it becomes the latest)."""
        found = self.shingled.pop(article_id, None)
        if found is not None:
            self.shingled[article_id] = found
        return found

    def remember(self, article_id: str, seen: Seen) -> None:
        """Hold ``seen`` for the :data:`SHINGLED` latest articles: a story's reprints and
        follow-ups come close together (reading back and shingling candidates again was
        half of near-duplicate checking)."""
        self.shingled.pop(article_id, None)
        self.shingled[article_id] = seen
        if len(self.shingled) > SHINGLED:
            del self.shingled[next(iter(self.shingled))]

    def add_bands(self, bands: list[tuple[int, str]], article_id: str) -> None:
        for band in bands:
            self.buckets.setdefault(band, []).append(article_id)
