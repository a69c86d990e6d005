"""Writing calendars: the bytes are the ones icalendar writes for the same content, and valid
RFC 5545 lines, for stored text as hostile as it comes."""

import datetime

import icalendar
import pytest

from tests.factories import EventFactory, SessionFactory
from workshops import selectors
from workshops.calendars import calendar_content, write_calendar
from workshops.models import Event

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
ABSOLUTE_URL = "https://itp.example.org{}".format
# The writer folds after 74 octets; a property name and its colon come first. These runs
# put the character after the prefix at every position around the fold, for each prefix.
AROUND_THE_FOLD = [("x" * length, length) for length in range(58, 80)]
# At most 200 characters, as the shortest text field holds.
HOSTILE_TEXTS = [
    "Heat, steam; and a \\ backslash",
    "\\N and \\n are not line breaks; \\\\ nor \\, and \\;",
    "Line one\nline two\r\nline three\rline four\u2028line five",
    # PostgreSQL stores no NUL character; every other control character can be stored.
    "Control\x01char\x07acters\x1b[31m and\x7f C1\x85\x9f ones,\tand a tab",
    "Zürich – Łódź – 東京 – 🏭 – Ελληνικά",
    "Long " + "é" * 60 + " and " + "東" * 50 + " and " + "🏭" * 40,
    "Words, " * 26 + "the end",
    *(f"{run}\\after a backslash" for run, _length in AROUND_THE_FOLD),
    *(f"{run}^after a caret" for run, _length in AROUND_THE_FOLD),
    *(f"{run}é{run[:40]}🏭{run[:40]}東" for run, _length in AROUND_THE_FOLD),
    "",
]
# UTC, zones icalendar knows to be UTC, half hours, daylight saving on both hemispheres.
ZONES = [
    "Europe/Rome",
    "America/Toronto",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Atlantic/Reykjavik",
    "UTC",
    "Pacific/Chatham",
]


@pytest.fixture
def hostile_events():
    """Events in many zones, some cancelled, some over several days across a change of
    daylight saving, with sessions whose titles, places and descriptions are the texts
    above."""
    texts = iter(HOSTILE_TEXTS * 3)
    starts_at = datetime.datetime(2031, 3, 28, 9, 0, tzinfo=datetime.UTC)
    for number, zone in enumerate(ZONES):
        event = EventFactory(
            title=next(texts),
            time_zone=zone,
            starts_at=starts_at + number * 7 * 24 * HOUR,
            ends_at=starts_at + number * 7 * 24 * HOUR + (number % 3) * 24 * HOUR + 8 * HOUR,
            status=Event.Status.CANCELLED if number % 4 == 3 else Event.Status.PUBLISHED,
            venue=next(texts),
            city="Milan, IT; \\ north" if number % 2 else "",
            description=next(texts),
            join_url=f"https://meet.example.org/room;id={number},7?a=b,c&d=é",
        )
        for session_number in range(6):
            session_start = event.starts_at + session_number * 5 * HOUR
            SessionFactory(
                event=event,
                title=next(texts),
                location=next(texts) if session_number % 3 else "",
                description=next(texts),
                starts_at=session_start,
                ends_at=session_start + HOUR,
            )
    EventFactory(title="Online, without an agenda", venue="", city="", description="")
    # With their sessions for the event files and their agenda for the feeds.
    return selectors.events_with_agenda(selectors.events_for_calendar())


# icalendar types the properties that RFC 5545 and 7986 name; the extensions' are said.
X_PROPERTY_TYPES = {"X-WR-CALNAME": icalendar.vText, "X-PUBLISHED-TTL": icalendar.vDuration}


