"""The month calendar's layout: weeks from Monday, each event on its days in a zone."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from workshops.month import (
    Month,
    MonthRefused,
    days_with_events,
    local_days,
    month_weeks,
    month_window,
)

ROME = ZoneInfo("Europe/Rome")
TORONTO = ZoneInfo("America/Toronto")
UTC = ZoneInfo("UTC")


@dataclass
class Happening:
    """As much of an event as the layout reads."""

    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def at(zone, *parts):
    return datetime.datetime(*parts, tzinfo=zone)


def titles_by_day(weeks):
    return {
        day.date.day: [(entry.event.title, entry.starts_here) for entry in day.entries]
        for week in weeks
        for day in week
        if day.entries
    }


def in_rome(event):
    return ROME


def test_weeks_run_from_monday_and_cover_the_month():
    weeks = month_weeks(Month(2026, 4), [], zone_of=in_rome)

    assert [day.date.weekday() for day in weeks[0]] == [0, 1, 2, 3, 4, 5, 6]
    assert weeks[0][0].date == datetime.date(2026, 3, 30)
    assert weeks[-1][-1].date == datetime.date(2026, 5, 3)
    assert [day.date.day for week in weeks for day in week if day.in_month] == list(range(1, 31))


def test_a_month_starting_on_a_monday_has_no_day_of_the_month_before():
    weeks = month_weeks(Month(2026, 6), [], zone_of=in_rome)

    assert weeks[0][0].date == datetime.date(2026, 6, 1)
    assert all(day.in_month for day in weeks[0])


def test_a_month_starting_on_a_sunday_shows_it_at_the_end_of_the_first_week():
    weeks = month_weeks(Month(2026, 3), [], zone_of=in_rome)

    assert [day.in_month for day in weeks[0]] == [False] * 6 + [True]
    assert weeks[0][6].date == datetime.date(2026, 3, 1)
    assert len(weeks) == 6


def test_february_of_a_leap_year_has_29_days():
    weeks = month_weeks(Month(2028, 2), [], zone_of=in_rome)

    assert Month(2028, 2).last_day == datetime.date(2028, 2, 29)
    assert sum(day.in_month for week in weeks for day in week) == 29


def test_an_event_is_on_the_day_of_its_start_in_the_zone_given():
    evening = Happening("Evening webinar", at(UTC, 2026, 4, 14, 23, 30), at(UTC, 2026, 4, 15, 1))

    assert titles_by_day(month_weeks(Month(2026, 4), [evening], zone_of=in_rome)) == {
        15: [("Evening webinar", True)]
    }
    assert titles_by_day(month_weeks(Month(2026, 4), [evening], zone_of=lambda e: TORONTO)) == {
        14: [("Evening webinar", True)]
    }


def test_days_are_counted_on_each_side_of_a_change_to_summer_time():
    # Rome moves from UTC+1 to UTC+2 early on 29 March 2026: half past midnight in Rome is
    # 23:30 UTC before the change and 22:30 UTC after it.
    before = Happening("Before", at(UTC, 2026, 3, 28, 23, 30), at(UTC, 2026, 3, 29, 0, 30))
    after = Happening("After", at(UTC, 2026, 3, 29, 22, 30), at(UTC, 2026, 3, 29, 23, 30))
    late = Happening("Late", at(UTC, 2026, 3, 29, 21, 30), at(UTC, 2026, 3, 29, 21, 45))

    weeks = month_weeks(Month(2026, 3), [before, after, late], zone_of=in_rome)

    assert titles_by_day(weeks) == {
        29: [("Before", True), ("Late", True)],
        30: [("After", True)],
    }
    assert weeks[5][0].entries[0].starts_at.strftime("%H:%M") == "00:30"


def test_an_event_over_several_days_is_on_each_and_continues_after_the_first():
    workshop = Happening("Milan", at(ROME, 2026, 4, 9, 9), at(ROME, 2026, 4, 11, 17))

    assert titles_by_day(month_weeks(Month(2026, 4), [workshop], zone_of=in_rome)) == {
        9: [("Milan", True)],
        10: [("Milan", False)],
        11: [("Milan", False)],
    }


def test_an_event_ending_at_midnight_stays_off_the_next_day():
    assert local_days(at(ROME, 2026, 4, 9, 18), at(ROME, 2026, 4, 10, 0), ROME) == (
        datetime.date(2026, 4, 9),
        datetime.date(2026, 4, 9),
    )


def test_an_event_across_the_end_of_a_month_is_in_each_month_on_its_days_only():
    visit = Happening("Visit", at(ROME, 2026, 4, 29, 9), at(ROME, 2026, 5, 2, 17))

    april = month_weeks(Month(2026, 4), [visit], zone_of=in_rome)
    may = month_weeks(Month(2026, 5), [visit], zone_of=in_rome)

    assert titles_by_day(april) == {29: [("Visit", True)], 30: [("Visit", False)]}
    assert titles_by_day(may) == {1: [("Visit", False)], 2: [("Visit", False)]}
    # May's first week shows 29 and 30 April without their entries: April shows them.
    assert [day.entries for day in may[0][:4]] == [[], [], [], []]


def test_entries_of_a_day_come_in_order_of_start():
    late = Happening("Late", at(ROME, 2026, 4, 9, 15), at(ROME, 2026, 4, 9, 16))
    early = Happening("Early", at(ROME, 2026, 4, 9, 9), at(ROME, 2026, 4, 9, 10))

    weeks = month_weeks(Month(2026, 4), [late, early], zone_of=in_rome)

    assert [day.date.day for day in days_with_events(weeks)] == [9]
    assert titles_by_day(weeks) == {9: [("Early", True), ("Late", True)]}


def test_today_is_marked():
    weeks = month_weeks(Month(2026, 4), [], zone_of=in_rome, today=datetime.date(2026, 4, 15))

    assert [day.date for week in weeks for day in week if day.is_today] == [
        datetime.date(2026, 4, 15)
    ]


@pytest.mark.parametrize(
    ("value", "month"),
    [("2026-04", Month(2026, 4)), ("1900-01", Month(1900, 1)), ("2200-12", Month(2200, 12))],
)
def test_a_month_is_read_from_year_and_month(value, month):
    assert Month.parse(value) == month


@pytest.mark.parametrize(
    "value",
    ["2026-13", "2026-00", "abc", "99999-01", "2026-4", "1899-12", "2201-01", "２０２６-０４", ""],
)
def test_a_month_that_is_not_one_is_refused(value):
    with pytest.raises(MonthRefused):
        Month.parse(value)


def test_months_before_and_after_cross_years_and_stop_at_the_ends():
    assert Month(2026, 1).previous == Month(2025, 12)
    assert Month(2026, 12).next == Month(2027, 1)
    assert Month(1900, 1).previous is None
    assert Month(2200, 12).next is None
    assert str(Month(1900, 1)) == "1900-01"


def test_the_window_holds_the_month_in_every_zone():
    start, end = month_window(Month(2026, 4))

    assert start <= at(ZoneInfo("Pacific/Kiritimati"), 2026, 4, 1, 0)
    assert end >= at(ZoneInfo("Pacific/Pago_Pago"), 2026, 5, 1, 0)
