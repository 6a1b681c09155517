"""Time expressions: found in a parsed Doc, normalised against the publication date.

Why rules and not a library: the expressions news uses are a small closed grammar
("on Friday", "last month", "the past three years", "since March 2022"), TIMEX3 fixes
what each one means, and every rule here is a pure function of (text, anchor, tense) that
a test can pin. dateparser would add a dependency and still miss "earlier this week",
"since …" and durations (see shared/ENVIRONMENT.md).

Conventions (TIMEX3 / TempEval-3, so that MEANTIME scores are honest):

* The extent is the expression without its signal: "since March 2022" gives the span
  "March 2022" (value ``2022-03``, ``mod`` ON_OR_AFTER, ``begin`` 2022-03-01, ``until`` None);
  "over three days" gives "three days" (DURATION ``P3D``). Determiners and modifiers that
  change the meaning are inside ("the past decade", "early 2009", "almost two years").
* Values: ``2025-05-23``, ``2025-W21``, ``2025-W21-WE``, ``2025-05``, ``2025-Q1``,
  ``2025-H1``, ``2025-SU``, ``2025``, ``199`` (the 1990s), ``19`` (the 20th century),
  ``FY2025``, ``2025-05-23T18:00Z``, ``2025-05-23TMO``, ``P3D``, ``PT2H``, ``PXY``
  (a vague amount), ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``; SETs carry their period.
* Without a publication date an expression that needs one (weekdays, "last month",
  "a week ago", "today") keeps its text and type and gets no value, never today's date.
  A month or day without a year gets the TIMEX3 unknown year (``XXXX-05-23``).
* Weekdays, months and quarters without a year take the reading that fits the tense of the
  verb governing them: past by default ("on Friday" in a report is the Friday before
  publication, or publication day itself), future when the verb is ("will meet Friday").

The stages, one module each: ``values`` (TIMEX3 values and calendar arithmetic, pure),
``patterns`` (the grammar's building blocks), ``dates`` and ``spans`` (the rules),
``grammar`` (the rules in order, over plain text: :func:`~.grammar.normalise`) and
``detection`` (over a parsed Doc: :func:`find_times`).
"""

from claimledger.nlp.times.detection import find_times

__all__ = ["find_times"]
