"""The month calendar page: which events it shows on which days, to whom, and what it says
to a month it cannot show."""

import datetime
import re
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from itp.roles import PROGRAMME_STAFF
from tests.factories import EventFactory, GovernmentFactory, UserFactory
from tests.html import count_queries, plain, text
from tests.workshops.participants import logged_in_participant
from workshops.models import Event
from workshops.month import Month

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
UTC = ZoneInfo("UTC")
HOUR = datetime.timedelta(hours=1)
CALENDAR = "/events/calendar/"
APRIL = f"{CALENDAR}?month=2030-04"


def at(zone, *parts):
    return datetime.datetime(*parts, tzinfo=zone)


def event_on(day, title, *, hour=10, hours=2, zone=ROME, **fields):
    starts_at = at(zone, 2030, 4, day, hour)
    return EventFactory(
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        **fields,
    )


def days_and_entries(response):
    """The calendar grid's days that have events, as {day: [what each entry reads]}."""
    table = re.search(r"<table.*?</table>", text(response), re.DOTALL).group(0)
    days = {}
    for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.DOTALL):
        number = re.search(r'<span aria-hidden="true">(\d+)</span>', cell)
        entries = [plain(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", cell, re.DOTALL)]
        if number and entries:
            days[int(number.group(1))] = entries
    return days


def test_calendar_shows_a_month_as_weeks_from_monday_with_a_caption(client):
    response = client.get(APRIL)

    page = text(response)
    assert response.status_code == 200
    assert '<caption class="visually-hidden">April 2030</caption>' in page
    assert re.findall(r'<th scope="col"><abbr title="(\w+)">', page) == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert "<h1>Calendar: April 2030</h1>" in page


def test_calendar_links_each_public_event_on_its_day_with_its_start(client):
    webinar = event_on(9, "Webinar on hydrogen valleys", hour=14)

    response = client.get(APRIL)

    assert days_and_entries(response) == {9: ["14:00 Webinar on hydrogen valleys"]}
    assert f'href="{webinar.get_absolute_url()}"' in text(response)


@pytest.mark.parametrize("role", ["anonymous", "participant", "staff"])
def test_calendar_shows_cancelled_events_marked_and_no_drafts_to_anyone(client, role):
    # As on the schedule: a cancellation is news; a draft is not shown there, even to staff.
    event_on(9, "Published webinar")
    event_on(10, "Cancelled webinar", status=Event.Status.CANCELLED)
    event_on(11, "Draft webinar", status=Event.Status.DRAFT)
    if role == "participant":
        logged_in_participant(client)
    elif role == "staff":
        client.force_login(UserFactory(is_staff=True, roles=[PROGRAMME_STAFF]))

    response = client.get(APRIL)

    assert days_and_entries(response) == {
        9: ["10:00 Published webinar"],
        10: ["10:00 Cancelled webinar Cancelled"],
    }
    assert "Draft webinar" not in text(response)


def test_an_event_over_several_days_is_on_each_and_said_to_continue(client):
    event_on(8, "Milan workshop", hour=9, hours=24 * 2 + 8)

    response = client.get(APRIL)

    assert days_and_entries(response) == {
        8: ["09:00 Milan workshop"],
        9: ["continues: … Milan workshop"],
        10: ["continues: … Milan workshop"],
    }


def test_an_event_across_the_start_of_the_month_continues_on_its_first_days(client):
    starts_at = at(ROME, 2030, 3, 30, 9)
    EventFactory(title="Study visit", starts_at=starts_at, ends_at=starts_at + 3 * 24 * HOUR)

    response = client.get(APRIL)

    assert days_and_entries(response) == {
        1: ["continues: … Study visit"],
        2: ["continues: … Study visit"],
    }


def test_days_are_the_venue_s_for_a_visitor_and_the_person_s_own_when_signed_in(client):
    # 02:00 UTC on the 10th: 04:00 in Rome, still the 9th (22:00) in Toronto.
    event_on(10, "Early webinar", hour=2, zone=UTC, time_zone="Europe/Rome")

    visitor = client.get(APRIL)
    logged_in_participant(client, time_zone="America/Toronto")
    toronto_person = client.get(APRIL)

    assert days_and_entries(visitor) == {10: ["04:00 Early webinar"]}
    assert days_and_entries(toronto_person) == {9: ["22:00 Early webinar"]}
    assert "Days and times in America/Toronto." in plain(toronto_person.content.decode())


def test_a_person_without_a_zone_sees_their_government_s(client):
    event_on(10, "Early webinar", hour=2, zone=UTC)
    government = GovernmentFactory(time_zone="America/Chicago")
    logged_in_participant(client, time_zone="", government=government)

    assert days_and_entries(client.get(APRIL)) == {9: ["21:00 Early webinar"]}


def test_the_zone_asked_for_is_used_and_kept_in_the_links_to_other_months(client):
    event_on(10, "Early webinar", hour=2, zone=UTC)

    response = client.get(f"{APRIL}&tz=America/Toronto")

    assert days_and_entries(response) == {9: ["22:00 Early webinar"]}
    page = text(response)
    assert 'href="/events/calendar/?month=2030-03&tz=America%2FToronto"' in page
    assert 'href="/events/calendar/?month=2030-05&tz=America%2FToronto"' in page
    assert 'id="calendar-tz" name="tz" value="America/Toronto"' in page


def test_a_person_s_own_zone_is_not_written_into_the_links(client):
    logged_in_participant(client, time_zone="America/Toronto")

    page = text(client.get(APRIL))

    assert 'href="/events/calendar/?month=2030-05"' in page
    assert 'id="calendar-tz" name="tz" value=""' in page


def test_an_unknown_zone_is_said_so_and_the_venue_s_is_used(client):
    event_on(10, "Early webinar", hour=2, zone=UTC)

    response = client.get(f"{APRIL}&tz=Mars/Olympus_Mons")

    assert response.status_code == 200
    assert "“Mars/Olympus_Mons” is not a time zone we know" in text(response)
    assert days_and_entries(response) == {10: ["04:00 Early webinar"]}


def test_without_a_month_the_calendar_shows_this_one_and_no_link_to_it(client):
    today = timezone.localdate()

    response = client.get(CALENDAR)

    assert response.context["month"] == Month.of(today)
    assert f'<caption class="visually-hidden">{today:%B %Y}</caption>' in text(response)
    assert "This month</a>" not in text(response)
    assert 'aria-current="date"' in text(response)


def test_another_month_links_to_the_months_around_it_and_to_this_one(client):
    page = text(client.get(APRIL))

    assert (
        '<a class="btn btn-outline-primary" rel="prev" href="/events/calendar/?month=2030-03">'
        in page
    )
    assert (
        '<a class="btn btn-outline-primary" rel="next" href="/events/calendar/?month=2030-05">'
        in page
    )
    assert 'href="/events/calendar/">This month</a>' in page
    assert '<label class="form-label" for="calendar-month">Go to month</label>' in page
    assert 'type="month" id="calendar-month" name="month" value="2030-04"' in page


def test_the_last_month_shown_has_no_next_one(client):
    page = text(client.get(f"{CALENDAR}?month=2200-12"))

    assert 'rel="prev"' in page
    assert 'rel="next"' not in page


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("month=2026-13", "A month is numbered from 01 to 12."),
        ("month=abc", "Give the month as year and month, such as 2026-04."),
        ("month=99999-01", "Give the month as year and month, such as 2026-04."),
        ("month=1899-12", "The calendar shows the years 1900 to 2200."),
        ("month=2201-01", "The calendar shows the years 1900 to 2200."),
        ("month=" + "9" * 5000, "Give the month as year and month"),
        ("month=2026-04&month=2026-05", "Ask for one month at a time."),
        ("month=" + quote("2026-04\x00"), "Give the month as year and month"),
    ],
)
def test_a_month_the_calendar_cannot_show_is_a_400_page_linking_to_this_month(
    client, query, reason
):
    response = client.get(f"{CALENDAR}?{query}")

    page = text(response)
    assert response.status_code == 400
    assert reason in page
    assert '<a href="/events/calendar/">Show this month’s calendar</a>' in page
    assert "<table" not in page
    assert "9" * 41 not in page


