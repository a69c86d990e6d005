"""An event's agenda laid out as a timetable: each day a grid of places by times.

Pure layout, no queries: ``timetable_days`` takes sessions (anything with ``starts_at``,
``ends_at`` and ``location``) and a time zone, and says which row and column each session
takes, how many rows it spans, and which cells stay empty. The event page renders the result
as one ``<table>`` per day.

The rules, as a reader of a printed programme expects them:

- A day is a date in the viewer's zone. A session that starts after midnight while one of
  the day is still running joins that day, so sessions in parallel are always in one grid.
- Rows begin at each distinct start or end of the day's sessions; a stretch in which nothing
  runs (a gap between sessions) has no row.
- A session that runs alongside no other one (a plenary, a lunch, a site visit) takes the
  whole width of its row. Sessions in parallel are put in a column for their place, the
  places in the order in which their first parallel session starts (by name when they start
  together); sessions without a place go into columns of their own, last. Two sessions that
  overlap in the same place get a column each, so a cell never holds two sessions.
- A day in which nothing runs in parallel is a single column.
"""

import bisect
import datetime
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

_NUMBERS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Column:
    """A column of a day's grid: a place (``""`` for sessions whose place is not given), or
    ``None`` for the single column of a day in which nothing runs in parallel."""

    location: str | None

    @property
    def label(self):
        if self.location is None:
            return _("Session")
        return self.location or _("Place not given")


@dataclass(frozen=True)
class Cell:
    """A cell of a row: a session starting in that row, or nothing (``session`` is None).

    ``column`` is the index of its first column; the cell spans ``colspan`` columns and
    ``rowspan`` rows. ``whole_width`` marks a session that runs alongside no other one."""

    session: object
    column: int
    colspan: int = 1
    rowspan: int = 1
    whole_width: bool = False


@dataclass(frozen=True)
class Row:
    """A row of a day's grid, from one start or end of a session to the next, in the day's
    zone, with the cells that begin in it (those a session above spans are left out)."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    cells: list
    # Whether the row starts after midnight of its day (its time alone would mislead).
    on_a_later_date: bool = False


@dataclass(frozen=True)
class TimetableDay:
    """One day of the timetable: its date in the zone it was laid out in, its sessions in
    time order (for a list), and its grid's columns and rows."""

    date: datetime.date
    zone: ZoneInfo
    sessions: list
    columns: list
    rows: list


def timetable_days(sessions, zone):
    """The sessions as days of a timetable in ``zone`` (a ``ZoneInfo``), in time order.

    Sessions that start together keep the order they are given in. No query: pass sessions
    already loaded (an event's prefetched ``sessions``)."""
    ordered = sorted(sessions, key=lambda session: session.starts_at)
    return [_lay_out_day(date, day_sessions, zone) for date, day_sessions in _days(ordered, zone)]


def _days(sessions, zone):
    """The sessions (in time order) grouped by the date they start on in ``zone``, except that
    a session starting while one of the day before is still running stays with that day."""
    days = []
    running_until = None
    for session in sessions:
        date = session.starts_at.astimezone(zone).date()
        if days and (session.starts_at < running_until or days[-1][0] == date):
            days[-1][1].append(session)
            running_until = max(running_until, session.ends_at)
        else:
            days.append((date, [session]))
            running_until = session.ends_at
    return days


def _lay_out_day(date, sessions, zone):
    running_alongside = [
        session
        for session, is_parallel in zip(sessions, _parallel(sessions), strict=True)
        if is_parallel
    ]
    columns, column_of = _columns(running_alongside)
    width = len(columns) or 1
    times = _row_times(sessions)
    starts = [starts_at for starts_at, _ends_at in times]
    beginning = {}  # (row, column) -> the cell of the session that begins there
    for session in sessions:
        # Inside a session there is no gap, so its rows are those from its start to its end.
        first = bisect.bisect_left(starts, session.starts_at)
        rowspan = bisect.bisect_left(starts, session.ends_at) - first
        if id(session) in column_of:
            cell = Cell(session, column_of[id(session)], rowspan=rowspan)
        else:
            cell = Cell(session, 0, colspan=width, rowspan=rowspan, whole_width=True)
        beginning[(first, cell.column)] = cell
    rows = []
    spanned_until = [0] * width  # per column: the first row that a cell above leaves free
    for index, (starts_at, ends_at) in enumerate(times):
        cells = []
        column = 0
        while column < width:
            cell = beginning.get((index, column))
            if cell is None and spanned_until[column] > index:
                column += 1
                continue
            cell = cell or Cell(None, column)
            for spanned in range(column, column + cell.colspan):
                spanned_until[spanned] = index + cell.rowspan
            cells.append(cell)
            column += cell.colspan
        starts_at = starts_at.astimezone(zone)
        rows.append(Row(starts_at, ends_at.astimezone(zone), cells, starts_at.date() != date))
    return TimetableDay(
        date=date, zone=zone, sessions=sessions, columns=columns or [Column(None)], rows=rows
    )


def _row_times(sessions):
    """The (start, end) of each row: from each start or end of a session to the next, where
    at least one session runs."""
    starting = Counter(session.starts_at for session in sessions)
    ending = Counter(session.ends_at for session in sessions)
    boundaries = sorted(starting.keys() | ending.keys())
    times = []
    running = 0
    for starts_at, ends_at in itertools.pairwise(boundaries):
        running += starting[starts_at] - ending[starts_at]
        if running:
            times.append((starts_at, ends_at))
    return times


def _parallel(sessions):
    """For each session (in order of start), whether another one of ``sessions`` overlaps it.

    Sessions that only touch (one ends as the next starts) do not overlap."""
    flags = []
    latest_end = None
    for index, session in enumerate(sessions):
        overlaps_earlier = latest_end is not None and latest_end > session.starts_at
        following = sessions[index + 1] if index + 1 < len(sessions) else None
        # The next session starts the earliest of those after this one.
        overlaps_later = following is not None and following.starts_at < session.ends_at
        flags.append(overlaps_earlier or overlaps_later)
        latest_end = session.ends_at if latest_end is None else max(latest_end, session.ends_at)
    return flags


def _by_name(place):
    """A key that sorts places by name, numbers within it by their value."""
    return [int(part) if part.isdecimal() else part for part in _NUMBERS.split(place.casefold())]


def _columns(sessions):
    """The columns for the sessions that run in parallel (in order of start), and the index
    of each session's column by ``id()``. Each place gets as many columns as it has sessions
    overlapping at once; a session takes the first of its place's columns that is free."""
    tracks = {}  # place -> the end of the last session in each of its columns
    first_start = {}
    track_of = {}
    for session in sessions:
        place = session.location.strip()
        first_start.setdefault(place, session.starts_at)
        ends = tracks.setdefault(place, [])
        for track, ends_at in enumerate(ends):
            if ends_at <= session.starts_at:
                ends[track] = session.ends_at
                break
        else:
            track = len(ends)
            ends.append(session.ends_at)
        track_of[id(session)] = (place, track)
    # Sessions without a place last; the places in the order their first parallel session
    # starts, and by name (Room 2 before Room 10) where they start together.
    places = sorted(tracks, key=lambda place: (place == "", first_start[place], _by_name(place)))
    columns, first_column = [], {}
    for place in places:
        first_column[place] = len(columns)
        columns.extend(Column(location=place) for _ in tracks[place])
    column_of = {key: first_column[place] + track for key, (place, track) in track_of.items()}
    return columns, column_of
