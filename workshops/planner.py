"""The webinar time planner: for a day and a webinar's length, where each half hour of the
day falls on each government's clock, and which slots suit the most governments.

Pure computation: the governments and their holidays come in, nothing is read or written.
The slots are the 48 half hours of the day in UTC; each government sees them in its own
time zone with daylight saving as it is on that day.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

SLOT_LENGTH = datetime.timedelta(minutes=30)
SLOTS_PER_DAY = 48
WORKING_HOURS = (datetime.time(8), datetime.time(18))
CORE_HOURS = (datetime.time(9), datetime.time(17))
# A webinar lasts from half an hour to a working day, in quarter hours.
SHORTEST_MINUTES, LONGEST_MINUTES, DURATION_STEP_MINUTES = 30, 8 * 60, 15
DURATIONS_MINUTES = tuple(range(SHORTEST_MINUTES, LONGEST_MINUTES + 1, DURATION_STEP_MINUTES))
BEST_SLOTS = 5


@dataclass(frozen=True)
class LocalTime:
    """One slot on one government's clock."""

    government: object
    starts_at: datetime.datetime  # aware, in the government's zone
    ends_at: datetime.datetime
    holiday: str  # the public holiday's name on the local start date, "" when none
    weekend: bool
    inside_working_hours: bool  # the whole webinar between 08:00 and 18:00 local time
    inside_core_hours: bool  # the whole webinar between 09:00 and 17:00 local time

    @property
    def day_off(self):
        return bool(self.holiday) or self.weekend

    @property
    def available(self):
        """Inside working hours on a working day: the government can take part."""
        return self.inside_working_hours and not self.day_off

    @property
    def available_in_core_hours(self):
        return self.inside_core_hours and not self.day_off

    @property
    def day_offset(self):
        """Days between the local start date and the UTC one (-1, 0 or +1)."""
        return (self.starts_at.date() - self.starts_at.astimezone(datetime.UTC).date()).days


@dataclass(frozen=True)
class Slot:
    """A half hour of the day in UTC at which the webinar could start."""

    starts_at: datetime.datetime  # aware, UTC
    ends_at: datetime.datetime
    local_times: tuple  # of LocalTime, one per government, in the plan's order
    available_count: int  # governments in working hours on a working day
    core_count: int  # governments in core hours on a working day

    @property
    def rank_key(self):
        """More governments in working hours first, then more in core hours, then earlier."""
        return (-self.available_count, -self.core_count, self.starts_at)


@dataclass(frozen=True)
class DayOff:
    government: object
    holiday: str
    weekend: bool


@dataclass(frozen=True)
class Plan:
    day: datetime.date
    duration: datetime.timedelta
    governments: tuple
    slots: tuple  # the day's 48 slots, earliest first
    best: tuple  # up to BEST_SLOTS slots that suit at least one government, best first

    def slot_at(self, time):
        """The slot that starts at ``time`` (UTC), or None."""
        return next((slot for slot in self.slots if slot.starts_at.time() == time), None)

    @property
    def days_off(self):
        """Governments whose day (local) is a holiday or weekend at some slot of the day."""
        days_off = {}
        for slot in self.slots:
            for local in slot.local_times:
                if local.day_off:
                    days_off.setdefault(
                        (local.government.pk, local.starts_at.date()),
                        (local.starts_at.date(), local),
                    )
        return [
            (date, DayOff(local.government, local.holiday, local.weekend))
            for date, local in sorted(
                days_off.values(), key=lambda item: (item[0], item[1].government.name)
            )
        ]


def slot_starts(day):
    """The 48 UTC instants at which the half hours of ``day`` (in UTC) begin."""
    midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    return [midnight + index * SLOT_LENGTH for index in range(SLOTS_PER_DAY)]


def _inside(starts_at, ends_at, hours):
    """Whether the wall-clock span lies within ``hours`` of its start date."""
    start, end = starts_at.replace(tzinfo=None), ends_at.replace(tzinfo=None)
    opens = datetime.datetime.combine(start.date(), hours[0])
    closes = datetime.datetime.combine(start.date(), hours[1])
    return opens <= start and end <= closes


def _clock(day, duration, zone, government, holiday_of, weekend_of):
    """Each slot of ``day`` on one clock: the LocalTime fields after the government."""
    readings, days_off = [], {}
    for starts_at in slot_starts(day):
        local_start, local_end = starts_at.astimezone(zone), (starts_at + duration).astimezone(zone)
        date = local_start.date()
        if date not in days_off:
            days_off[date] = (holiday_of(government, date), weekend_of(government, date))
        readings.append(
            (
                local_start,
                local_end,
                *days_off[date],
                _inside(local_start, local_end, WORKING_HOURS),
                _inside(local_start, local_end, CORE_HOURS),
            )
        )
    return readings


def plan_day(day, duration, governments, *, holiday_of, weekend_of, calendar_key=None):
    """The plan of ``day`` for a webinar of ``duration`` across ``governments``.

    ``governments`` are objects with ``pk``, ``name`` and ``time_zone``;
    ``holiday_of(government, local_date)`` names the public holiday ("" when none) and
    ``weekend_of(government, local_date)`` says whether the date is a weekend day there.
    ``calendar_key(government)`` (a tuple) says which governments share a holiday calendar
    (by default, none do). Governments are ordered from west to east by their offset from
    UTC on the day, then by name.
    """
    calendar_key = calendar_key or (lambda government: (government.pk,))
    zones = {government.pk: ZoneInfo(government.time_zone) for government in governments}
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    governments = tuple(
        sorted(
            governments,
            key=lambda government: (
                noon.astimezone(zones[government.pk]).utcoffset(),
                government.name,
            ),
        )
    )
    # Governments that share a zone and a holiday calendar share their clocks: worked out
    # once for each, since a coalition has hundreds of governments in a few dozen zones.
    clocks = {}
    for government in governments:
        key = (government.time_zone, *calendar_key(government))
        if key not in clocks:
            clocks[key] = _clock(
                day, duration, zones[government.pk], government, holiday_of, weekend_of
            )
    columns = [
        [
            LocalTime(government, *reading)
            for reading in clocks[(government.time_zone, *calendar_key(government))]
        ]
        for government in governments
    ]
    slots = []
    for index, starts_at in enumerate(slot_starts(day)):
        local_times = tuple(column[index] for column in columns)
        slots.append(
            Slot(
                starts_at,
                starts_at + duration,
                local_times,
                available_count=sum(local.available for local in local_times),
                core_count=sum(local.available_in_core_hours for local in local_times),
            )
        )
    best = sorted((slot for slot in slots if slot.available_count), key=lambda s: s.rank_key)
    return Plan(day, duration, governments, tuple(slots), tuple(best[:BEST_SLOTS]))
