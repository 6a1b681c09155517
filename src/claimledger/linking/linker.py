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
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, tuple_

from claimledger.ledger import schema
from claimledger.linking import claims as claim_linking
from claimledger.linking import entities as entity_linking
from claimledger.linking import events as event_linking
from claimledger.linking import fingerprints
from claimledger.linking.standing import Entry, derive
from claimledger.linking.text import content_stems, fold, words

VERDICTS = frozenset({"unconfirmed", "confirmed", "disputed", "denied", "unfounded"})


def global_id(article_id: str, item_id: str) -> str:
    """How an item is named across the ledger: ``<first 12 hex of the article id>:<id>``."""
    return f"{article_id[:12]}:{item_id}"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class Linker:
    """Links the articles it is given; stateless, so one instance serves a whole batch."""

    def __call__(self, connection: Connection, article_id: str) -> None:
        article = (
            connection.execute(select(schema.articles).where(schema.articles.c.id == article_id))
            .mappings()
            .one()
        )
        run = _Run(connection, article)
        run.near_duplicates()
        run.entities()
        run.events()
        run.claims()
        run.flush()


class _Run:
    def __init__(self, connection: Connection, article: Mapping[Any, Any]) -> None:
        self.c = connection
        self.article = article
        self.aid: str = article["id"]
        analysed = article["analysed_at"]
        self.date: str | None = article["published"] or (
            analysed.date().isoformat() if isinstance(analysed, datetime) else None
        )
        self.reprint_of: str | None = None
        self.duplicates: set[str] = set()  # earlier articles this one is a near-duplicate of
        self.reprint_label: str | None = None
        self.entity_clusters: dict[str, str] = {}
        self.event_clusters: dict[str, str] = {}
        self.context: dict[str, tuple[str | None, tuple[str, ...]]] = {}
        self.key_rows: list[dict[str, Any]] = []
        self.link_rows: list[dict[str, Any]] = []
        self.participants: dict[str, list[dict[str, Any]]] | None = None

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
        self.link_rows.append(
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

    def _candidates(self, kind: str, keys: Iterable[str], *, min_shared: int = 1) -> list[tuple[str, str]]:
        """Items of other articles sharing at least ``min_shared`` blocking keys."""
        keys = sorted(set(keys))
        if not keys:
            return []
        k = schema.link_keys.c
        query = (
            select(k.article_id, k.item_id)
            .where(k.kind == kind, k.key.in_(keys), k.article_id != self.aid)
            .group_by(k.article_id, k.item_id)
        )
        if min_shared > 1:
            query = query.having(func.count() >= min_shared)
        return [(row.article_id, row.item_id) for row in self.c.execute(query)]

    def _keys(self, kind: str, item_id: str, keys: Iterable[str]) -> None:
        """Queue an item's blocking keys; :meth:`flush` writes them all in one statement
        (the candidate queries exclude this article, so nothing reads them before)."""
        self.key_rows.extend(
            {"kind": kind, "key": key[:96], "article_id": self.aid, "item_id": item_id}
            for key in sorted(set(keys))
        )

    def flush(self) -> None:
        """Write the queued keys and links (one statement each: most of linking's cost was
        statements, not comparisons)."""
        if self.key_rows:
            self.c.execute(insert(schema.link_keys), self.key_rows)
            self.key_rows = []
        if self.link_rows:
            self.c.execute(insert(schema.links), self.link_rows)
            self.link_rows = []

    def _clusters_of(self, kind: str, items: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        if not items:
            return {}
        cl = schema.clusters.c
        query = select(cl.article_id, cl.item_id, cl.cluster_id).where(
            cl.kind == kind, tuple_(cl.article_id, cl.item_id).in_(list(items))
        )
        return {(r.article_id, r.item_id): r.cluster_id for r in self.c.execute(query)}

    def _cluster_articles(self, kind: str, cluster: str) -> set[str]:
        cl = schema.clusters.c
        query = select(cl.article_id).where(cl.kind == kind, cl.cluster_id == cluster)
        return set(self.c.execute(query).scalars())

    def _join(self, kind: str, assignments: Mapping[str, str]) -> None:
        rows = [
            {"kind": kind, "article_id": self.aid, "item_id": item, "cluster_id": cluster}
            for item, cluster in assignments.items()
        ]
        if rows:
            self.c.execute(insert(schema.clusters), rows)

    # -- 1. near-duplicate articles ------------------------------------------------------
    def near_duplicates(self) -> None:
        shingle_set = fingerprints.shingles(self.article["text"])
        signature = fingerprints.minhash(shingle_set)
        bands = fingerprints.bands(signature)
        fb = schema.fingerprint_bands.c
        candidates = sorted(
            {
                row.article_id
                for row in self.c.execute(
                    select(fb.article_id).where(
                        tuple_(fb.band, fb.bucket).in_(bands), fb.article_id != self.aid
                    )
                )
            }
        )
        self.c.execute(
            insert(schema.fingerprints),
            [
                {
                    "article_id": self.aid,
                    "minhash": fingerprints.to_hex(signature),
                    "shingles": len(shingle_set),
                }
            ],
        )
        self.c.execute(
            insert(schema.fingerprint_bands),
            [{"band": b, "bucket": h, "article_id": self.aid} for b, h in bands],
        )
        if not candidates:
            return
        a = schema.articles.c
        rows = (
            self.c.execute(
                select(a.id, a.text, a.source, a.title, a.published, a.analysed_at)
                .where(a.id.in_(candidates))
                .order_by(a.published, a.analysed_at)
            )
            .mappings()
            .all()
        )
        for row in rows:
            found = fingerprints.resemblance(fingerprints.shingles(row["text"]), shingle_set)
            if found is None or not found.near_duplicate:
                continue
            self._link(
                "article",
                "near_duplicate",
                (row["id"], ""),
                "",
                found.confidence,
                "minhash",
                found.evidence(),
            )
            self.duplicates.add(row["id"])
            if self.reprint_of is None:  # the earliest one it repeats is the original
                self.reprint_of = row["id"]
                self.reprint_label = row["title"] or row["source"]

    # -- 2. entities ---------------------------------------------------------------------
    def entities(self) -> None:
        e = schema.entities.c
        refs = [
            entity_linking.EntityRef(self.aid, r.id, r.name, r.type, tuple(json.loads(r.roles or "[]")))
            for r in self.c.execute(select(e.id, e.name, e.type, e.roles).where(e.article_id == self.aid))
        ]
        keys = {ref.item_id: ref.blocking_keys() for ref in refs}
        candidates = self._candidates("entity", [k for ks in keys.values() for k in ks])
        old_refs = self._entity_refs(candidates)
        clusters = self._clusters_of("entity", list(old_refs))
        by_surname: dict[str, set[str]] = defaultdict(set)
        for item, ref in old_refs.items():
            if ref.type == entity_linking.PERSON and ref.tokens:
                by_surname[ref.tokens[-1]].add(clusters.get(item, ""))
        old_keys = {item: set(old.blocking_keys()) for item, old in old_refs.items()}  # once, not per pair
        assigned: dict[str, str] = {}
        for ref in refs:
            best: tuple[float, tuple[str, str], entity_linking.EntityMatch] | None = None
            for item, old in old_refs.items():
                if old_keys[item].isdisjoint(keys[ref.item_id]):
                    continue
                surname = ref.tokens[-1] if ref.tokens else ""
                match = entity_linking.compare(ref, old, surname_unique=len(by_surname.get(surname, ())) == 1)
                if match and item in clusters and (best is None or match.confidence > best[0]):
                    best = (match.confidence, item, match)
            if best is None:
                assigned[ref.item_id] = global_id(self.aid, ref.item_id)
            else:
                assigned[ref.item_id] = clusters[best[1]]
                self._link("entity", "same", best[1], ref.item_id, best[0], best[2].rule, best[2].evidence)
            self._keys("entity", ref.item_id, keys[ref.item_id])
        self._join("entity", assigned)
        self.entity_clusters = assigned

    def _entity_refs(
        self, items: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], entity_linking.EntityRef]:
        if not items:
            return {}
        e = schema.entities.c
        rows = self.c.execute(
            select(e.article_id, e.id, e.name, e.type, e.roles).where(
                tuple_(e.article_id, e.id).in_(list(items))
            )
        )
        return {
            (r.article_id, r.id): entity_linking.EntityRef(
                r.article_id, r.id, r.name, r.type, tuple(json.loads(r.roles or "[]"))
            )
            for r in rows
        }

    # -- 3. events -----------------------------------------------------------------------
    def _event_refs(self, where: Any) -> dict[tuple[str, str], event_linking.EventRef]:
        ev, t, a = schema.events.c, schema.times.c, schema.articles.c
        query = (
            select(schema.events, t.begin.label("time_begin"), a.published.label("article_published"))
            .select_from(
                schema.events.outerjoin(
                    schema.times, and_(t.article_id == ev.article_id, t.id == ev.time_id)
                ).join(schema.articles, a.id == ev.article_id)
            )
            .where(where)
        )
        rows = [dict(row) for row in self.c.execute(query).mappings()]
        self._load_context({row["article_id"] for row in rows})
        out = {}
        for row in rows:
            for column in ("participants", "quantities", "places", "claims"):
                row[column] = json.loads(row[column] or "[]")
            text, context = self.context[row["article_id"]]
            out[(row["article_id"], row["id"])] = event_linking.EventRef.from_ledger_row(
                row, row["time_begin"], row["article_published"], context=context, text=text
            )
        return out

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
            names[row.article_id].append((-row.n, row.name))
        for article_id in missing:
            ranked = tuple(name for _, name in sorted(names[article_id])[: event_linking.CONTEXT_NAMES])
            self.context[article_id] = (texts.get(article_id), ranked)

    def events(self) -> None:
        ev = schema.events.c
        refs = self._event_refs(ev.article_id == self.aid)
        keys = {item: event_linking.blocking_keys(ref) for (_, item), ref in refs.items()}
        candidates = self._candidates("event", [k for ks in keys.values() for k in ks])
        old_refs = self._event_refs(tuple_(ev.article_id, ev.id).in_(candidates)) if candidates else {}
        clusters = self._clusters_of("event", list(old_refs))
        old_keys = {
            i: set(event_linking.blocking_keys(old)) for i, old in old_refs.items()
        }  # once, not per pair
        assigned: dict[str, str] = {}
        for (_, item), ref in refs.items():
            best: tuple[float, tuple[str, str], Any] | None = None
            for old_item, old in old_refs.items():
                if old_item not in clusters or old_keys[old_item].isdisjoint(keys[item]):
                    continue
                link = event_linking.compare(ref, old)
                if link is not None and (best is None or link.confidence > best[0]):
                    best = (link.confidence, old_item, link)
            if best is None:
                assigned[item] = global_id(self.aid, item)
            else:
                assigned[item] = clusters[best[1]]
                self._link("event", "same", best[1], item, best[0], "event-signals", best[2].evidence)
            self._keys("event", item, keys[item])
        self._join("event", assigned)
        self.event_clusters = assigned

    # -- 4. claims and their standing ----------------------------------------------------
    def _events_words(self, pairs: Sequence[tuple[str, str]]) -> dict[str, dict[str, frozenset[str]]]:
        """The stems of the mentions of many events in one query: {article: {event: stems}}."""
        out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        m = schema.event_mentions.c
        for offset in range(0, len(pairs), 400):
            chunk = list(pairs[offset : offset + 400])
            query = select(m.article_id, m.event_id, m.text).where(
                tuple_(m.article_id, m.event_id).in_(chunk)
            )
            for r in self.c.execute(query):
                out[r.article_id][r.event_id].update(content_stems(r.text))
        return {a: {e: frozenset(s) for e, s in events.items()} for a, events in out.items()}

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
        if not items:
            return {}
        c = schema.claims.c
        query = select(schema.claims).where(tuple_(c.article_id, c.id).in_(list(items)))
        rows = list(self.c.execute(query).mappings())
        articles = {r["article_id"] for r in rows}
        cl = schema.clusters.c
        by_article: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: {"event": {}, "entity": {}})
        for r in self.c.execute(
            select(cl.kind, cl.article_id, cl.item_id, cl.cluster_id).where(
                cl.article_id.in_(articles), cl.kind.in_(["event", "entity"])
            )
        ):
            by_article[r.article_id][r.kind][r.item_id] = r.cluster_id
        pairs = sorted(
            {
                (r["article_id"], e)
                for r in rows
                for e in json.loads(r["events"] or "[]")
                if e in by_article[r["article_id"]]["event"]
            }
        )
        words = self._events_words(pairs)  # one query, not one per candidate claim
        return {
            (r["article_id"], r["id"]): self._claim_ref(
                r,
                by_article[r["article_id"]]["event"],
                by_article[r["article_id"]]["entity"],
                words.get(r["article_id"], {}),
            )
            for r in rows
        }

    def claims(self) -> None:
        c = schema.claims.c
        rows = list(
            self.c.execute(
                select(schema.claims).where(c.article_id == self.aid).order_by(c.span_start)
            ).mappings()
        )
        own_words = self._events_words([(self.aid, e) for e in sorted(self.event_clusters)]).get(self.aid, {})
        refs = [self._claim_ref(r, self.event_clusters, self.entity_clusters, own_words) for r in rows]
        candidates = self._candidates(
            "claim", [k for ref in refs for k in ref.blocking_keys()], min_shared=claim_linking.MIN_SHARED
        )
        old_refs = self._old_claims(candidates)
        clusters = self._clusters_of("claim", list(old_refs))
        touched: set[str] = set()
        evidence = self._evidence_rows()
        joins: dict[str, str] = {}
        history: list[dict[str, Any]] = []
        for row, ref in zip(rows, refs, strict=True):
            best: tuple[float, tuple[str, str], claim_linking.ClaimMatch] | None = None
            for item, old in old_refs.items():
                if item not in clusters:
                    continue
                match = claim_linking.compare(ref, old)
                if match is not None and (best is None or match.confidence > best[0]):
                    best = (match.confidence, item, match)
            counted = True
            if best is None:
                cluster, relation = global_id(self.aid, ref.item_id), "claimed"
            else:
                old = old_refs[best[1]]
                cluster = clusters[best[1]]
                relation = claim_linking.response(ref, old, party=self._party(row, old))
                self._link("claim", relation, best[1], ref.item_id, best[0], "stems+events", best[2].evidence)
                # A reprint's claim already in the story through the article it repeats is
                # not a second witness; a claim only the reprint carries still counts.
                if self.duplicates:
                    counted = self.duplicates.isdisjoint(self._cluster_articles("claim", cluster))
            joins[ref.item_id] = cluster
            self._keys("claim", ref.item_id, ref.blocking_keys())
            history.extend(self._history(cluster, row, relation, counted, evidence.get(row["id"], [])))
            touched.add(cluster)
        self._join("claim", joins)
        if history:
            self.c.execute(insert(schema.standing_history), history)
        self._derive(sorted(touched))

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

    def _evidence_rows(self) -> dict[str, list[Mapping[Any, Any]]]:
        """This article's evidence rows by claim, in order (one query for all its claims)."""
        ev = schema.evidence.c
        out: dict[str, list[Mapping[Any, Any]]] = defaultdict(list)
        query = select(schema.evidence).where(ev.article_id == self.aid).order_by(ev.claim_id, ev.seq)
        for item in self.c.execute(query).mappings():
            out[item["claim_id"]].append(item)
        return out

    def _participants(self) -> dict[str, list[dict[str, Any]]]:
        """This article's event participants by event id, read once per article."""
        if self.participants is None:
            ev = schema.events.c
            query = select(ev.id, ev.participants).where(ev.article_id == self.aid)
            self.participants = {r.id: json.loads(r.participants or "[]") for r in self.c.execute(query)}
        return self.participants

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

    def _derive(self, clusters: list[str]) -> None:
        """Derive again the current standing of the clusters this article touched."""
        if not clusters:
            return
        h = schema.standing_history.c
        by_cluster: dict[str, list[Entry]] = defaultdict(list)
        for offset in range(0, len(clusters), 400):
            chunk = clusters[offset : offset + 400]
            query = select(h.claim_key, h.id, h.date, h.relation, h.source_name, h.counted).where(
                h.claim_key.in_(chunk)
            )
            for r in self.c.execute(query):
                entry = Entry(r.id, r.date, r.relation, r.source_name, bool(r.counted))
                by_cluster[r.claim_key].append(entry)
            self.c.execute(delete(schema.claim_standing).where(schema.claim_standing.c.cluster_id.in_(chunk)))
        rows = []
        for cluster in clusters:
            current = derive(by_cluster[cluster])
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
        self.c.execute(insert(schema.claim_standing), rows)
