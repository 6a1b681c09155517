"""Pairing quote marks in raw text, before and independently of the parse.

News uses every style: “…” and "…" (US), ‘…’ and '…' (UK, headlines), «…» (wires
translated from French, Russian, Spanish), with the inner style nested inside the outer
one. The single marks double as apostrophes ("it’s", "dogs’"), and straight marks have no
direction, so each mark is classified from its neighbours.

Multi-paragraph quotes follow the typographic convention: a paragraph that ends inside a
quote and a next paragraph that opens with the same mark continue one quotation.

Unbalanced marks never fail the document: the unmatched mark is reported as an
:class:`AnalysisWarning` and every quotation that does pair up is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimledger.types import AnalysisWarning

# mark -> (role, family). The family decides what may close what.
_OPENERS = {"“": "double", "„": "double", "«": "guillemet", "‹": "single_guillemet", "‘": "single"}
_CLOSERS = {"”": "double", "»": "guillemet", "›": "single_guillemet", "’": "single"}
_STRAIGHT = {'"': "straight_double", "'": "straight_single"}
# Families whose marks are also apostrophes: unmatched ones are not worth a warning.
_APOSTROPHE_FAMILIES = {"single", "straight_single"}
_OPEN_CONTEXT = set(" \t\n\r([{—–-/:;,") | set(_OPENERS) | {'"', "'"}


@dataclass(frozen=True, slots=True)
class Quotation:
    """One outermost pair of quote marks.

    ``open``/``close`` are the offsets of the marks themselves; ``start``/``end`` bound
    the words inside (whitespace trimmed). ``paragraphs`` > 1 for a multi-paragraph quote.
    """

    open: int
    close: int
    start: int
    end: int
    family: str
    paragraphs: int = 1

    @property
    def outer_end(self) -> int:
        return self.close + 1


@dataclass(slots=True)
class _Open:
    offset: int
    family: str
    paragraphs: int = 1


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, i: int, stack: list[_Open]) -> tuple[str, str] | None:
    """Return (role, family) for the mark at ``i``, or None when it is an apostrophe."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in _OPENERS:
        family = _OPENERS[ch]
        if family == "single" and _is_word(prev):
            return None  # a mistyped apostrophe inside a word
        return "open", family
    if ch in _CLOSERS:
        family = _CLOSERS[ch]
        if family == "single":
            if _is_word(prev) and _is_word(nxt):
                return None  # it’s, Roe’s
            if not any(o.family == "single" for o in stack):
                return None  # plural possessive (dogs’) or elision (’90s)
            if nxt.isalpha():
                return None
        return "close", family
    family = _STRAIGHT[ch]
    pending = any(o.family == family for o in stack)
    if family == "straight_single":
        if _is_word(prev) and _is_word(nxt):
            return None  # it's
        if pending and not _is_word(nxt):
            return "close", family
        if prev in _OPEN_CONTEXT and (nxt.isalpha() or nxt in "“\"‘"):
            return "open", family
        return None
    # Straight double: direction from context, falling back on what is pending.
    if pending and (not nxt.strip() or not _is_word(nxt) or _is_word(prev)):
        return "close", family
    if prev in _OPEN_CONTEXT or not pending:
        return "open", family
    return "close", family


def _paragraph_continues(text: str, i: int, family: str) -> int | None:
    """At a newline inside an open quote: offset of the reopening mark of the next
    paragraph when the quote continues there (multi-paragraph convention), else None."""
    j = i
    while j < len(text) and text[j] in "\r\n \t":
        j += 1
    if j >= len(text):
        return None
    ch = text[j]
    if _OPENERS.get(ch) == family or _STRAIGHT.get(ch) == family:
        return j
    return None


def find_quotations(text: str) -> tuple[list[Quotation], list[AnalysisWarning]]:
    """Outermost quotations in ``text`` in order, and warnings for unmatched marks."""
    quotations: list[Quotation] = []
    warnings: list[AnalysisWarning] = []
    stack: list[_Open] = []
    marks = set(_OPENERS) | set(_CLOSERS) | set(_STRAIGHT)
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" and stack:
            outer = stack[0]
            reopen = _paragraph_continues(text, i, outer.family)
            if reopen is not None and len(stack) == 1:
                outer.paragraphs += 1
                i = reopen + 1
                continue
            for opened in stack:
                if opened.family not in _APOSTROPHE_FAMILIES:
                    why = "no closing mark before the paragraph ends"
                    warnings.append(_unmatched(opened.offset, text, why))
            stack.clear()
            i += 1
            continue
        if ch not in marks:
            i += 1
            continue
        kind = _classify(text, i, stack)
        if kind is None:
            i += 1
            continue
        role, family = kind
        if role == "open":
            stack.append(_Open(i, family))
        else:
            idx = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].family == family), None)
            if idx is None:
                if family not in _APOSTROPHE_FAMILIES:
                    warnings.append(_unmatched(i, text, "closing mark with no opening mark"))
            else:
                # Inner marks left open inside this pair were apostrophes or typos: drop them.
                for dropped in stack[idx + 1 :]:
                    if dropped.family not in _APOSTROPHE_FAMILIES:
                        why = "no closing mark inside the enclosing quote"
                        warnings.append(_unmatched(dropped.offset, text, why))
                opened = stack[idx]
                del stack[idx:]
                if not stack:
                    quotation = _make(text, opened, i)
                    if quotation is not None:
                        quotations.append(quotation)
        i += 1
    for opened in stack:
        if opened.family not in _APOSTROPHE_FAMILIES:
            warnings.append(_unmatched(opened.offset, text, "no closing mark before the text ends"))
    return quotations, warnings


def _make(text: str, opened: _Open, close: int) -> Quotation | None:
    start, end = opened.offset + 1, close
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Quotation(opened.offset, close, start, end, opened.family, opened.paragraphs)


def _unmatched(offset: int, text: str, why: str) -> AnalysisWarning:
    return AnalysisWarning(
        code="unbalanced_quote",
        message=f"quote mark {text[offset]!r} at {offset}: {why}; the other quotes are kept",
        offset=offset,
    )
