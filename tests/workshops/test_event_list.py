"""The schedule of events: what it lists, how it filters and pages, what it marks."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import (
    EventFactory,
    GovernmentFactory,
    PersonFactory,
    RegistrationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import count_queries, text
from tests.workshops.participants import logged_in_participant
from workshops.models import Event, Registration
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
ROME = ZoneInfo("Europe/Rome")
NEXT_YEAR = timezone.now().year + 1


def titles(response):
    return [event.title for event in response.context["events"]]


def schedule_rows(response):
    """The schedule's rows by event title, each a list of its cells' HTML."""
    rows = re.findall(r"<tr[^>]*>\s*<td.*?</tr>", text(response), re.DOTALL)
    by_title = {}
    for row in rows:
        title = re.search(r'<a href="[^"]+">([^<]+)</a>', row).group(1)
        by_title[title] = [
            cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
        ]
    return by_title


def seats_left_column(response):
    """The schedule's "Seats left" cell of each row, by event title."""
    return {title: cells[4] for title, cells in schedule_rows(response).items()}


def badges_by_title(response):
    """The badges beside each event's title in the schedule, by event title."""
    return {
        title: re.findall(r'<span class="badge [^"]+">([^<]+)</span>', cells[1])
        for title, cells in schedule_rows(response).items()
    }


# The schedule


@pytest.fixture
def past_and_upcoming():
    EventFactory(title="Webinar to come")
    past_start = timezone.now() - 10 * DAY
    EventFactory(title="Kick-off in Milan", starts_at=past_start, ends_at=past_start + 8 * HOUR)


def test_schedule_shows_upcoming_events_by_default(client, past_and_upcoming):
    response = client.get("/events/")

    assert titles(response) == ["Webinar to come"]
    assert "Kick-off in Milan" not in text(response)


def test_schedule_shows_past_events_when_asked(client, past_and_upcoming):
    response = client.get("/events/?when=past")

    assert titles(response) == ["Kick-off in Milan"]
    assert "Webinar to come" not in text(response)


def test_schedule_lists_upcoming_events_soonest_first(client):
    now = timezone.now()
    EventFactory(title="Later", starts_at=now + 20 * DAY)
    EventFactory(title="Sooner", starts_at=now + 10 * DAY)
    EventFactory(title="Already running", starts_at=now - HOUR)

    response = client.get("/events/")

    assert titles(response) == ["Already running", "Sooner", "Later"]


def test_schedule_filters_by_kind(client):
    EventFactory(title="Webinar: hydrogen", kind=Event.Kind.WEBINAR)
    EventFactory(title="Workshop in Katowice", kind=Event.Kind.WORKSHOP)

    response = client.get("/events/?kind=webinar")

    assert titles(response) == ["Webinar: hydrogen"]


def test_schedule_filters_by_theme(client):
    hydrogen = ThemeFactory(name="Sustainable hydrogen", slug="sustainable-hydrogen")
    finance = ThemeFactory(name="Innovative finance", slug="innovative-finance")
    EventFactory(title="Webinar: hydrogen", themes=[hydrogen])
    EventFactory(title="Webinar: green bonds", themes=[finance])
    EventFactory(title="Webinar: both", themes=[hydrogen, finance])

    response = client.get("/events/?theme=sustainable-hydrogen")

    assert sorted(titles(response)) == ["Webinar: both", "Webinar: hydrogen"]


def test_schedule_filters_by_host_government(client):
    silesia = GovernmentFactory(name="Silesia", slug="silesia", time_zone="Europe/Warsaw")
    EventFactory(title="Workshop in Katowice", host_government=silesia)
    EventFactory(title="Workshop in Milan", host_government=GovernmentFactory())
    EventFactory(title="Online webinar", host_government=None)

    response = client.get("/events/?government=silesia")

    assert titles(response) == ["Workshop in Katowice"]


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("kind=zzz", "Select a valid choice. That choice is not one of the available choices."),
        ("theme=nope", "Select a valid choice. That choice is not one of the available choices."),
        ("government=nope", "Select a valid choice."),
        (
            "when=yesterday",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
    ],
)
def test_schedule_with_a_malformed_filter_shows_the_error(client, query, error):
    EventFactory(title="Webinar to come")

    response = client.get(f"/events/?{query}")

    assert response.status_code == 200
    assert error in text(response)
    assert "Webinar to come" in titles(response)


