import datetime
import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone

from tests.factories import (
    EventFactory,
    GovernmentFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
    SessionFactory,
    ThemeFactory,
    UserFactory,
)
from workshops.models import Event, Registration, Session
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
ROME = ZoneInfo("Europe/Rome")
LONDON = ZoneInfo("Europe/London")
NEXT_YEAR = timezone.now().year + 1
JOIN_URL = "https://meet.example.org/itp-room-7f3k"


def titles(response):
    return [event.title for event in response.context["events"]]


def text(response):
    return html.unescape(response.content.decode())


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def logged_in_participant(client, **person_fields):
    """A Person with a login account, logged in on ``client``."""
    person = PersonFactory(user=UserFactory(), **person_fields)
    client.force_login(person.user)
    return person


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


def plain_text(response):
    """The page's text as it reads: inline tags dropped, others a space, spaces collapsed."""
    inline = re.sub(r"</?(?:a|time|span|strong)\b[^>]*>", "", text(response))
    return " ".join(re.sub(r"<[^>]+>", " ", inline).split())


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


# One event's page


def test_event_page_for_an_unknown_slug_is_not_found(client):
    EventFactory(slug="kick-off-milan")

    response = client.get("/events/no-such-event/")

    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_event_page_of_a_draft_is_not_found_for_anonymous_visitors(client):
    EventFactory(slug="draft-webinar", status=Event.Status.DRAFT)

    response = client.get("/events/draft-webinar/")

    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_event_page_of_a_draft_is_not_found_for_participants(client):
    logged_in_participant(client)
    EventFactory(slug="draft-webinar", status=Event.Status.DRAFT)

    response = client.get("/events/draft-webinar/")

    assert response.status_code == 404


def test_event_page_of_a_draft_is_shown_to_staff(client):
    client.force_login(UserFactory(is_staff=True))
    event = EventFactory(slug="draft-webinar", status=Event.Status.DRAFT)

    response = client.get("/events/draft-webinar/")

    assert response.context["event"] == event
    assert "Draft: not yet on the public schedule." in text(response)


def test_event_page_groups_the_agenda_by_the_venue_s_local_day(client):
    event = EventFactory(
        slug="kick-off-milan",
        starts_at=datetime.datetime(NEXT_YEAR, 4, 10, 9, 0, tzinfo=ROME),
        ends_at=datetime.datetime(NEXT_YEAR, 4, 11, 18, 0, tzinfo=ROME),
    )
    for title, day, hour, minute in [
        ("Closing panel", 11, 16, 0),
        ("Opening plenary", 10, 9, 0),
        # Still the 10th in UTC, already the 11th in Milan.
        ("Night tour of the Duomo", 11, 0, 30),
    ]:
        starts_at = datetime.datetime(NEXT_YEAR, 4, day, hour, minute, tzinfo=ROME)
        SessionFactory(event=event, title=title, starts_at=starts_at, ends_at=starts_at + HOUR)

    response = client.get("/events/kick-off-milan/")

    agenda = [
        (day.date, [session.title for session in day.sessions])
        for day in response.context["agenda"]
    ]
    first_day, second_day = datetime.date(NEXT_YEAR, 4, 10), datetime.date(NEXT_YEAR, 4, 11)
    assert agenda == [
        (first_day, ["Opening plenary"]),
        (second_day, ["Night tour of the Duomo", "Closing panel"]),
    ]
    headings = re.findall(r'<h3 class="h5 mt-3">(.*?)</h3>', text(response))
    assert headings == [
        dateformat.format(first_day, "l j F Y"),
        dateformat.format(second_day, "l j F Y"),
    ]


@pytest.mark.parametrize(("month", "abbreviation"), [(7, "EDT"), (1, "EST")])
def test_event_page_shows_times_in_the_zone_asked_for(client, month, abbreviation):
    starts_at = datetime.datetime(NEXT_YEAR, month, 15, 10, 0, tzinfo=ROME)
    event = EventFactory(slug="kick-off-milan", starts_at=starts_at)
    SessionFactory(event=event, starts_at=starts_at, ends_at=starts_at + HOUR)

    response = client.get("/events/kick-off-milan/?tz=America/Toronto")

    # 10:00 in Rome is 04:00 in Toronto both in summer and in winter.
    assert response.context["viewer_zone"] == "America/Toronto"
    assert f"04:00–05:00 {abbreviation} your time" in text(response)
    assert "Starts, in your time (America/Toronto): " in text(response)


