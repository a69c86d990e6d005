"""The calendars the site serves: the event file, the public feed and the personal feed."""

import datetime
import re
import secrets
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import EventFactory, PersonFactory, SessionFactory, UserFactory
from tests.hostile_links import UNSAFE_LINKS
from tests.html import body
from tests.workshops.calendar_helpers import fetch, in_utc, unfolded, vevents
from workshops.models import Event, Registration
from workshops.services import cancel_registration, register_for_event, save_event

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ROME = ZoneInfo("Europe/Rome")
JOIN_URL = "https://meet.example.org/itp-room-7f3k"
HOUR = datetime.timedelta(hours=1)


def test_event_calendar_is_served_as_an_ics_attachment(client):
    EventFactory(slug="kick-off-milan")

    response = client.get("/events/kick-off-milan/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kick-off-milan.ics"'
    assert "REFRESH-INTERVAL" not in unfolded(response)
    assert icalendar.Calendar.from_ical(body(response))["VERSION"] == "2.0"


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
    assert b"Heat recovery workshop" in body(client.get("/events/calendar.ics"))

    event.title = "Waste heat workshop"
    save_event(event=event, changed_fields=["title"])
    renamed = body(client.get("/events/calendar.ics"))
    SessionFactory(event=event, title="Site visit to the steelworks")
    with_session = body(client.get("/events/calendar.ics"))

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
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", body(response).decode())
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
