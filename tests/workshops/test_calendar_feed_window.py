"""The public feed's window: upcoming events and those that ended within a year; older ones
keep their page and their own file, and a person's feed keeps all of theirs."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date

from tests.factories import EventFactory, PersonFactory, SessionFactory
from tests.workshops.calendar_helpers import fetch
from workshops.models import Event, Registration
from workshops.selectors import PUBLIC_FEED_HISTORY, public_schedule_version

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def event_ended(days_ago, **fields):
    ends_at = timezone.now() - days_ago * DAY
    return EventFactory(starts_at=ends_at - 2 * DAY, ends_at=ends_at, **fields)


def test_public_feed_keeps_upcoming_events_and_those_that_ended_within_a_year(client):
    event_ended(400, title="Two winters ago")
    event_ended(300, title="Last spring", slug="last-spring")
    event_ended(-30, title="Next month")

    _, calendar = fetch(client, "/events/calendar.ics")

    assert [str(component["SUMMARY"]) for component in calendar.walk("VEVENT")] == [
        "Last spring",
        "Next month",
    ]


def test_event_that_left_the_public_feed_keeps_its_own_calendar_file(client):
    event = event_ended(400, title="Two winters ago", slug="two-winters-ago")
    SessionFactory(event=event, title="Closing plenary")

    _, calendar = fetch(client, "/events/two-winters-ago/calendar.ics")

    assert sorted(str(component["SUMMARY"]) for component in calendar.walk("VEVENT")) == [
        "Closing plenary (Two winters ago)",
        "Two winters ago",
    ]


def test_personal_feed_keeps_an_event_attended_longer_ago_than_the_public_feed_s_window(client):
    person = PersonFactory()
    event = event_ended(800, title="Attended long ago")
    Registration.objects.create(event=event, person=person, status=Registration.Status.ATTENDED)

    _, calendar = fetch(client, f"/me/calendar/{person.calendar_token}.ics")

    assert [str(component["SUMMARY"]) for component in calendar.walk("VEVENT")] == [
        "Attended long ago"
    ]


def test_public_feed_version_changes_when_an_event_leaves_the_window():
    event = event_ended(10)
    event_ended(-30)
    leaves_at = event.ends_at + PUBLIC_FEED_HISTORY

    before = public_schedule_version(now=leaves_at - DAY)
    after = public_schedule_version(now=leaves_at + DAY)

    assert before.tag != after.tag
    assert after.last_modified == leaves_at


def test_public_feed_is_dated_by_the_last_event_to_leave_it_when_nothing_changed_since(client):
    leaving = event_ended(400)
    event_ended(-30)
    long_ago = timezone.now() - 500 * DAY
    Event.objects.update(created_at=long_ago, updated_at=long_ago)

    response = client.get("/events/calendar.ics")

    assert response["Last-Modified"] == http_date(
        (leaving.ends_at + PUBLIC_FEED_HISTORY).timestamp()
    )
