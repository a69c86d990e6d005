"""Conditional GET on the calendars: a client's current copy is answered 304."""

import re

import pytest
from django.utils.http import http_date, parse_http_date

from tests.factories import EventFactory, PersonFactory, SessionFactory
from tests.html import body
from tests.workshops.calendar_helpers import unfolded
from workshops.models import Event, Registration
from workshops.services import cancel_registration, register_for_event, save_event

pytestmark = pytest.mark.django_db

JOIN_URL = "https://meet.example.org/itp-room-7f3k"


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
    assert b"BEGIN:VCALENDAR" in body(response)


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
    assert body(again) == b""
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
    assert b"kick-off-milan" not in body(again)
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