def test_event_page_writes_a_one_day_event_s_date_long_and_its_times_with_their_zone(client):
    starts_at = datetime.datetime(NEXT_YEAR, 1, 15, 9, 0, tzinfo=ROME)
    event = EventFactory(slug="kick-off-milan", starts_at=starts_at, ends_at=starts_at + 8 * HOUR)
    SessionFactory(event=event, starts_at=starts_at, ends_at=starts_at + HOUR)
    weekday = dateformat.format(starts_at, "l")

    response = client.get("/events/kick-off-milan/?tz=Europe/London")

    page = plain_text(response)
    assert f"When {weekday} 15 January {NEXT_YEAR}, 09:00 – 17:00 CET, Milan" in page
    assert (
        f"Starts, in your time (Europe/London): {weekday} 15 January {NEXT_YEAR}, 08:00 GMT" in page
    )
    assert f"09:00–10:00 CET, Milan (15 Jan {NEXT_YEAR}, 08:00–09:00 GMT your time)" in page


def test_event_page_writes_a_multi_day_event_s_start_and_end_in_full(client):
    starts_at = datetime.datetime(NEXT_YEAR, 4, 10, 9, 0, tzinfo=ROME)
    EventFactory(slug="kick-off-milan", starts_at=starts_at, ends_at=starts_at + 2 * DAY + HOUR)
    first, last = (dateformat.format(starts_at + days * DAY, "l") for days in (0, 2))

    response = client.get("/events/kick-off-milan/")

    assert (
        f"When {first} 10 April {NEXT_YEAR}, 09:00 CEST – {last} 12 April {NEXT_YEAR}, 10:00 CEST"
        in plain_text(response)
    )


def test_event_page_with_an_unknown_zone_says_so_and_shows_the_venue_s_time(client):
    EventFactory(slug="kick-off-milan")

    response = client.get("/events/kick-off-milan/?tz=Not/AZone")

    assert response.status_code == 200
    assert response.context["viewer_zone"] == "Europe/Rome"
    assert "“Not/AZone” is not a time zone we know" in text(response)
    assert "your time" not in text(response)


def test_event_page_with_an_empty_zone_shows_the_participant_s_own_zone_without_warning(client):
    logged_in_participant(client, government=GovernmentFactory(time_zone="America/Chicago"))
    EventFactory(slug="kick-off-milan")

    response = client.get("/events/kick-off-milan/?tz=")

    assert "is not a time zone we know" not in text(response)
    assert response.context["viewer_zone"] == "America/Chicago"


def test_event_page_shows_a_participant_times_in_their_government_s_zone(client):
    logged_in_participant(client, government=GovernmentFactory(time_zone="America/Chicago"))
    starts_at = datetime.datetime(NEXT_YEAR, 7, 15, 10, 0, tzinfo=ROME)
    event = EventFactory(slug="kick-off-milan", starts_at=starts_at)
    SessionFactory(event=event, starts_at=starts_at, ends_at=starts_at + HOUR)

    response = client.get("/events/kick-off-milan/")

    assert response.context["viewer_zone"] == "America/Chicago"
    assert "03:00–04:00 CDT your time" in text(response)


def test_event_page_shows_a_participant_times_in_the_zone_saved_in_their_profile(client):
    logged_in_participant(
        client,
        government=GovernmentFactory(time_zone="America/Chicago"),
        time_zone="Asia/Tokyo",
    )
    starts_at = datetime.datetime(NEXT_YEAR, 7, 15, 10, 0, tzinfo=ROME)
    event = EventFactory(slug="kick-off-milan", starts_at=starts_at)
    SessionFactory(event=event, starts_at=starts_at, ends_at=starts_at + HOUR)

    response = client.get("/events/kick-off-milan/")

    assert response.context["viewer_zone"] == "Asia/Tokyo"
    assert "17:00–18:00 JST your time" in text(response)


