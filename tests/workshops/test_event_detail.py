"""One event's page: who may see it, its agenda and times, its seats and join link."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
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
from tests.html import count_queries, plain_text, text
from tests.workshops.participants import logged_in_participant
from workshops.models import Event, Registration, Session
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
ROME = ZoneInfo("Europe/Rome")
LONDON = ZoneInfo("Europe/London")
NEXT_YEAR = timezone.now().year + 1
JOIN_URL = "https://meet.example.org/itp-room-7f3k"


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
