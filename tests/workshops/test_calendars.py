import datetime
import re
import secrets
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from tests.factories import EventFactory, PersonFactory, SessionFactory, UserFactory
from tests.hostile_links import UNSAFE_LINKS
from workshops.models import Event, Registration, Session
from workshops.services import cancel_registration, register_for_event, save_event

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ROME = ZoneInfo("Europe/Rome")
JOIN_URL = "https://meet.example.org/itp-room-7f3k"
HOUR = datetime.timedelta(hours=1)


def document(response):
    """The body of a response, which a calendar streams: read once and kept, so that every
    look at it sees the whole document."""
    if not hasattr(response, "document"):
        response.document = response.getvalue()
    return response.document


def fetch(client, path):
    """GET an iCalendar document; return the response and the parsed calendar."""
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response, icalendar.Calendar.from_ical(document(response))


def unfolded(response):
    """The document's text with RFC 5545 line folding undone, so long values read whole."""
    return re.sub(r"\r\n[ \t]", "", document(response).decode())


def vevents(calendar):
    return {str(component["UID"]): component for component in calendar.walk("VEVENT")}


def in_utc(component, name):
    return component.decoded(name).astimezone(UTC)


def test_event_calendar_is_served_as_an_ics_attachment(client):
    EventFactory(slug="kick-off-milan")

    response = client.get("/events/kick-off-milan/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kick-off-milan.ics"'
    assert "REFRESH-INTERVAL" not in unfolded(response)
    assert icalendar.Calendar.from_ical(document(response))["VERSION"] == "2.0"


def test_event_calendar_has_one_vevent_for_the_event_and_one_per_session(client):
    event = EventFactory(slug="kick-off-milan")
    sessions = [
        SessionFactory(event=event, starts_at=event.starts_at + hours * datetime.timedelta(hours=1))
        for hours in range(3)
    ]

    _, calendar = fetch(client, "/events/kick-off-milan/calendar.ics")

    assert sorted(vevents(calendar)) == sorted(
        [f"event-{event.pk}@industry-transition-platform"]
        + [f"session-{session.pk}@industry-transition-platform" for session in sessions]
    )
    summaries = sorted(str(component["SUMMARY"]) for component in calendar.walk("VEVENT"))
    assert summaries == sorted(
        [event.title] + [f"{session.title} ({event.title})" for session in sessions]
    )


def test_events_feed_has_a_vtimezone_for_every_tzid_used(client):
    milan = EventFactory(time_zone="Europe/Rome")
    SessionFactory(event=milan)
    EventFactory(time_zone="America/Toronto")
    EventFactory(time_zone="Europe/Warsaw", status=Event.Status.CANCELLED)

    _, calendar = fetch(client, "/events/calendar.ics")

    used = {
        str(component[name].params["TZID"])
        for component in calendar.walk("VEVENT")
        for name in ("DTSTART", "DTEND")
    }
    defined = {str(component["TZID"]) for component in calendar.walk("VTIMEZONE")}
    assert used == {"Europe/Rome", "America/Toronto", "Europe/Warsaw"}
    assert used <= defined


def test_event_across_the_daylight_saving_change_keeps_its_utc_times(client):
    EventFactory(
        slug="kick-off-milan",
        starts_at=datetime.datetime(2019, 3, 30, 10, 0, tzinfo=ROME),
        ends_at=datetime.datetime(2019, 4, 1, 10, 0, tzinfo=ROME),
        time_zone="Europe/Rome",
    )

    _, calendar = fetch(client, "/events/kick-off-milan/calendar.ics")

    [component] = calendar.walk("VEVENT")
    assert in_utc(component, "DTSTART") == datetime.datetime(2019, 3, 30, 9, 0, tzinfo=UTC)
    assert in_utc(component, "DTEND") == datetime.datetime(2019, 4, 1, 8, 0, tzinfo=UTC)
    assert str(component["DTSTART"].params["TZID"]) == "Europe/Rome"


def test_vtimezone_alone_gives_the_offsets_on_both_sides_of_the_daylight_saving_change(client):
    """A calendar program that knows no zone names relies on the VTIMEZONE alone."""
    EventFactory(
        slug="kick-off-milan",
        starts_at=datetime.datetime(2019, 3, 30, 10, 0, tzinfo=ROME),
        ends_at=datetime.datetime(2019, 4, 1, 10, 0, tzinfo=ROME),
        time_zone="Europe/Rome",
    )
    _, calendar = fetch(client, "/events/kick-off-milan/calendar.ics")
    [vtimezone] = calendar.walk("VTIMEZONE")

    zone = vtimezone.to_tz(lookup_tzid=False)

    before = datetime.datetime(2019, 3, 30, 10, 0, tzinfo=zone)
    after = datetime.datetime(2019, 4, 1, 10, 0, tzinfo=zone)
    assert (before.utcoffset(), after.utcoffset()) == (
        datetime.timedelta(hours=1),
        datetime.timedelta(hours=2),
    )


def test_cancelled_event_is_marked_cancelled_in_the_calendar(client):
    event = EventFactory(slug="kick-off-milan", status=Event.Status.CANCELLED)
    SessionFactory(event=event)

    _, calendar = fetch(client, "/events/kick-off-milan/calendar.ics")

    assert [str(component["STATUS"]) for component in calendar.walk("VEVENT")] == [
        "CANCELLED",
        "CANCELLED",
    ]


def test_published_event_is_confirmed_in_the_calendar(client):
    EventFactory(slug="kick-off-milan")

    _, calendar = fetch(client, "/events/kick-off-milan/calendar.ics")

    assert [str(component["STATUS"]) for component in calendar.walk("VEVENT")] == ["CONFIRMED"]


def test_uids_are_stable_and_sequence_rises_after_a_new_start(client):
    event = EventFactory(slug="kick-off-milan")
    SessionFactory(event=event)
    _, first = fetch(client, "/events/kick-off-milan/calendar.ics")
    _, second = fetch(client, "/events/kick-off-milan/calendar.ics")
    event.starts_at += datetime.timedelta(days=1)
    event.ends_at += datetime.timedelta(days=1)
    save_event(event=event, changed_fields=["starts_at"])

    _, after_change = fetch(client, "/events/kick-off-milan/calendar.ics")

    assert sorted(vevents(first)) == sorted(vevents(second)) == sorted(vevents(after_change))
    assert {int(component["SEQUENCE"]) for component in second.walk("VEVENT")} == {0}
    assert {int(component["SEQUENCE"]) for component in after_change.walk("VEVENT")} == {1}


@pytest.mark.parametrize("path", ["/events/kick-off-milan/calendar.ics", "/events/calendar.ics"])
def test_public_calendars_never_contain_the_join_link_even_for_a_registered_viewer(client, path):
    event = EventFactory(slug="kick-off-milan", join_url=JOIN_URL)
    person = PersonFactory(user=UserFactory())
    register_for_event(event=event, person=person)
    client.force_login(person.user)

    response, calendar = fetch(client, path)

    assert len(calendar.walk("VEVENT")) == 1
    assert JOIN_URL not in unfolded(response)
    assert "meet.example.org" not in unfolded(response)


def test_draft_event_is_not_in_the_public_feed(client):
    EventFactory(title="Published webinar")
    EventFactory(title="Draft webinar", status=Event.Status.DRAFT)

    _, calendar = fetch(client, "/events/calendar.ics")

    assert [str(component["SUMMARY"]) for component in calendar.walk("VEVENT")] == [
        "Published webinar"
    ]


def test_draft_event_calendar_is_not_found(client):
    EventFactory(slug="draft-webinar", status=Event.Status.DRAFT)

    response = client.get("/events/draft-webinar/calendar.ics")

    assert response.status_code == 404
    assert not response["Content-Type"].startswith("text/calendar")


@pytest.fixture
def person_with_three_registrations():
    """A person registered, waitlisted, and cancelled at three events with join links."""
    person = PersonFactory()
    registered = EventFactory(title="Registered webinar", join_url=f"{JOIN_URL}-registered")
    full = EventFactory(title="Full webinar", capacity=1, join_url=f"{JOIN_URL}-full")
    register_for_event(event=full, person=PersonFactory())
    cancelled = EventFactory(title="Cancelled registration", join_url=f"{JOIN_URL}-cancelled")
    register_for_event(event=registered, person=person)
    register_for_event(event=full, person=person)
    cancel_registration(registration=register_for_event(event=cancelled, person=person))
    EventFactory(title="Someone else's webinar")
    return person


def test_personal_feed_lists_the_events_a_person_registered_or_waitlisted_for(
    client, person_with_three_registrations
):
    token = person_with_three_registrations.calendar_token

    _, calendar = fetch(client, f"/me/calendar/{token}.ics")

    assert sorted(str(component["SUMMARY"]) for component in calendar.walk("VEVENT")) == [
        "Registered webinar",
        "Waitlist place 1: Full webinar",
    ]


def test_personal_feed_has_the_join_link_only_where_the_person_holds_a_seat(
    client, person_with_three_registrations
):
    token = person_with_three_registrations.calendar_token

    response, calendar = fetch(client, f"/me/calendar/{token}.ics")

    components = {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}
    assert str(components["Registered webinar"]["CONFERENCE"]) == f"{JOIN_URL}-registered"
    assert f"{JOIN_URL}-registered" in str(components["Registered webinar"]["DESCRIPTION"])
    assert "CONFERENCE" not in components["Waitlist place 1: Full webinar"]
    assert f"{JOIN_URL}-full" not in unfolded(response)
    assert f"{JOIN_URL}-cancelled" not in unfolded(response)


def test_personal_feed_with_a_wrong_token_is_not_found(client):
    PersonFactory()

    response = client.get(f"/me/calendar/{secrets.token_urlsafe(32)}.ics")

    assert response.status_code == 404
    assert not response["Content-Type"].startswith("text/calendar")


def test_events_feed_cached_document_follows_event_and_agenda_changes(client):
    event = EventFactory(title="Heat recovery workshop")
    assert b"Heat recovery workshop" in document(client.get("/events/calendar.ics"))

    event.title = "Waste heat workshop"
    save_event(event=event, changed_fields=["title"])
    renamed = document(client.get("/events/calendar.ics"))
    SessionFactory(event=event, title="Site visit to the steelworks")
    with_session = document(client.get("/events/calendar.ics"))

    assert b"Waste heat workshop" in renamed
    assert b"Heat recovery workshop" not in renamed
    assert b"Site visit to the steelworks" in with_session


# Stored data that the forms would refuse: rows written through the ORM or imported before
# the models refused them. A calendar is built from whatever is stored and never fails.

INJECTED_TITLE = "Kick-off\r\nX-INJECTED:1"


@pytest.fixture
def event_with_a_line_break_in_its_title():
    """A published event with a session, whose stored title holds CR LF and a property."""
    event = EventFactory(slug="kick-off-milan", join_url=JOIN_URL)
    SessionFactory(event=event, title="Plenary")
    Event.objects.filter(pk=event.pk).update(title=INJECTED_TITLE)
    return event


@pytest.mark.parametrize(
    ("path", "summaries"),
    [
        (
            "/events/kick-off-milan/calendar.ics",
            ["Kick-off X-INJECTED:1", "Plenary (Kick-off X-INJECTED:1)"],
        ),
        ("/events/calendar.ics", ["Kick-off X-INJECTED:1"]),
        ("/me/calendar/{token}.ics", ["Kick-off X-INJECTED:1"]),
    ],
)
def test_calendar_of_an_event_with_a_line_break_in_its_stored_title_has_one_line_summaries(
    client, event_with_a_line_break_in_its_title, path, summaries
):
    person = PersonFactory()
    register_for_event(event=event_with_a_line_break_in_its_title, person=person)

    response, calendar = fetch(client, path.format(token=person.calendar_token))

    assert sorted(str(component["SUMMARY"]) for component in calendar.walk("VEVENT")) == summaries
    assert all("X-INJECTED" not in component for component in calendar.walk())
    lines = unfolded(response).split("\r\n")
    assert not [line for line in lines if line.startswith("X-INJECTED")]
    assert "\r" not in "".join(lines)
    assert "\n" not in "".join(lines)


def test_events_feed_cached_before_a_stored_title_changes_is_rebuilt_without_failing(client):
    """An update() leaves updated_at alone, so the cached feed outlives it; the next build,
    once the cache is gone, must still succeed."""
    event = EventFactory(title="Kick-off")
    fetch(client, "/events/calendar.ics")
    Event.objects.filter(pk=event.pk).update(title=INJECTED_TITLE)
    cache.clear()

    _, calendar = fetch(client, "/events/calendar.ics")

    assert [str(component["SUMMARY"]) for component in calendar.walk("VEVENT")] == [
        "Kick-off X-INJECTED:1"
    ]


@pytest.mark.parametrize(
    "field", ["venue", "city", "description"], ids=["venue", "city", "description"]
)
def test_calendar_of_an_event_with_control_characters_in_stored_text_parses(client, field):
    event = EventFactory(slug="kick-off-milan")
    Event.objects.filter(pk=event.pk).update(**{field: "Sala\r\nX-INJECTED:1\x0b\x1b"})

    response, calendar = fetch(client, "/events/kick-off-milan/calendar.ics")

    (component,) = calendar.walk("VEVENT")
    assert "X-INJECTED" not in component
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", document(response).decode())
    assert "Sala" in str(component["DESCRIPTION" if field == "description" else "LOCATION"])


@pytest.mark.parametrize("link", UNSAFE_LINKS)
def test_personal_feed_leaves_out_a_stored_join_link_that_is_not_http(client, link):
    event = EventFactory(title="Webinar", join_url=JOIN_URL)
    person = PersonFactory()
    register_for_event(event=event, person=person)
    Event.objects.filter(pk=event.pk).update(join_url=link)

    response, calendar = fetch(client, f"/me/calendar/{person.calendar_token}.ics")

    (component,) = calendar.walk("VEVENT")
    assert "CONFERENCE" not in component
    assert "Join online" not in str(component["DESCRIPTION"])
    assert link.strip() not in unfolded(response)
    assert "script:" not in unfolded(response).lower()


# The personal feed: what a person's own registration means for each entry.


def test_personal_feed_shows_a_waitlist_place_as_tentative_with_the_place_in_the_title(
    client, person_with_three_registrations
):
    token = person_with_three_registrations.calendar_token

    _, calendar = fetch(client, f"/me/calendar/{token}.ics")

    components = {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}
    assert sorted(components) == ["Registered webinar", "Waitlist place 1: Full webinar"]
    waitlisted = components["Waitlist place 1: Full webinar"]
    assert str(waitlisted["STATUS"]) == "TENTATIVE"
    assert str(waitlisted["DESCRIPTION"]).startswith("You are number 1 on the waitlist")
    assert str(components["Registered webinar"]["STATUS"]) == "CONFIRMED"
    assert "waitlist" not in str(components["Registered webinar"]["DESCRIPTION"]).lower()


def test_personal_feed_counts_the_waitlist_place_from_the_people_ahead(client):
    event = EventFactory(title="Full workshop", capacity=1)
    register_for_event(event=event, person=PersonFactory())
    ahead = [register_for_event(event=event, person=PersonFactory()) for _ in range(3)]
    person = PersonFactory()
    register_for_event(event=event, person=person)
    cancel_registration(registration=ahead[0])

    _, calendar = fetch(client, f"/me/calendar/{person.calendar_token}.ics")

    (component,) = calendar.walk("VEVENT")
    assert str(component["SUMMARY"]) == "Waitlist place 3: Full workshop"
    assert str(component["STATUS"]) == "TENTATIVE"


def test_personal_feed_keeps_attended_and_absent_past_events_as_confirmed(client):
    person = PersonFactory()
    last_year = timezone.now() - datetime.timedelta(days=365)
    for title, status in [
        ("Attended workshop", Registration.Status.ATTENDED),
        ("Missed webinar", Registration.Status.ABSENT),
        ("Cancelled visit", Registration.Status.CANCELLED),
    ]:
        event = EventFactory(title=title, starts_at=last_year, ends_at=last_year + HOUR)
        Registration.objects.create(event=event, person=person, status=status)

    _, calendar = fetch(client, f"/me/calendar/{person.calendar_token}.ics")

    assert {
        str(component["SUMMARY"]): str(component["STATUS"]) for component in calendar.walk("VEVENT")
    } == {"Attended workshop": "CONFIRMED", "Missed webinar": "CONFIRMED"}


def test_personal_feed_drops_an_event_once_its_registration_is_cancelled(client):
    person = PersonFactory()
    registration = register_for_event(event=EventFactory(title="Webinar"), person=person)
    _, before = fetch(client, f"/me/calendar/{person.calendar_token}.ics")

    cancel_registration(registration=registration)

    _, after = fetch(client, f"/me/calendar/{person.calendar_token}.ics")
    assert [str(component["SUMMARY"]) for component in before.walk("VEVENT")] == ["Webinar"]
    assert after.walk("VEVENT") == []


def test_personal_feed_marks_a_cancelled_event_cancelled_even_for_a_waitlist_place(client):
    event = EventFactory(title="Full workshop", capacity=0)
    person = PersonFactory()
    register_for_event(event=event, person=person)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)

    _, calendar = fetch(client, f"/me/calendar/{person.calendar_token}.ics")

    (component,) = calendar.walk("VEVENT")
    assert str(component["STATUS"]) == "CANCELLED"


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
    anchors = re.findall(
        r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', document(response).decode(), re.S
    )
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