def test_schedule_with_an_unknown_when_still_shows_upcoming_only(client, past_and_upcoming):
    response = client.get("/events/?when=yesterday")

    assert titles(response) == ["Webinar to come"]


@pytest.mark.parametrize("page", ["abc", "999", "0"])
def test_schedule_with_a_page_that_does_not_exist_is_not_found(client, page):
    EventFactory()

    response = client.get(f"/events/?page={page}")

    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_schedule_paginates_twenty_events_a_page(client):
    starts_at = timezone.now() + 5 * DAY
    Event.objects.bulk_create(
        Event(
            title=f"Webinar {number:02}",
            slug=f"webinar-{number:02}",
            kind=Event.Kind.WEBINAR,
            status=Event.Status.PUBLISHED,
            starts_at=starts_at + number * HOUR,
            ends_at=starts_at + number * HOUR + HOUR,
            time_zone="Europe/London",
        )
        for number in range(25)
    )

    first = client.get("/events/")
    second = client.get("/events/?page=2")

    assert titles(first) == [f"Webinar {number:02}" for number in range(20)]
    assert titles(second) == [f"Webinar {number:02}" for number in range(20, 25)]
    assert "Page 2 of 2" in text(second)


@pytest.mark.parametrize("when", ["upcoming", "past"])
def test_schedule_never_lists_drafts(client, when):
    past_start = timezone.now() - 10 * DAY
    EventFactory(title="Draft to come", status=Event.Status.DRAFT)
    EventFactory(
        title="Past draft",
        status=Event.Status.DRAFT,
        starts_at=past_start,
        ends_at=past_start + HOUR,
    )
    published_start = past_start if when == "past" else timezone.now() + 10 * DAY
    EventFactory(title=f"Published {when}", starts_at=published_start)

    response = client.get(f"/events/?when={when}")

    assert titles(response) == [f"Published {when}"]
    assert "draft" not in text(response).lower()


def test_schedule_lists_cancelled_events_with_a_badge(client):
    EventFactory(title="Webinar called off", status=Event.Status.CANCELLED)

    response = client.get("/events/")

    assert titles(response) == ["Webinar called off"]
    assert '<span class="badge text-bg-danger">Cancelled</span>' in text(response)


def test_schedule_writes_dates_short_and_times_with_their_zone(client):
    one_day = datetime.datetime(NEXT_YEAR, 1, 15, 9, 0, tzinfo=ROME)
    EventFactory(title="Webinar", starts_at=one_day, ends_at=one_day + 2 * HOUR)
    three_days = datetime.datetime(NEXT_YEAR, 2, 3, 9, 30, tzinfo=ROME)
    EventFactory(title="Workshop", starts_at=three_days, ends_at=three_days + 2 * DAY)

    response = client.get("/events/")

    dates = {
        title: re.sub(r"<[^>]+>", " ", cells[0]) for title, cells in schedule_rows(response).items()
    }
    assert {title: " ".join(cell.split()) for title, cell in dates.items()} == {
        "Webinar": f"15 Jan {NEXT_YEAR} 09:00 CET",
        "Workshop": f"3 Feb {NEXT_YEAR} – 5 Feb {NEXT_YEAR} 09:30 CET",
    }


def test_schedule_shows_the_seats_left(client):
    full = EventFactory(title="Full workshop", capacity=1)
    register_for_event(event=full, person=PersonFactory())
    register_for_event(event=full, person=PersonFactory())
    some_left = EventFactory(title="Workshop with room", capacity=5)
    for _ in range(2):
        register_for_event(event=some_left, person=PersonFactory())
    EventFactory(title="Open webinar", capacity=None)

    response = client.get("/events/")

    assert seats_left_column(response) == {
        "Full workshop": "Full",
        "Workshop with room": "3",
        "Open webinar": "No limit",
    }