def test_a_month_is_shown_back_escaped(client):
    response = client.get(f"{CALENDAR}?month=" + quote("<script>alert(1)</script>"))

    assert response.status_code == 400
    assert "“&lt;script&gt;alert(1)&lt;/script&gt;” is not a month" in response.text


def test_calendar_costs_the_same_queries_for_one_event_or_many(client):
    event_on(9, "First webinar")
    one = count_queries(client, APRIL)
    for day in range(1, 29):
        event_on(day, f"Webinar {day}", hours=30)

    assert count_queries(client, APRIL) == one


def test_calendar_shows_a_new_event_to_a_visitor_on_the_next_request(client):
    assert days_and_entries(client.get(APRIL)) == {}
    served_from_the_cache = client.get(APRIL)

    event_on(9, "Webinar just published")

    assert days_and_entries(client.get(APRIL)) == {9: ["10:00 Webinar just published"]}
    assert served_from_the_cache.templates == []  # nothing rendered: the page was stored


def test_below_the_grid_the_same_month_is_a_list_of_the_days_with_events(client):
    event_on(9, "Webinar on hydrogen valleys", hour=14)

    page = text(client.get(APRIL))

    days = re.search(r'<div class="month-calendar-list">(.*?)</div>', page, re.DOTALL).group(1)
    assert plain(days) == "Tuesday 9 April 14:00 Webinar on hydrogen valleys"


def test_the_schedule_links_to_the_calendar(client):
    assert f'href="{reverse("workshops:event-calendar-month")}"' in text(client.get("/events/"))