# Conditional GET: calendar programs poll the feeds; a current copy is answered 304.


@pytest.fixture
def calendar_paths():
    """The three calendar documents, each about an event with a session: the public feed, the
    event's file and a registered person's feed."""
    event = EventFactory(slug="kick-off-milan", join_url=JOIN_URL)
    SessionFactory(event=event, title="Site visit to the steelworks")
    person = PersonFactory()
    register_for_event(event=event, person=person)
    return {
        "public feed": "/events/calendar.ics",
        "event file": "/events/kick-off-milan/calendar.ics",
        "personal feed": f"/me/calendar/{person.calendar_token}.ics",
    }


CALENDARS = ["public feed", "event file", "personal feed"]


@pytest.mark.parametrize("calendar", CALENDARS)
def test_calendar_is_served_with_an_etag_and_the_time_of_its_last_change(
    client, calendar_paths, calendar
):
    event = Event.objects.get(slug="kick-off-milan")
    # The personal feed dates the registration too, made after the event.
    latest_change = {
        "public feed": event.updated_at,
        "event file": event.updated_at,
        "personal feed": Registration.objects.get(event=event).updated_at,
    }[calendar]

    response = client.get(calendar_paths[calendar])

    assert response.status_code == 200
    assert re.fullmatch(r'"[0-9a-f]{64}"', response["ETag"])
    assert response["Last-Modified"] == http_date(latest_change.timestamp())
    assert b"BEGIN:VCALENDAR" in document(response)