def test_webinar_page_lists_each_active_government_s_start_and_marks_unsociable_hours(client):
    for name, zone in [
        ("Scotland", "Europe/London"),
        ("California", "America/Los_Angeles"),
        ("Silesia", "Europe/Warsaw"),
        ("Quebec", "America/Toronto"),
    ]:
        GovernmentFactory(name=name, time_zone=zone)
    GovernmentFactory(name="Former member", time_zone="Asia/Tokyo", is_active=False)
    EventFactory(
        slug="webinar-hydrogen",
        kind=Event.Kind.WEBINAR,
        starts_at=datetime.datetime(NEXT_YEAR, 7, 15, 15, 0, tzinfo=LONDON),
        time_zone="Europe/London",
    )

    response = client.get("/events/webinar-hydrogen/")

    local_starts = {
        row.government.name: (row.starts_at.strftime("%H:%M"), row.within_working_hours)
        for row in response.context["government_times"]
    }
    assert local_starts == {
        "Scotland": ("15:00", True),
        "California": ("07:00", False),
        "Silesia": ("16:00", True),
        "Quebec": ("10:00", True),
    }
    assert text(response).count("Outside 08:00–18:00") == 1
    marked_rows = re.findall(
        r'<tr class="table-warning">\s*<th scope="row">(.*?)</th>', text(response)
    )
    assert marked_rows == ["California"]


def test_workshop_page_has_no_table_of_government_start_times(client):
    GovernmentFactory(name="California", time_zone="America/Los_Angeles")
    EventFactory(slug="kick-off-milan", kind=Event.Kind.WORKSHOP)

    response = client.get("/events/kick-off-milan/")

    assert "government_times" not in response.context
    assert "Start time in each member government" not in text(response)


@pytest.fixture
def webinar_with_join_link():
    """A one-seat webinar with a join link, its seat taken and one person waitlisted."""
    event = EventFactory(slug="webinar-hydrogen", capacity=1, join_url=JOIN_URL)
    seat = PersonFactory(user=UserFactory())
    waiting = PersonFactory(user=UserFactory())
    register_for_event(event=event, person=seat)
    register_for_event(event=event, person=waiting)
    return {"registered": seat, "waitlisted": waiting}


@pytest.mark.parametrize(
    ("viewer", "shown"),
    [("anonymous", False), ("unregistered", False), ("waitlisted", False), ("registered", True)],
)
def test_event_page_shows_the_join_link_only_to_a_registered_person(
    client, webinar_with_join_link, viewer, shown
):
    if viewer == "unregistered":
        logged_in_participant(client)
    elif viewer != "anonymous":
        client.force_login(webinar_with_join_link[viewer].user)

    response = client.get("/events/webinar-hydrogen/")

    assert (JOIN_URL in text(response)) is shown
    assert response.context["show_join_url"] is shown


def test_event_page_tells_a_waitlisted_person_their_place(client, webinar_with_join_link):
    client.force_login(webinar_with_join_link["waitlisted"].user)

    response = client.get("/events/webinar-hydrogen/")

    assert "You are number 1 on the waitlist." in text(response)
    assert "Leave the waitlist" in text(response)


@pytest.fixture
def finished_event():
    """A workshop that ended yesterday, with one attendee."""
    starts_at = timezone.now() - DAY - 8 * HOUR
    event = EventFactory(slug="kick-off-milan", starts_at=starts_at, capacity=30)
    attendee = PersonFactory(user=UserFactory())
    RegistrationFactory(event=event, person=attendee, status=Registration.Status.ATTENDED)
    return {"event": event, "attendee": attendee}