def written_by_icalendar(content, events):
    """The document icalendar writes for ``content``: its property types, escaping and
    folding, and the VTIMEZONE of every zone it finds used, covering a year before the first
    event to a year after the last (put in order of TZID, as ours are)."""
    calendar = icalendar.Calendar()
    for name, value, parameters in content.properties:
        if name in X_PROPERTY_TYPES:
            value = X_PROPERTY_TYPES[name](value)
        calendar.add(name, value, parameters=parameters)
    for entry in content.entries:
        component = icalendar.Event()
        for name, value, parameters in entry:
            component.add(name, value, parameters=parameters)
        calendar.add_component(component)
    year = datetime.timedelta(days=366)
    calendar.add_missing_timezones(
        first_date=(min(event.starts_at for event in events) - year).date(),
        last_date=(max(event.ends_at for event in events) + year).date(),
    )
    calendar.subcomponents.sort(key=lambda component: str(component.get("TZID", "~")))
    return calendar.to_ical()


CALENDARS = {
    "event files": {"subscription": False},
    "the public feed": {"subscription": True},
    "a personal feed": {"subscription": True, "time_zone": "Asia/Kathmandu"},
}


@pytest.mark.parametrize("options", CALENDARS.values(), ids=CALENDARS.keys())
def test_calendar_is_written_as_icalendar_writes_the_same_content(hostile_events, options):
    content = calendar_content(
        hostile_events,
        absolute_url=ABSOLUTE_URL,
        name="Programme; ITP, \\ 2031\nsecond line",
        join_url_event_ids={event.pk for event in hostile_events[::2]},
        waitlist_places={event.pk: number for number, event in enumerate(hostile_events[1::3])},
        **options,
    )

    written = write_calendar(content)

    assert written.split(b"\r\n") == written_by_icalendar(content, hostile_events).split(b"\r\n")


def test_written_lines_are_at_most_75_octets_whole_characters_and_crlf(hostile_events):
    written = build_feed(hostile_events)

    lines = written.split(b"\r\n")
    assert lines[-1] == b""  # the document ends with CRLF
    assert b"\n" not in b"".join(lines)
    assert b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert [line for line in lines if len(line) == 75 and not line.startswith(b" ")] == []
    for line in lines:
        line.decode()  # a fold never splits a character


def test_written_feed_has_a_vtimezone_for_every_tzid_and_utc_times_without_one(hostile_events):
    calendar = icalendar.Calendar.from_ical(build_feed(hostile_events))

    used = {
        str(component[name].params["TZID"])
        for component in calendar.walk("VEVENT")
        for name in ("DTSTART", "DTEND")
        if "TZID" in component[name].params
    }
    defined = [str(component["TZID"]) for component in calendar.walk("VTIMEZONE")]
    assert defined == sorted(used)
    assert used == set(ZONES) - {"UTC", "Atlantic/Reykjavik"}


def test_written_feed_reads_back_as_the_stored_text_made_fit():
    starts_at = datetime.datetime(2031, 3, 29, 9, 0, tzinfo=datetime.UTC)
    event = EventFactory(
        title="Heat, steam; and a \\ backslash\r\nX-INJECTED:1",
        venue="Sala\x07 Pirelli, 東京 🏭",
        city="Milan; IT",
        description="First line, first paragraph\nSecond; line \\ ok\x1b",
        starts_at=starts_at,
        ends_at=starts_at + 26 * HOUR,
        time_zone="Europe/Rome",
    )
    SessionFactory(event=event, title="Opening, welcome", location="", starts_at=starts_at)

    calendar = icalendar.Calendar.from_ical(build_feed(selectors.public_feed_events()))

    [component] = calendar.walk("VEVENT")
    assert str(component["SUMMARY"]) == "Heat, steam; and a \\ backslash X-INJECTED:1"
    assert str(component["LOCATION"]) == "Sala Pirelli, 東京 🏭, Milan; IT"
    assert str(component["DESCRIPTION"]) == (
        "First line, first paragraph\nSecond; line \\ ok\n\n"
        "Agenda (times in Europe/Rome):\n\nSaturday 29 March 2031\n"
        "10:00–11:00 Opening, welcome"
    )
    assert component.decoded("DTSTART") == starts_at
    assert component.decoded("DTEND") == starts_at + 26 * HOUR
    assert str(component["DTEND"].params["TZID"]) == "Europe/Rome"


def build_feed(events):
    return write_calendar(
        calendar_content(events, absolute_url=ABSOLUTE_URL, name="ITP", subscription=True)
    )