@pytest.mark.parametrize("calendar", CALENDARS)
@pytest.mark.parametrize(
    ("request_header", "response_header"),
    [("If-None-Match", "ETag"), ("If-Modified-Since", "Last-Modified")],
)
def test_calendar_unchanged_since_the_clients_copy_is_not_modified(
    client, calendar_paths, calendar, request_header, response_header
):
    first = client.get(calendar_paths[calendar])

    again = client.get(calendar_paths[calendar], headers={request_header: first[response_header]})

    assert again.status_code == 304
    assert document(again) == b""
    assert (again["ETag"], again["Last-Modified"]) == (first["ETag"], first["Last-Modified"])


@pytest.mark.parametrize("calendar", CALENDARS)
def test_calendar_is_sent_again_after_its_event_changes(client, calendar_paths, calendar):
    first = client.get(calendar_paths[calendar])
    event = Event.objects.get(slug="kick-off-milan")
    event.title = "Waste heat workshop"
    save_event(event=event, changed_fields=["title"])

    again = client.get(calendar_paths[calendar], headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Waste heat workshop" in unfolded(again)


@pytest.mark.parametrize("calendar", CALENDARS)
def test_calendar_is_sent_again_after_its_agenda_changes(client, calendar_paths, calendar):
    first = client.get(calendar_paths[calendar])
    SessionFactory(event=Event.objects.get(slug="kick-off-milan"), title="Closing plenary")

    again = client.get(calendar_paths[calendar], headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert "Closing plenary" in unfolded(again)


def test_public_feed_is_sent_again_after_an_event_leaves_the_schedule(client, calendar_paths):
    first = client.get("/events/calendar.ics")
    event = Event.objects.get(slug="kick-off-milan")
    event.status = Event.Status.DRAFT
    save_event(event=event, changed_fields=["status"])

    again = client.get("/events/calendar.ics", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert b"kick-off-milan" not in document(again)
    assert parse_http_date(again["Last-Modified"]) >= parse_http_date(first["Last-Modified"])


def test_personal_feed_etag_changes_when_the_persons_registrations_change(client):
    person = PersonFactory()
    first_event = EventFactory(title="Heat pumps webinar")
    second_event = EventFactory(title="Hydrogen webinar")
    registration = register_for_event(event=first_event, person=person)
    path = f"/me/calendar/{person.calendar_token}.ics"
    etags = [client.get(path)["ETag"]]

    register_for_event(event=second_event, person=person)
    etags.append(client.get(path)["ETag"])
    cancel_registration(registration=registration)
    etags.append(client.get(path)["ETag"])
    unchanged = client.get(path, headers={"If-None-Match": etags[-1]})

    assert len(set(etags)) == 3
    assert unchanged.status_code == 304


def test_personal_feed_etag_changes_when_the_waitlist_ahead_moves(client):
    event = EventFactory(title="Full webinar", capacity=1)
    register_for_event(event=event, person=PersonFactory())
    ahead = register_for_event(event=event, person=PersonFactory())
    person = PersonFactory()
    register_for_event(event=event, person=person)
    path = f"/me/calendar/{person.calendar_token}.ics"
    first = client.get(path)

    cancel_registration(registration=ahead)
    again = client.get(path, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert "Waitlist place 1: Full webinar" in unfolded(again)
