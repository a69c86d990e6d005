import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import EventFactory, PersonFactory, UserFactory
from tests.html import messages_of, section, text
from workshops.models import Event, Registration
from workshops.services import cancel_registration, register_for_event

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
REGISTERED = Registration.Status.REGISTERED
WAITLISTED = Registration.Status.WAITLISTED


def status_column(registrations_table):
    """Each row of a registration table as (event title, status cell), without the cell's
    link to cancel."""
    rows = re.findall(r"<tr>\s*<td>.*?</tr>", registrations_table, re.DOTALL)
    return [
        (
            re.search(r'<a href="[^"]+">([^<]+)</a>', row).group(1),
            re.findall(r"<td>(.*?)</td>", row, re.DOTALL)[-1].split("<br>")[0].strip(),
        )
        for row in rows
    ]


def test_me_redirects_anonymous_visitors_to_login(client):
    response = client.get("/me/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/me/"


def test_me_shows_upcoming_registrations_with_status_and_waitlist_place(client, participant):
    now = timezone.now()
    EventFactory(title="Kick-off in Milan", starts_at=now + 10 * DAY)
    registered = EventFactory(title="Webinar: hydrogen valleys", starts_at=now + 20 * DAY)
    full = EventFactory(title="Study visit to Brescia", starts_at=now + 30 * DAY, capacity=1)
    cancelled = EventFactory(title="Webinar: green bonds", starts_at=now + 40 * DAY)
    register_for_event(event=registered, person=participant)
    register_for_event(event=full, person=PersonFactory())
    register_for_event(event=full, person=PersonFactory())
    register_for_event(event=full, person=participant)
    cancel_registration(registration=register_for_event(event=cancelled, person=participant))

    response = client.get("/me/")

    assert status_column(section(response, "upcoming-heading")) == [
        ("Webinar: hydrogen valleys", "Registered"),
        ("Study visit to Brescia", "Waitlisted — number 2 on the waitlist"),
        ("Webinar: green bonds", "Cancelled"),
    ]
    assert response.context["past_registrations"] == []


def test_me_shows_past_registrations_most_recent_first(client, participant):
    now = timezone.now()
    for title, days_ago, status in [
        ("Kick-off in Milan", 300, Registration.Status.ATTENDED),
        ("Webinar: heat pumps", 30, Registration.Status.ABSENT),
    ]:
        starts_at = now - days_ago * DAY
        event = EventFactory(title=title, starts_at=starts_at, ends_at=starts_at + DAY / 3)
        Registration.objects.create(event=event, person=participant, status=status)
    register_for_event(event=EventFactory(title="Webinar to come"), person=participant)

    response = client.get("/me/")

    assert status_column(section(response, "past-heading")) == [
        ("Webinar: heat pumps", "Absent"),
        ("Kick-off in Milan", "Attended"),
    ]
    assert status_column(section(response, "upcoming-heading")) == [
        ("Webinar to come", "Registered")
    ]


def test_me_marks_registrations_for_cancelled_events(client, participant):
    event = EventFactory(title="Webinar called off", status=Event.Status.CANCELLED)
    Registration.objects.create(
        event=event, person=participant, status=Registration.Status.REGISTERED
    )

    response = client.get("/me/")

    assert "Event cancelled" in section(response, "upcoming-heading")


def test_me_shows_the_personal_feed_address_with_the_token(client, participant):
    response = client.get("/me/")

    feed_address = f"http://testserver/me/calendar/{participant.calendar_token}.ics"
    assert f'value="{feed_address}"' in text(response)


def test_me_without_a_linked_person_explains(client):
    client.force_login(UserFactory())

    response = client.get("/me/")

    assert response.context["person"] is None
    assert "Your account is not linked to a participant yet." in text(response)
    assert "My calendar feed" not in text(response)


def test_reset_calendar_token_replaces_the_feed_address(client, participant):
    old_token = participant.calendar_token
    register_for_event(event=EventFactory(title="Webinar to come"), person=participant)

    response = client.post("/me/calendar/reset/")

    participant.refresh_from_db()
    assert response.url == "/me/"
    assert participant.calendar_token != old_token
    assert messages_of(response) == [
        "Your calendar address has changed; the old one no longer works."
    ]
    assert client.get(f"/me/calendar/{old_token}.ics").status_code == 404
    feed = client.get(f"/me/calendar/{participant.calendar_token}.ics")
    assert feed.status_code == 200
    assert b"SUMMARY:Webinar to come" in feed.getvalue()


def test_reset_calendar_token_by_get_is_not_allowed(client, participant):
    old_token = participant.calendar_token

    response = client.get("/me/calendar/reset/")

    participant.refresh_from_db()
    assert response.status_code == 405
    assert participant.calendar_token == old_token


def test_reset_calendar_token_without_a_linked_person_explains_and_changes_nothing(client):
    someone_else = PersonFactory()
    token = someone_else.calendar_token
    client.force_login(UserFactory())

    response = client.post("/me/calendar/reset/")

    someone_else.refresh_from_db()
    assert response.url == "/me/"
    assert messages_of(response) == ["Your account is not linked to a participant yet."]
    assert someone_else.calendar_token == token


def _register_for_new_events(person, count, *, first_number):
    starts_at = timezone.now() + 5 * DAY
    events = Event.objects.bulk_create(
        Event(
            title=f"Webinar {number}",
            slug=f"webinar-{number}",
            kind=Event.Kind.WEBINAR,
            status=Event.Status.PUBLISHED,
            starts_at=starts_at + number * DAY * (1 if number % 2 else -2),
            ends_at=starts_at + number * DAY * (1 if number % 2 else -2) + DAY / 12,
            time_zone="Europe/London",
        )
        for number in range(first_number, first_number + count)
    )
    events = Event.objects.filter(slug__in=[event.slug for event in events])
    Registration.objects.bulk_create(
        Registration(
            event=event,
            person=person,
            status=WAITLISTED if index % 3 == 0 else REGISTERED,
            waitlist_order=1 if index % 3 == 0 else None,
        )
        for index, event in enumerate(events)
    )


def test_me_costs_the_same_queries_for_5_registrations_as_for_50(client, participant):
    _register_for_new_events(participant, 5, first_number=0)
    with CaptureQueriesContext(connection) as with_five:
        client.get("/me/")
    _register_for_new_events(participant, 45, first_number=5)

    with CaptureQueriesContext(connection) as with_fifty:
        response = client.get("/me/")

    assert len(with_fifty) == len(with_five)
    shown = len(response.context["upcoming_registrations"]) + len(
        response.context["past_registrations"]
    )
    assert shown == 50


def test_me_offers_the_personal_feed_as_a_webcal_subscription(client, participant):
    response = client.get("/me/")

    feed = section(response, "feed-heading")
    webcal = f"webcal://testserver/me/calendar/{participant.calendar_token}.ics"
    assert re.search(rf'<a [^>]*href="{re.escape(webcal)}"[^>]*>Subscribe in my calendar', feed)


def test_me_has_a_copy_button_for_the_feed_address_that_appears_with_javascript(
    client, participant
):
    response = client.get("/me/")

    feed = section(response, "feed-heading")
    assert '<label for="calendar-address"' in feed
    assert re.search(r'<input [^>]*id="calendar-address"[^>]*readonly', feed)
    button = re.search(
        r"<button [^>]*data-copy-target=\"calendar-address\"[^>]*>(.*?)</button>", feed
    )
    assert button.group(1).strip() == "Copy"
    assert 'type="button"' in button.group(0)
    assert " hidden" in button.group(0)
    assert re.search(r'<script src="/static/js/copy\.[0-9a-f]+\.js" defer>', text(response))