@pytest.mark.parametrize("viewer", ["anonymous", "participant"])
def test_event_page_of_a_finished_event_says_it_ended_without_seats_or_registration(
    client, finished_event, viewer
):
    if viewer == "participant":
        logged_in_participant(client)

    response = client.get("/events/kick-off-milan/")

    page = text(response)
    assert "This event has ended." in page
    assert "Seats left" not in page
    assert 'id="registration-heading"' not in page
    assert "Log in to register" not in page
    assert "This event is over." not in page
    assert "You attended it." not in page


def test_event_page_of_a_finished_event_tells_an_attendee_they_attended(client, finished_event):
    client.force_login(finished_event["attendee"].user)

    response = client.get("/events/kick-off-milan/")

    assert "This event has ended. You attended it." in text(response)
    assert 'id="registration-heading"' not in text(response)


def test_event_page_of_an_event_under_way_still_shows_seats_and_registration(client):
    EventFactory(slug="kick-off-milan", starts_at=timezone.now() - HOUR)

    response = client.get("/events/kick-off-milan/")

    assert "This event has ended." not in text(response)
    assert "Seats left" in text(response)
    assert 'id="registration-heading"' in text(response)


def _sessions_with_speakers_and_themes(event, count, *, speakers, themes, first_number=0):
    sessions = Session.objects.bulk_create(
        Session(
            event=event,
            title=f"Breakout {number}",
            kind=Session.Kind.SITE_VISIT if number % 5 == 0 else Session.Kind.BREAKOUT,
            starts_at=event.starts_at + number * datetime.timedelta(minutes=10),
            ends_at=event.starts_at + (number + 1) * datetime.timedelta(minutes=10),
            host_organisation=speakers[1].organisation if number % 5 == 0 else None,
            description="Sharing what worked.",
        )
        for number in range(first_number, first_number + count)
    )
    sessions = Session.objects.filter(event=event, title__in=[s.title for s in sessions])
    Session.speakers.through.objects.bulk_create(
        Session.speakers.through(session=session, person=speaker)
        for session in sessions
        for speaker in speakers
    )
    Session.themes.through.objects.bulk_create(
        Session.themes.through(session=session, theme=theme)
        for session in sessions
        for theme in themes
    )


def test_event_page_costs_the_same_queries_for_3_sessions_as_for_300(client):
    event = EventFactory(
        slug="kick-off-milan",
        host_government=GovernmentFactory(),
        themes=ThemeFactory.create_batch(2),
        ends_at=timezone.now() + 40 * DAY,
    )
    speakers = [
        PersonFactory(consents_to_public_listing=True),
        PersonFactory(government=None, organisation=OrganisationFactory(name="ORI Martin")),
        PersonFactory(consents_to_public_listing=False),
    ]
    themes = ThemeFactory.create_batch(2)
    _sessions_with_speakers_and_themes(event, 3, speakers=speakers, themes=themes)
    with_three = count_queries(client, "/events/kick-off-milan/")
    _sessions_with_speakers_and_themes(event, 297, speakers=speakers, themes=themes, first_number=3)

    response = client.get("/events/kick-off-milan/")
    with_three_hundred = count_queries(client, "/events/kick-off-milan/")

    assert with_three_hundred == with_three
    assert sum(len(day.sessions) for day in response.context["agenda"]) == 300
    assert "Site visit hosted by ORI Martin" in text(response)


# Registering and cancelling


