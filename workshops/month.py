"""The month calendar's layout: which month a visitor asked for, and each event on its days.

Plain functions of dates and events, with no query and no request, so that the grid's rules
(weeks from Monday, events over several days, days in the viewer's zone) are tested alone.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

# The years the calendar answers for: far enough for any programme, near enough that every
# month has a previous and a next one that Python's dates can hold.
FIRST_YEAR = 1900
LAST_YEAR = 2200

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class MonthRefused(ValueError):
    """A ``?month=`` value that names no month the calendar shows; ``message`` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, date):
        return cls(date.year, date.month)

    @classmethod
    def parse(cls, value):
        """The month ``YYYY-MM`` names, or MonthRefused with a message for the visitor."""
        match = _MONTH.fullmatch(value)
        if match is None:
            raise MonthRefused(_("Give the month as year and month, such as 2026-04."))
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise MonthRefused(_("A month is numbered from 01 to 12."))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise MonthRefused(
                _("The calendar shows the years %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return cls(year, month)

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self):
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def previous(self):
        """The month before, None before the first year the calendar shows."""
        month = Month.of(self.first_day - datetime.timedelta(days=1))
        return month if month.year >= FIRST_YEAR else None

    @property
    def next(self):
        """The month after, None after the last year the calendar shows."""
        month = Month.of(self.last_day + datetime.timedelta(days=1))
        return month if month.year <= LAST_YEAR else None


@dataclass(frozen=True)
class Entry:
    """An event on one of its days: ``starts_here`` on its first day (whose start time the
    calendar shows, ``starts_at`` in the zone of the day), ``continues`` on the others."""

    event: object
    starts_at: datetime.datetime
    starts_here: bool


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool = False
    entries: list = field(default_factory=list)


def local_days(starts_at, ends_at, zone):
    """The dates in ``zone`` an event from ``starts_at`` to ``ends_at`` takes place on. An
    event that ends at midnight does not reach into the day that begins then."""
    first = starts_at.astimezone(zone).date()
    last = (ends_at.astimezone(zone) - datetime.timedelta(microseconds=1)).date()
    return first, max(first, last)


def month_weeks(month, events, *, zone_of, today=None):
    """The weeks of ``month`` from Monday to Sunday, as lists of ``Day``s, each day of the
    month with the entries of the events on it, in order of the events' start.

    ``zone_of(event)`` is the ``ZoneInfo`` whose dates an event's days are counted in (the
    viewer's, or else the venue's). Days of the weeks that belong to the months before and
    after are ``in_month=False`` and carry no entries: their own month shows them.
    """
    dates = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        month.year, month.month
    )
    days = {
        date: Day(date=date, in_month=date.month == month.month, is_today=date == today)
        for week in dates
        for date in week
    }
    for event in sorted(events, key=lambda event: (event.starts_at, event.title)):
        zone = zone_of(event)
        first, last = local_days(event.starts_at, event.ends_at, zone)
        starts_at = event.starts_at.astimezone(zone)
        date = max(first, month.first_day)
        while date <= min(last, month.last_day):
            days[date].entries.append(
                Entry(event=event, starts_at=starts_at, starts_here=date == first)
            )
            date += datetime.timedelta(days=1)
    return [[days[date] for date in week] for week in dates]


def days_with_events(weeks):
    """The days of the month that have an event, in order: the calendar as a list."""
    return [day for week in weeks for day in week if day.in_month and day.entries]


def month_window(month):
    """The instants, UTC, between which an event may fall on a day of ``month`` in any zone:
    a day either side, which covers every zone's offset from UTC."""
    utc = ZoneInfo("UTC")
    start = datetime.datetime.combine(month.first_day, datetime.time(), utc)
    end = datetime.datetime.combine(month.last_day, datetime.time(), utc)
    return start - datetime.timedelta(days=1), end + datetime.timedelta(days=2)
