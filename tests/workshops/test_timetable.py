"""The timetable's layout: days, columns, rows and spans, from sessions alone (no database)."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from workshops.timetable import Column, timetable_days

ROME = ZoneInfo("Europe/Rome")
TORONTO = ZoneInfo("America/Toronto")
TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True)
class Item:
    """What the layout reads of a session."""

    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str = ""


def at(hour, minute=0, *, day=9, zone=ROME):
    return datetime.datetime(2019, 4, day, hour, minute, tzinfo=zone)


def item(title, start, end, location="", *, day=9, zone=ROME):
    return Item(title, at(*start, day=day, zone=zone), at(*end, day=day, zone=zone), location)


def grid(day):
    """The day's grid as text: per row, its local start and its cells as
    (title or None, first column, colspan, rowspan)."""
    return [
        (
            row.starts_at.strftime("%H:%M"),
            [
                (cell.session.title if cell.session else None, cell.column)
                + (cell.colspan, cell.rowspan)
                for cell in row.cells
            ],
        )
        for row in day.rows
    ]


def places(day):
    return [column.location for column in day.columns]


def test_timetable_of_no_sessions_has_no_days():
    assert timetable_days([], ROME) == []


def test_timetable_puts_a_day_without_parallel_sessions_in_one_column():
    sessions = [
        item("Next steps and close", (14, 0), (16, 30), "Auditorium"),
        item("Innovation teams", (9, 0), (11, 0), "Room 2"),
        item("Networking lunch", (12, 0), (13, 30), "Terrace"),
    ]

    (day,) = timetable_days(sessions, ROME)

    assert day.date == datetime.date(2019, 4, 9)
    assert day.columns == [Column(location=None)]
    assert str(day.columns[0].label) == "Session"
    # The gaps between sessions (11:00-12:00, 13:30-14:00) get no row.
    assert grid(day) == [
        ("09:00", [("Innovation teams", 0, 1, 1)]),
        ("12:00", [("Networking lunch", 0, 1, 1)]),
        ("14:00", [("Next steps and close", 0, 1, 1)]),
    ]
    assert all(cell.whole_width for row in day.rows for cell in row.cells)
    assert [session.title for session in day.sessions] == [
        "Innovation teams",
        "Networking lunch",
        "Next steps and close",
    ]


def test_timetable_puts_parallel_sessions_side_by_side_in_one_row():
    sessions = [
        item("Welcome", (9, 0), (10, 30), "Auditorium"),
        *(item(f"Breakout {n}", (14, 0), (15, 30), f"Room {n}") for n in range(1, 6)),
        item("Report back", (16, 0), (17, 0), "Auditorium"),
    ]

    (day,) = timetable_days(sessions, ROME)

    assert places(day) == ["Room 1", "Room 2", "Room 3", "Room 4", "Room 5"]
    assert grid(day) == [
        ("09:00", [("Welcome", 0, 5, 1)]),
        ("14:00", [(f"Breakout {n}", n - 1, 1, 1) for n in range(1, 6)]),
        ("16:00", [("Report back", 0, 5, 1)]),
    ]
    # A plenary with nothing alongside spans the whole width; a breakout does not.
    assert day.rows[0].cells[0].whole_width
    assert not any(cell.whole_width for cell in day.rows[1].cells)


def test_timetable_spans_a_long_session_over_the_rows_of_shorter_ones_beside_it():
    sessions = [
        item("Site visit", (9, 0), (12, 0), "Brescia"),
        item("Panel", (9, 0), (10, 0), "Auditorium"),
        item("Workshop", (10, 30), (12, 0), "Auditorium"),
    ]

    (day,) = timetable_days(sessions, ROME)

    assert places(day) == ["Auditorium", "Brescia"]
    # Rows at each start and end: 09:00, 10:00 and 10:30; the site visit spans all three,
    # and the Auditorium is empty from 10:00 to 10:30.
    assert grid(day) == [
        ("09:00", [("Panel", 0, 1, 1), ("Site visit", 1, 1, 3)]),
        ("10:00", [(None, 0, 1, 1)]),
        ("10:30", [("Workshop", 0, 1, 1)]),
    ]
    assert [row.ends_at.strftime("%H:%M") for row in day.rows] == ["10:00", "10:30", "12:00"]


def test_timetable_gives_sessions_overlapping_in_one_place_a_column_each():
    sessions = [
        item("Morning tour", (9, 0), (11, 0), "Plant"),
        item("Late tour", (10, 0), (12, 0), "Plant"),
        item("Afternoon tour", (11, 0), (13, 0), "Plant"),
    ]

    (day,) = timetable_days(sessions, ROME)

    # Two columns are enough: the afternoon tour takes the first again once it is free.
    assert places(day) == ["Plant", "Plant"]
    assert grid(day) == [
        ("09:00", [("Morning tour", 0, 1, 2), (None, 1, 1, 1)]),
        ("10:00", [("Late tour", 1, 1, 2)]),
        ("11:00", [("Afternoon tour", 0, 1, 2)]),
        ("12:00", [(None, 1, 1, 1)]),
    ]


def test_timetable_puts_parallel_sessions_without_a_place_in_a_column_of_their_own_last():
    sessions = [
        item("Coffee", (9, 0), (10, 0)),
        item("Panel", (9, 0), (10, 0), "Auditorium"),
        item("Welcome", (8, 0), (8, 30)),
    ]

    (day,) = timetable_days(sessions, ROME)

    assert places(day) == ["Auditorium", ""]
    assert str(day.columns[1].label) == "Place not given"
    assert grid(day) == [
        ("08:00", [("Welcome", 0, 2, 1)]),
        ("09:00", [("Panel", 0, 1, 1), ("Coffee", 1, 1, 1)]),
    ]


def test_timetable_does_not_count_sessions_that_only_touch_as_parallel():
    sessions = [
        item("Panel", (9, 0), (10, 0), "Auditorium"),
        item("Break", (10, 0), (10, 30), "Foyer"),
    ]

    (day,) = timetable_days(sessions, ROME)

    assert day.columns == [Column(location=None)]
    assert grid(day) == [("09:00", [("Panel", 0, 1, 1)]), ("10:00", [("Break", 0, 1, 1)])]


def test_timetable_splits_days_and_times_in_the_viewer_s_zone():
    sessions = [
        item("Welcome", (9, 0), (10, 0), "Auditorium", day=9),
        item("Site visit", (8, 30), (16, 30), "Brescia", day=10),
    ]

    # 09:00 in Milan is 03:00 in Toronto; both days stay apart.
    days = timetable_days(sessions, TORONTO)

    assert [(day.date, grid(day)) for day in days] == [
        (datetime.date(2019, 4, 9), [("03:00", [("Welcome", 0, 1, 1)])]),
        (datetime.date(2019, 4, 10), [("02:30", [("Site visit", 0, 1, 1)])]),
    ]
    assert days[0].zone == TORONTO


def test_timetable_keeps_sessions_that_cross_midnight_in_the_viewer_s_zone_with_their_day():
    # In Tokyo (seven hours ahead of Milan in April) the report back runs 23:00-00:30 and a
    # parallel reception starts after midnight; the closing session next morning is a day of
    # its own.
    sessions = [
        item("Breakout", (14, 0), (15, 30), "Room 1"),
        item("Report back", (16, 0), (17, 30), "Auditorium"),
        item("Reception", (17, 10), (18, 0), "Terrace"),
        item("Close", (9, 0), (10, 0), "Auditorium", day=10),
    ]

    days = timetable_days(sessions, TOKYO)

    assert [day.date for day in days] == [datetime.date(2019, 4, 9), datetime.date(2019, 4, 10)]
    first_day, second_day = days
    assert places(first_day) == ["Auditorium", "Terrace"]
    assert grid(first_day) == [
        ("21:00", [("Breakout", 0, 2, 1)]),
        ("23:00", [("Report back", 0, 1, 2), (None, 1, 1, 1)]),
        ("00:10", [("Reception", 1, 1, 2)]),
        ("00:30", [(None, 0, 1, 1)]),
    ]
    assert [row.on_a_later_date for row in first_day.rows] == [False, False, True, True]
    assert [session.title for session in second_day.sessions] == ["Close"]
    assert grid(second_day) == [("16:00", [("Close", 0, 1, 1)])]


def test_timetable_orders_places_that_start_together_by_name_and_their_number():
    sessions = [
        item("Breakout: hydrogen", (14, 0), (15, 0), "Room 10"),
        item("Breakout: finance", (14, 0), (15, 0), "Room 2"),
        item("Breakout: heat", (14, 0), (15, 0), "annex"),
        item("Late panel", (14, 30), (15, 0), "Aula Magna"),
    ]

    (day,) = timetable_days(sessions, ROME)

    assert places(day) == ["annex", "Room 2", "Room 10", "Aula Magna"]
    # The list keeps sessions that start together in the order they came in.
    assert [session.title for session in day.sessions] == [
        "Breakout: hydrogen",
        "Breakout: finance",
        "Breakout: heat",
        "Late panel",
    ]


def test_timetable_never_puts_two_sessions_in_one_cell():
    # Many sessions in a few places, overlapping in every way.
    sessions = [
        item(f"Session {n}", (8 + n % 5, 15 * (n % 3)), (9 + n % 5 + n % 2, 0), f"Room {n % 3}")
        for n in range(24)
    ]

    (day,) = timetable_days(sessions, ROME)

    taken = {}
    for index, row in enumerate(day.rows):
        for cell in row.cells:
            for spanned_row in range(index, index + cell.rowspan):
                for column in range(cell.column, cell.column + cell.colspan):
                    assert (spanned_row, column) not in taken
                    taken[(spanned_row, column)] = cell.session
    # Every cell of the grid is accounted for once, and every session appears once.
    assert len(taken) == len(day.rows) * len(day.columns)
    placed = [cell.session for row in day.rows for cell in row.cells if cell.session]
    assert sorted(session.title for session in placed) == sorted(s.title for s in sessions)
    for index, row in enumerate(day.rows):
        for cell in row.cells:
            if cell.session is not None:
                spanned = day.rows[index : index + cell.rowspan]
                assert spanned[0].starts_at == cell.session.starts_at
                assert spanned[-1].ends_at == cell.session.ends_at
                if not cell.whole_width:
                    assert day.columns[cell.column].location == cell.session.location


def test_timetable_orders_places_named_with_digits_int_cannot_read():
    # "²" and "³" are digits to str.isdigit() but not numbers to int().
    sessions = [item(f"Breakout {place}", (14, 0), (15, 0), place) for place in ("³", "²", "2")]

    (day,) = timetable_days(sessions, ROME)

    assert sorted(places(day)) == ["2", "²", "³"]
