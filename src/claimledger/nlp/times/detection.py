"""Finding time expressions in a parsed Doc: the grammar's matches that are times in
context ("in 2009", not "2,000 jobs" or "Windows 2000"), the model's DATE/TIME entities
that no rule reads, the tense of the governing verb, and signals ("since", "by") that open
or close the interval. Each expression is normalised against the publication date and the
last date the text gave.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc, Span, Token

from claimledger.nlp.times.grammar import Candidate, candidates, read
from claimledger.nlp.times.patterns import Rule, folded, group
from claimledger.nlp.times.values import FUTURE, PAST, Context, Norm, precision
from claimledger.types import TimeExpression

# Words before a bare year, "May" or a bare season that make it a time ("in 2009", "since May").
TIME_PREPOSITIONS = frozenset({
    "in", "since", "by", "until", "till", "from", "to", "through", "throughout", "before", "after",
    "during", "of", "early", "late", "mid", "and", "or", "between", "circa", "around", "about", "the",
    "this", "last", "next", "year", "spring", "summer", "autumn", "fall", "winter", "fiscal", "end",
    "beginning", "start", "middle", "than", "as"})
# Entities inside which a date-like word is part of a name ("Windows 2000", "USA Today").
# Full calendar dates and clock times are times even where the model draws a name around them.
FULL_DATES = frozenset({"iso date", "numeric date", "day month", "month day", "clock time"})
NAME_LABELS = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "LAW", "PERSON", "GPE", "NORP", "LANGUAGE"})
# "since March 2022" -> ON_OR_AFTER with an open end; the signal stays outside the extent.
SIGNALS = {"since": "ON_OR_AFTER", "after": "AFTER", "before": "BEFORE", "until": "ON_OR_BEFORE",
           "till": "ON_OR_BEFORE", "by": "ON_OR_BEFORE"}
FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll", "wo", "would", "could", "may", "might"})
PLAN_LEMMAS = frozenset({"plan", "expect", "schedule", "set", "due", "intend", "aim", "hope", "promise",
                         "prepare", "go", "want", "seek", "propose", "agree", "vow", "pledge", "threaten"})


def find_times(doc: Doc, published: date | None) -> list[TimeExpression]:
    """Every time expression of ``doc``, in text order, normalised against ``published``.

    Ids are "T1", "T2" … in text order; offsets are into ``doc.text``; spans never overlap.
    """
    text = doc.text  # spaCy joins the tokens on every access: read it once
    found = [c for c in candidates(text) if plausible(doc, c, text)]
    found = _merge_entities(doc, found, text)
    times: list[TimeExpression] = []
    reference: Norm | None = None
    last_day: date | None = None
    for cand in found:
        signal = _previous_word(text, cand.start)
        tense = PAST if signal == "since" else tense_at(doc, cand.start, cand.end)
        ctx = Context(published, tense, reference, last_day)
        norm = _with_signal(read(cand.rule, cand.match, ctx), signal)
        if _as_set(doc, cand):
            norm = Norm(norm.value, "SET")
        if norm.type == "DATE" and norm.value and precision(norm.value):
            reference = norm
            last_day = norm.begin if precision(norm.value) == "day" else last_day
        times.append(TimeExpression(
            id=f"T{len(times) + 1}", start=cand.start, end=cand.end, text=text[cand.start:cand.end],
            value=norm.value, type=norm.type, mod=norm.mod,
            begin=None if norm.begin is None else norm.begin.isoformat(),
            until=None if norm.until is None else norm.until.isoformat()))
    return times


def _previous_word(text: str, start: int) -> str:
    before = re.search(r"([\w'’$£€#%]+)[ \t\u00a0]*$", text[max(0, start - 40):start])
    return before.group(1).lower() if before else ""


def plausible(doc: Doc, cand: Candidate, text: str) -> bool:
    """Reject what only looks like a time: a bare number that is not a year ("2,000 jobs",
    "$2009"), the modal "May", "a day" that is no duration, words inside a name ("Windows
    2000"), ages ("a 55-year-old": already refused by the pattern)."""
    m = cand.match
    before = _previous_word(text, cand.start)
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    name = cand.rule.name
    if span is not None and name not in FULL_DATES and _inside_name(span):
        return False
    if name == "year" and not (group(m, "mod") or group(m, "fy")):
        tagged = span is not None and span[0].ent_type_ == "DATE"  # the model's DATE entity
        return text[cand.start - 1:cand.start] not in {"$", "£", "€", "#"} and (
            before in TIME_PREPOSITIONS or tagged)
    if name == "month" and not (group(m, "mod") or group(m, "rel") or group(m, "year2") or group(m, "yrel")):
        return m["month"] != "May" or before in TIME_PREPOSITIONS
    if name == "season" and m["season"].lower() in {"fall", "spring"}:
        return bool(group(m, "mod") or group(m, "rel") or group(m, "year")) or before in TIME_PREPOSITIONS
    if name in {"reference", "deictic"} and span is not None and _title_case_name(span):
        return False
    if name == "reference":
        return text[cand.end:cand.end + 1] != "-"  # "now-defunct"
    if name == "duration" and folded(m["n"] or "") in {"a", "an", "one"} and not group(m, "approx"):
        return bool(group(m, "long")) or before in {"for", "within", "in", "over", "after", "than", "least",
                                                "about", "nearly", "almost", "around", "just", "only",
                                                "during", "past", "first", "last"} or _as_set(doc, cand) \
            or re.match(r"[ \t]+(?:before|after|later|earlier)\b", text[cand.end:cand.end + 10]) is not None
    return True


def _title_case_name(span: Span) -> bool:
    """"CBS This Morning", "USA Today": capitalised words in mid-sentence name a show or paper."""
    if span[0].is_sent_start or span.start == 0 or not all(t.is_title for t in span if t.is_alpha):
        return False
    return span.doc[span.start - 1].text not in {'"', "“", "‘", "'", "(", ":"}


def _inside_name(span: Span) -> bool:
    """True when the words belong to a larger named entity that is not a time."""
    for token in span:
        if token.ent_type_ in NAME_LABELS:
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            # an entity across a line break is a headline run into the next line, not a name
            if ent is not None and "\n" not in ent.text and (ent.start < span.start or ent.end > span.end):
                return True
    return False


def _as_set(doc: Doc, cand: Candidate) -> bool:
    """"15 a year", "200 flights a month": a rate, so a SET, not a duration."""
    if cand.rule.name != "duration" or folded(cand.match["n"] or "") not in {"a", "an"}:
        return False
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    previous = doc[span.start - 1]
    return previous.tag_ in {"CD", "NNS", "$"} or previous.text in {"%", "percent", "once", "twice"}


TIME_WORD = re.compile(r"\b(?:days?|weeks?|weekends?|months?|years?|decades?|century|centuries|hours?"
                       r"|minutes?|mornings?|afternoons?|evenings?|nights?|season|era|period|quarter)\b",
                       re.I)
AGE = re.compile(r"\bold\b|\bage[ds]?\b|-olds?\b", re.I)
# "the day", "a year" as the model's entity: too vague to stand as a time on their own
BARE_UNIT = re.compile(r"(?:the|a|an|that|those)[ \t]+(?:day|week|month|year|hour|night)s?", re.I)
FRACTION = re.compile(r".*\b(?:quarters?|half)[ \t]+of\b", re.I)  # "less than a quarter of the donors"


def _unread_date(m: re.Match[str], ctx: Context) -> Norm:
    return Norm(None, "DATE")


def _unread_time(m: re.Match[str], ctx: Context) -> Norm:
    return Norm(None, "TIME")


# The model's entities that no rule reads: kept with their text and type, without a value.
ENTITY_RULES = {"DATE": Rule("DATE entity", re.compile(r".+"), _unread_date),
                "TIME": Rule("TIME entity", re.compile(r".+"), _unread_time)}


def _names_a_time(words: str, after: str) -> bool:
    """An unread entity is kept only when it names a stretch of time and is no age, no
    fraction ("a quarter of") and not a bare unit ("the day")."""
    return bool(TIME_WORD.search(words)) and not (
        AGE.search(words) or FRACTION.match(words + after[:4]) or BARE_UNIT.fullmatch(words))


def _merge_entities(doc: Doc, found: list[Candidate], text: str) -> list[Candidate]:
    """Add the model's DATE/TIME entities that no rule read but that name a stretch of time
    ("the school year", "a half-century"): kept with their text and no value. Ages and bare
    numbers ("55", "the age of 56") are not times."""
    extra = []
    for ent in doc.ents:
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        line = ent.text.split("\n")[0].rstrip(" ,.;:")
        line = re.sub(r"[’']s$", "", line)
        start, end = ent.start_char, ent.start_char + len(line)
        if any(c.start < end and start < c.end for c in found) or not _names_a_time(line, text[end:end + 8]):
            continue
        entity_rule = ENTITY_RULES[ent.label_]
        match = entity_rule.pattern.match(text, start, end)
        if match is not None:
            extra.append(Candidate(start, end, entity_rule, match))
    return sorted(found + extra, key=lambda c: c.start)


def _with_signal(norm: Norm, signal: str) -> Norm:
    """"since March 2022": open interval from March 2022 (``until`` None), mod ON_OR_AFTER."""
    mod = SIGNALS.get(signal)
    if mod is None or norm.begin is None or norm.until is None or norm.mod is not None:
        return norm  # "until recently", "by now": no calendar interval to open
    if mod in {"ON_OR_AFTER", "AFTER"}:
        start = norm.begin if mod == "ON_OR_AFTER" else norm.until
        return Norm(norm.value, norm.type, start, None, mod)
    end = norm.begin if mod == "BEFORE" else norm.until
    return Norm(norm.value, norm.type, None, end, mod)


def tense_at(doc: Doc, start: int, end: int) -> str | None:
    """The tense of the verb that governs the expression: FUTURE for "will"/"would"/modals and
    "plans to …", PAST for a past or perfect verb, None when the parse does not say."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    verb: Token = span.root
    for _ in range(6):
        if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    return verb_tense(verb)


def verb_tense(verb: Token, depth: int = 0) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in FUTURE_AUX for a in auxes):
        return FUTURE
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return PAST
    if verb.dep_ in {"xcomp", "ccomp", "advcl"} and verb.head is not verb and depth < 2:
        if verb.dep_ == "xcomp" and verb.head.lemma_ in PLAN_LEMMAS:
            return FUTURE
        if verb.tag_ == "VB":
            return verb_tense(verb.head, depth + 1)
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in {"VBZ", "VBP"} for a in auxes):
        return FUTURE  # "is launching on Friday"
    return None