def _bulk_events(count, *, government, first_number=0):
    starts_at = timezone.now() + 5 * DAY
    return Event.objects.bulk_create(
        Event(
            title=f"Webinar {number}",
            slug=f"webinar-{number}",
            kind=Event.Kind.WEBINAR,
            status=Event.Status.PUBLISHED,
            starts_at=starts_at + number * HOUR,
            ends_at=starts_at + number * HOUR + HOUR,
            time_zone="Europe/London",
            venue="Online" if number % 2 else "",
            city="Cardiff" if number % 3 else "",
            country="GB",
            capacity=None if number % 4 else 10,
            host_government=government,
        )
        for number in range(first_number, first_number + count)
    )


def test_schedule_costs_the_same_queries_for_5_events_as_for_500(client):
    government = GovernmentFactory()
    ThemeFactory.create_batch(3)
    first_events = _bulk_events(5, government=government)
    for event in first_events:
        register_for_event(event=event, person=PersonFactory())
    with_five = count_queries(client, "/events/")
    _bulk_events(495, government=government, first_number=5)

    with_five_hundred = count_queries(client, "/events/")

    assert with_five_hundred == with_five


def test_schedule_marks_the_events_the_participant_is_registered_or_waitlisted_for(client):
    person = logged_in_participant(client)
    registered = EventFactory(title="Registered webinar")
    full = EventFactory(title="Full workshop", capacity=1)
    register_for_event(event=full, person=PersonFactory())
    register_for_event(event=full, person=PersonFactory())
    left = EventFactory(title="Webinar I left")
    EventFactory(title="Webinar for others")
    register_for_event(event=registered, person=person)
    register_for_event(event=full, person=person)
    RegistrationFactory(event=left, person=person, status=Registration.Status.CANCELLED)

    response = client.get("/events/")

    assert badges_by_title(response) == {
        "Registered webinar": ["Registered"],
        "Full workshop": ["Waitlist place 2"],
        "Webinar I left": [],
        "Webinar for others": [],
    }


def test_schedule_marks_no_registration_for_anonymous_visitors_or_other_people(client):
    event = EventFactory(title="Webinar to come")
    register_for_event(event=event, person=PersonFactory(user=UserFactory()))

    anonymous = client.get("/events/")
    logged_in_participant(client)
    someone_else = client.get("/events/")

    assert badges_by_title(anonymous) == {"Webinar to come": []}
    assert badges_by_title(someone_else) == {"Webinar to come": []}


def test_schedule_marks_an_attended_past_event_as_attended(client):
    person = logged_in_participant(client)
    past_start = timezone.now() - 10 * DAY
    attended = EventFactory(title="Kick-off", starts_at=past_start, ends_at=past_start + HOUR)
    missed = EventFactory(title="Waited in vain", starts_at=past_start, ends_at=past_start + HOUR)
    RegistrationFactory(event=attended, person=person, status=Registration.Status.ATTENDED)
    RegistrationFactory(
        event=missed, person=person, status=Registration.Status.WAITLISTED, waitlist_order=1
    )

    response = client.get("/events/?when=past")

    assert badges_by_title(response) == {"Kick-off": ["Attended"], "Waited in vain": []}


def test_schedule_finds_a_participant_s_registrations_in_one_query_for_the_page(client):
    person = logged_in_participant(client)
    government = GovernmentFactory()
    for event in _bulk_events(3, government=government):
        register_for_event(event=event, person=person)
    with_three = count_queries(client, "/events/")
    for event in _bulk_events(17, government=government, first_number=3):
        register_for_event(event=event, person=person)

    response = client.get("/events/")
    with_twenty = count_queries(client, "/events/")

    assert with_twenty == with_three
    assert list(badges_by_title(response).values()) == [["Registered"]] * 20


def test_schedule_shows_that_a_finished_event_has_ended_instead_of_its_seats(client):
    past_start = timezone.now() - 10 * DAY
    EventFactory(title="Kick-off", capacity=30, starts_at=past_start, ends_at=past_start + HOUR)
    EventFactory(
        title="Open webinar", capacity=None, starts_at=past_start, ends_at=past_start + HOUR
    )

    response = client.get("/events/?when=past")

    assert seats_left_column(response) == {"Kick-off": "Ended", "Open webinar": "Ended"}
