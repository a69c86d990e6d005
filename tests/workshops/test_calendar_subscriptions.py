"""Subscribing to the feeds: one entry per event with its agenda, offered as webcal links."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory, PersonFactory, SessionFactory
from tests.html import body
from tests.workshops.calendar_helpers import fetch, unfolded
from workshops.models import Session
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
JOIN_URL = "https://meet.example.org/itp-room-7f3k"
HOUR = datetime.timedelta(hours=1)


# Subscriptions: one entry per event, its agenda in the description.


@pytest.fixture
def milan_with_an_agenda():
    """A two-day workshop in Milan with three sessions, the last one on the second day."""
    starts_at = datetime.datetime(2031, 10, 14, 9, 0, tzinfo=ROME)
    event = EventFactory(
        title="Kick-off in Milan",
        slug="kick-off-milan",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(days=1, hours=8),
        time_zone="Europe/Rome",
        description="Two days on waste heat.",
    )
    for offset, length, title, location in [
        (0, 0.5, "Welcome", "Sala Pirelli"),
        (0.5, 1.5, "Panel: heat networks", ""),
        (24, 3, "Site visit to the steelworks", "Brescia"),
    ]:
        SessionFactory(
            event=event,
            title=title,
            location=location,
            starts_at=starts_at + offset * HOUR,
            ends_at=starts_at + (offset + length) * HOUR,
        )
    return event


MILAN_AGENDA = (
    "Agenda (times in Europe/Rome):\n"
    "\n"
    "Tuesday 14 October 2031\n"
    "09:00–09:30 Welcome (Sala Pirelli)\n"
    "09:30–11:00 Panel: heat networks\n"
    "\n"
    "Wednesday 15 October 2031\n"
    "09:00–12:00 Site visit to the steelworks (Brescia)"
)


def test_events_feed_has_one_entry_per_event_with_its_agenda_in_the_description(
    client, milan_with_an_agenda
):
    EventFactory(title="Webinar without an agenda")

    _, calendar = fetch(client, "/events/calendar.ics")

    components = {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}
    assert sorted(components) == ["Kick-off in Milan", "Webinar without an agenda"]
    assert str(components["Kick-off in Milan"]["DESCRIPTION"]) == (
        f"Two days on waste heat.\n\n{MILAN_AGENDA}"
    )
    assert "Agenda" not in str(components["Webinar without an agenda"]["DESCRIPTION"])


def test_personal_feed_has_one_entry_per_event_with_its_agenda_in_the_description(
    client, milan_with_an_agenda
):
    person = PersonFactory(government=None)
    register_for_event(event=milan_with_an_agenda, person=person)

    _, calendar = fetch(client, f"/me/calendar/{person.calendar_token}.ics")

    (component,) = calendar.walk("VEVENT")
    assert str(component["SUMMARY"]) == "Kick-off in Milan"
    assert MILAN_AGENDA in str(component["DESCRIPTION"])


def test_event_calendar_file_keeps_each_session_as_its_own_entry(client, milan_with_an_agenda):
    _, calendar = fetch(client, "/events/kick-off-milan/calendar.ics")

    assert len(calendar.walk("VEVENT")) == 4


@pytest.mark.parametrize(
    ("path", "filename"),
    [("/events/calendar.ics", "itp-events.ics"), ("/me/calendar/{token}.ics", "my-itp-events.ics")],
)
def test_subscription_feeds_are_served_inline_as_calendars(client, path, filename):
    person = PersonFactory()

    response = client.get(path.format(token=person.calendar_token))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{filename}"'
    # Outlook reads the older property, other programs RFC 7986's.
    lines = unfolded(response).split("\r\n")
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines


def test_events_feed_agenda_keeps_a_session_with_a_stored_line_break_on_one_line(
    client, milan_with_an_agenda
):
    Session.objects.filter(title="Welcome").update(
        title="Welcome\r\nX-INJECTED:1", location="Sala\nPirelli"
    )

    response, calendar = fetch(client, "/events/calendar.ics")

    (component,) = calendar.walk("VEVENT")
    assert "09:00–09:30 Welcome X-INJECTED:1 (Sala Pirelli)\n" in str(component["DESCRIPTION"])
    assert not [line for line in unfolded(response).split("\r\n") if line.startswith("X-INJECTED")]


# Pages offer the feeds as subscriptions (webcal://) and a single event as a download.


def links_of(response):
    """Each link of the page as (text, href), the text with its whitespace collapsed."""
    anchors = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', body(response).decode(), re.S)
    return [(" ".join(re.sub(r"<[^>]+>", "", text).split()), href) for href, text in anchors]


def test_schedule_offers_the_public_feed_as_a_webcal_subscription(client):
    response = client.get("/events/")

    assert ("Subscribe to all events", "webcal://testserver/events/calendar.ics") in links_of(
        response
    )


def test_subscription_links_follow_the_host_the_site_is_reached_at(client, settings):
    settings.ALLOWED_HOSTS = ["itp.example.org"]

    response = client.get("/events/", HTTP_HOST="itp.example.org")

    assert ("Subscribe to all events", "webcal://itp.example.org/events/calendar.ics") in (
        links_of(response)
    )


def test_event_page_offers_its_file_to_download_and_the_feed_to_subscribe_to(client):
    EventFactory(slug="kick-off-milan")

    response = client.get("/events/kick-off-milan/")

    links = links_of(response)
    assert ("Download .ics", "/events/kick-off-milan/calendar.ics") in links
    assert ("Subscribe to all events", "webcal://testserver/events/calendar.ics") in links


def test_personal_feed_writes_the_agenda_in_the_zone_saved_in_the_person_s_profile(
    client, milan_with_an_agenda
):
    person = PersonFactory(time_zone="America/Toronto")
    register_for_event(event=milan_with_an_agenda, person=person)

    _, calendar = fetch(client, f"/me/calendar/{person.calendar_token}.ics")

    (component,) = calendar.walk("VEVENT")
    assert (
        "Agenda (times in America/Toronto):\n"
        "\n"
        "Tuesday 14 October 2031\n"
        "03:00–03:30 Welcome (Sala Pirelli)\n"
        "03:30–05:00 Panel: heat networks\n"
        "\n"
        "Wednesday 15 October 2031\n"
        "03:00–06:00 Site visit to the steelworks (Brescia)"
    ) in str(component["DESCRIPTION"])
    assert str(component["DTSTART"].params["TZID"]) == "Europe/Rome"


def test_personal_feed_of_someone_without_a_zone_writes_the_agenda_in_their_government_s(
    client, milan_with_an_agenda
):
    person = PersonFactory(government__time_zone="Europe/London")
    register_for_event(event=milan_with_an_agenda, person=person)

    _, calendar = fetch(client, f"/me/calendar/{person.calendar_token}.ics")

    (component,) = calendar.walk("VEVENT")
    assert "Agenda (times in Europe/London):" in str(component["DESCRIPTION"])
    assert "08:00–08:30 Welcome (Sala Pirelli)" in str(component["DESCRIPTION"])


def feed_queries(client, path):
    """The queries a feed costs when it is built afresh (not reused from the cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        fetch(client, path)
    return len(queries)


def events_with_a_session_and_a_waitlist(person, count, *, first_number=0):
    """``count`` public events of one seat, each with a session: ``person`` holds the seat
    of the even-numbered ones and is waitlisted for the odd ones, whose seat is taken."""
    for number in range(first_number, first_number + count):
        event = EventFactory(slug=f"webinar-{number}", capacity=1, join_url=JOIN_URL)
        SessionFactory(event=event, starts_at=event.starts_at, ends_at=event.ends_at)
        if number % 2:
            register_for_event(event=event, person=PersonFactory())
        register_for_event(event=event, person=person)


def test_feeds_cost_the_same_queries_for_2_events_as_for_12(client):
    person = PersonFactory()
    events_with_a_session_and_a_waitlist(person, 2)
    personal = f"/me/calendar/{person.calendar_token}.ics"
    with_two = (feed_queries(client, "/events/calendar.ics"), feed_queries(client, personal))

    events_with_a_session_and_a_waitlist(person, 10, first_number=2)
    _, calendar = fetch(client, personal)
    with_twelve = (feed_queries(client, "/events/calendar.ics"), feed_queries(client, personal))

    assert len(calendar.walk("VEVENT")) == 12
    assert sum(str(c["STATUS"]) == "TENTATIVE" for c in calendar.walk("VEVENT")) == 6
    assert with_twelve == with_two