def test_register_as_anonymous_visitor_redirects_to_login_and_creates_nothing(client):
    EventFactory(slug="webinar-hydrogen")

    response = client.post("/events/webinar-hydrogen/register/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/events/webinar-hydrogen/register/"
    assert Registration.objects.count() == 0


def test_register_by_get_is_not_allowed(client):
    logged_in_participant(client)
    EventFactory(slug="webinar-hydrogen")

    response = client.get("/events/webinar-hydrogen/register/")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert Registration.objects.count() == 0


def test_register_as_participant_registers_and_says_so(client):
    person = logged_in_participant(client)
    event = EventFactory(slug="webinar-hydrogen", title="Webinar: hydrogen valleys")

    response = client.post("/events/webinar-hydrogen/register/")

    assert response.url == "/events/webinar-hydrogen/"
    registration = Registration.objects.get(event=event, person=person)
    assert registration.status == Registration.Status.REGISTERED
    assert messages_of(response) == ["You are registered for Webinar: hydrogen valleys."]


def test_register_for_a_full_event_waitlists_and_gives_the_place(client):
    person = logged_in_participant(client)
    event = EventFactory(slug="webinar-hydrogen", capacity=1)
    register_for_event(event=event, person=PersonFactory())
    register_for_event(event=event, person=PersonFactory())

    response = client.post("/events/webinar-hydrogen/register/")

    registration = Registration.objects.get(event=event, person=person)
    assert registration.status == Registration.Status.WAITLISTED
    assert messages_of(response) == ["The event is full. You are number 2 on the waitlist."]


def test_register_for_a_cancelled_event_gives_the_reason_and_creates_nothing(client):
    logged_in_participant(client)
    EventFactory(slug="webinar-hydrogen", status=Event.Status.CANCELLED)

    response = client.post("/events/webinar-hydrogen/register/")

    assert response.url == "/events/webinar-hydrogen/"
    assert messages_of(response) == ["This event has been cancelled."]
    assert Registration.objects.count() == 0


def test_register_for_a_draft_event_is_not_found(client):
    logged_in_participant(client)
    EventFactory(slug="draft-webinar", status=Event.Status.DRAFT)

    response = client.post("/events/draft-webinar/register/")

    assert response.status_code == 404
    assert Registration.objects.count() == 0


def test_register_without_a_csrf_token_is_forbidden():
    client = Client(enforce_csrf_checks=True)
    logged_in_participant(client)
    EventFactory(slug="webinar-hydrogen")

    response = client.post("/events/webinar-hydrogen/register/")

    assert response.status_code == 403
    assert "CSRF verification failed" in text(response)
    assert Registration.objects.count() == 0


def test_register_with_the_page_s_csrf_token_works():
    client = Client(enforce_csrf_checks=True)
    person = logged_in_participant(client)
    EventFactory(slug="webinar-hydrogen")
    page = client.get("/events/webinar-hydrogen/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())

    client.post("/events/webinar-hydrogen/register/", {"csrfmiddlewaretoken": token.group(1)})

    assert Registration.objects.get(person=person).status == Registration.Status.REGISTERED


def test_register_with_an_account_not_linked_to_a_person_explains_and_creates_nothing(client):
    client.force_login(UserFactory())
    EventFactory(slug="webinar-hydrogen")

    response = client.post("/events/webinar-hydrogen/register/", follow=True)

    assert response.redirect_chain == [("/events/webinar-hydrogen/", 302)]
    assert "Your account is not linked to a participant yet; ask the programme staff." in text(
        response
    )
    assert Registration.objects.count() == 0


def test_cancel_by_post_cancels_and_promotes_the_waitlist(client):
    person = logged_in_participant(client)
    event = EventFactory(slug="webinar-hydrogen", title="Webinar: hydrogen valleys", capacity=1)
    mine = register_for_event(event=event, person=person)
    waiting = register_for_event(event=event, person=PersonFactory())

    response = client.post("/events/webinar-hydrogen/cancel/")

    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == (
        Registration.Status.CANCELLED,
        Registration.Status.REGISTERED,
    )
    assert messages_of(response) == [
        "Your registration for Webinar: hydrogen valleys is cancelled."
    ]


def test_cancel_without_a_registration_is_not_found(client):
    logged_in_participant(client)
    event = EventFactory(slug="webinar-hydrogen")
    register_for_event(event=event, person=PersonFactory())

    response = client.post("/events/webinar-hydrogen/cancel/")

    assert response.status_code == 404
    assert Registration.objects.get(event=event).status == Registration.Status.REGISTERED


def test_cancel_as_anonymous_visitor_redirects_to_login(client):
    event = EventFactory(slug="webinar-hydrogen")
    registration = register_for_event(event=event, person=PersonFactory())

    response = client.post("/events/webinar-hydrogen/cancel/")

    assert response.url == "/accounts/login/?next=/events/webinar-hydrogen/cancel/"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
