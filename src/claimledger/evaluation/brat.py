"""brat standoff (``.ann``) reading: text-bound spans and the events that tie them together.

Only what the corpora use is read: ``T`` lines (spans) and ``E`` lines (events). Notes
(``#``), attributes (``A``), relations (``R``) and the rest are skipped, so a file with
annotator notes still loads.

Two details of the format decide whether offsets can be trusted:

* A span's surface text is written raw after the second tab. When the span crosses a
  newline of the article, the text goes on over the next line(s) of the ``.ann`` file
  (3 entries in PolNeAR train). So a ``T`` entry's text is read up to the length its
  offsets announce, not up to the end of the line.
* The fragments of a discontinuous span (``start end;start end``) are written in
  annotation order, not always left to right (9 spans in PolNeAR dev files, 101 in
  train); their surface texts are joined with one space.

:func:`surface` rebuilds that text from the article; :func:`check_offsets` compares it
with what the file says, so that a text read with newline translation (which shifts every
offset after the first ``\\r\\n``) fails loudly instead of scoring garbage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from claimledger.errors import InputError

Fragment = tuple[int, int]
Fragments = tuple[Fragment, ...]

# An entry starts with its id and a tab: T1, E1, R1, A1, M1, N1, #1 or * (brat's kinds).
_ENTRY = re.compile(r"^(?:[TERAMN]\d+|#\d*|\*)\t")
_ROLE_NUMBER = re.compile(r"\d+$")


@dataclass(frozen=True, slots=True)
class TextBound:
    """A ``T`` line: a labelled span. ``fragments`` keep the file's order."""

    id: str
    label: str
    fragments: Fragments
    text: str


@dataclass(frozen=True, slots=True)
class Event:
    """An ``E`` line: ``trigger`` is a ``T`` id; ``arguments`` are (role, ``T`` id) pairs.

    brat numbers a repeated role (``Content``, ``Content2``): :func:`base_role` strips it.
    """

    id: str
    label: str
    trigger: str
    arguments: tuple[tuple[str, str], ...]

    def ids_for(self, role: str) -> tuple[str, ...]:
        """The ``T`` ids filling ``role``, including its numbered repeats."""
        return tuple(tid for r, tid in self.arguments if base_role(r) == role)


@dataclass(frozen=True, slots=True)
class Annotation:
    """One parsed ``.ann`` file."""

    spans: dict[str, TextBound]
    events: tuple[Event, ...]


def base_role(role: str) -> str:
    return _ROLE_NUMBER.sub("", role)


def parse_ann(content: str, *, label: str = "<ann>") -> Annotation:
    """Parse the text of a ``.ann`` file; ``label`` names it in error messages."""
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's final newline, not an empty last line
    spans: dict[str, TextBound] = {}
    events: list[Event] = []
    i = 0
    while i < len(lines):
        line, i = lines[i], i + 1
        if line.startswith("T"):
            span, i = _read_span(line, lines, i, label)
            spans[span.id] = span
        elif line.startswith("E"):
            events.append(_read_event(line, label))
        elif line.strip() and not _ENTRY.match(line):
            raise InputError(f"{label}:{i}: not a brat entry: {line[:60]!r}")
    return Annotation(spans=spans, events=tuple(events))


def read_ann(path: Path) -> Annotation:
    # newline="" semantics (bytes, then decode): a "\r" inside a span's text must survive.
    return parse_ann(path.read_bytes().decode("utf-8"), label=str(path))


def surface(text: str, fragments: Fragments) -> str:
    """The text brat writes for ``fragments``: each fragment's text, joined with a space."""
    return " ".join(text[start:end] for start, end in fragments)


def check_offsets(annotation: Annotation, text: str) -> list[str]:
    """Spans whose offsets do not give back their written text, as one-line messages.

    Exact equality is required except for whitespace runs (some brat exports write a
    newline inside a span as a space); PolNeAR itself matches exactly everywhere.
    """
    problems = []
    for span in annotation.spans.values():
        found = surface(text, span.fragments)
        if found != span.text and _squash(found) != _squash(span.text):
            problems.append(f"{span.id} {span.label}: offsets give {found[:40]!r}, "
                            f"file says {span.text[:40]!r}")
    return problems


def _squash(text: str) -> str:
    return " ".join(text.split())


def _read_span(line: str, lines: list[str], i: int, label: str) -> tuple[TextBound, int]:
    parts = line.split("\t", 2)
    if len(parts) < 2 or " " not in parts[1]:
        raise InputError(f"{label}:{i}: malformed span line: {line[:60]!r}")
    kind, offsets = parts[1].split(" ", 1)
    try:
        fragments = tuple(_fragment(f) for f in offsets.split(";"))
    except ValueError:
        raise InputError(f"{label}:{i}: bad offsets {offsets!r}") from None
    text = parts[2] if len(parts) == 3 else ""
    # Text that crosses a newline continues on the next lines: read up to the announced
    # length (fragment lengths plus one joining space between fragments), never into the
    # next entry (a short text then fails check_offsets instead of eating an event).
    expected = sum(end - start for start, end in fragments) + len(fragments) - 1
    while len(text) < expected and i < len(lines) and not _ENTRY.match(lines[i]):
        text, i = text + "\n" + lines[i], i + 1
    return TextBound(parts[0], kind, fragments, text), i


def _fragment(raw: str) -> Fragment:
    start, end = (int(x) for x in raw.split())
    if not 0 <= start <= end:
        raise ValueError(raw)
    return start, end


def _read_event(line: str, label: str) -> Event:
    parts = line.split("\t")
    if len(parts) < 2 or not parts[1].strip():
        raise InputError(f"{label}: malformed event line: {line[:60]!r}")
    pairs = []
    for item in parts[1].split():
        role, sep, tid = item.partition(":")
        if not sep or not tid:
            raise InputError(f"{label}: malformed event argument {item!r} in {parts[0]}")
        pairs.append((role, tid))
    (event_label, trigger), arguments = pairs[0], tuple(pairs[1:])
    return Event(parts[0], event_label, trigger, arguments)
