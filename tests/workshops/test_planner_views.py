import datetime

import pytest
from django.utils import timezone

from itp.roles import PROGRAMME_STAFF
from tests.factories import GovernmentFactory, UserFactory
from tests.html import count_queries, messages_of, plain, plain_text, text
from workshops.models import Event
from workshops.services import WebinarRefused, create_draft_webinar

pytestmark = pytest.mark.django_db

PLANNER = "/events/planner/"
START = "/events/planner/webinar/"


@pytest.fixture
def governments(db):
    return [
        GovernmentFactory(
            name="Scotland", country="GB", time_zone="Europe/London", holiday_subdivision="SCT"
        ),
        GovernmentFactory(
            name="Wales", country="GB", time_zone="Europe/London", holiday_subdivision="WLS"
        ),
        GovernmentFactory(
            name="Quebec", country="CA", time_zone="America/Toronto", holiday_subdivision="QC"
        ),
    ]


def future_tuesday():
    day = timezone.now().date() + datetime.timedelta(days=21)
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def test_planner_shows_holidays_and_local_times_to_a_coordinator(coordinator_client, governments):
    response = coordinator_client.get(f"{PLANNER}?date=2026-11-30&duration=60&slot=14:00")

    page = plain_text(response)
    assert response.status_code == 200
    assert "Scotland, Monday 30 November: public holiday (Saint Andrew's Day)" in page
    assert "Wales, Monday 30 November" not in page
    assert "Local times at 14:00–15:00 UTC" in page
    assert "Quebec 09:00–10:00 EST Core hours Working day" in page
    assert "Scotland 14:00–15:00 GMT Working hours, but a day off Public holiday" in page


def test_planner_best_slots_count_governments_in_working_hours(coordinator_client, governments):
    response = coordinator_client.get(f"{PLANNER}?date=2026-11-30&duration=60")

    page = plain_text(response)
    # Scotland is on holiday; Wales and Quebec (09:00 EST is 14:00 UTC) share core hours.
    assert "1 14:00–15:00 2 of 3 2 of 3" in page
    assert "Start a draft webinar" not in page  # coordinators only look


def test_planner_offers_staff_a_draft_webinar_per_best_slot(staff_client, governments):
    response = staff_client.get(f"{PLANNER}?date=2026-11-30&duration=90")

    assert text(response).count("Start a draft webinar at") == 5
    assert 'name="csrfmiddlewaretoken"' in text(response)


def test_planner_without_a_date_plans_today_for_an_hour(coordinator_client, governments):
    response = coordinator_client.get(PLANNER)

    assert response.context["plan"].day == timezone.now().date()
    assert response.context["plan"].duration == datetime.timedelta(hours=1)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("date=2026-02-30", "date", "Enter a date as YYYY-MM-DD"),
        ("date=30/11/2026", "date", "Enter a date as YYYY-MM-DD"),
        ("date=1899-12-31", "date", "greater than or equal to 1900-01-01"),
        ("date=99999-01-01", "date", "Enter a date as YYYY-MM-DD"),
        ("date=2026-11-30&duration=20", "duration", "between 30 minutes and 8 hours"),
        ("date=2026-11-30&duration=495", "duration", "between 30 minutes and 8 hours"),
        ("date=2026-11-30&duration=abc", "duration", "between 30 minutes and 8 hours"),
        ("date=2026-11-30&slot=14:15", "slot", "a half hour of the day"),
        ("date=2026-11-30&slot=%00", "slot", "a half hour of the day"),
    ],
)
def test_planner_refuses_bad_values_on_their_field(coordinator_client, query, field, message):
    response = coordinator_client.get(f"{PLANNER}?{query}")

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in plain_text(response)


def test_planner_sends_anonymous_visitors_to_log_in(client):
    response = client.get(PLANNER)

    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


def test_planner_is_forbidden_to_participants(participant_client):
    assert participant_client.get(PLANNER).status_code == 403


def test_planner_costs_the_same_queries_with_ten_times_the_governments(coordinator_client):
    GovernmentFactory.create_batch(3)
    few = count_queries(coordinator_client, f"{PLANNER}?date=2026-03-17")
    GovernmentFactory.create_batch(27)

    assert count_queries(coordinator_client, f"{PLANNER}?date=2026-03-17") == few


def test_planner_leaves_out_inactive_governments(coordinator_client, governments):
    governments[0].is_active = False
    governments[0].save()

    response = coordinator_client.get(f"{PLANNER}?date=2026-11-30")

    assert [government.name for government in response.context["plan"].governments] == [
        "Quebec",
        "Wales",
    ]


def test_start_webinar_makes_a_draft_and_opens_it_in_the_admin(staff_client, governments):
    day = future_tuesday()

    response = staff_client.post(
        START, {"date": day.isoformat(), "duration": "90", "slot": "14:30"}
    )

    event = Event.objects.get()
    assert response.url == f"/admin/workshops/event/{event.pk}/change/"
    starts_at = datetime.datetime.combine(day, datetime.time(14, 30), tzinfo=datetime.UTC)
    assert (event.kind, event.status, event.starts_at, event.ends_at, event.time_zone) == (
        Event.Kind.WEBINAR,
        Event.Status.DRAFT,
        starts_at,
        starts_at + datetime.timedelta(minutes=90),
        "UTC",
    )
    assert event.history.get().history_user == response.wsgi_request.user
    assert messages_of(response) == [
        f"The draft webinar “{event.title}” is made; fill in the rest and publish it."
    ]


def test_start_webinar_twice_at_one_slot_makes_two_slugs(staff_client):
    day = future_tuesday().isoformat()
    for _ in range(2):
        staff_client.post(START, {"date": day, "duration": "60", "slot": "09:00"})

    slugs = list(Event.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 2
    assert slugs[1] == f"{slugs[0]}-2" or slugs[0] == f"{slugs[1]}-2"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-13-01", "duration": "60", "slot": "09:00"}, "Enter a date as YYYY-MM-DD"),
        ({"duration": "60", "slot": "09:00"}, "This field is required"),
        ({"date": "{day}", "duration": "600", "slot": "09:00"}, "between 30 minutes and 8 hours"),
        ({"date": "{day}", "duration": "60", "slot": "09:10"}, "a half hour of the day"),
        ({"date": "{day}", "duration": "60"}, "Choose the slot to start the webinar at"),
        ({"date": "2020-01-07", "duration": "60", "slot": "09:00"}, "a time still to come"),
    ],
)
def test_start_webinar_refuses_bad_slots_with_a_message(staff_client, data, message):
    data = {name: value.format(day=future_tuesday().isoformat()) for name, value in data.items()}

    response = staff_client.post(START, data)

    assert response.status_code == 302
    assert response.url.startswith(PLANNER)
    assert any(message in shown for shown in messages_of(response))
    assert not Event.objects.exists()


def test_start_webinar_goes_back_to_the_planners_day(staff_client):
    response = staff_client.post(START, {"date": "2026-11-30", "duration": "60", "slot": "9"})

    assert response.url == f"{PLANNER}?date=2026-11-30&duration=60"


def test_start_webinar_is_forbidden_to_coordinators(coordinator_client):
    data = {"date": future_tuesday().isoformat(), "duration": "60", "slot": "09:00"}

    assert coordinator_client.post(START, data).status_code == 403
    assert not Event.objects.exists()


def test_start_webinar_is_forbidden_to_participants(participant_client):
    data = {"date": future_tuesday().isoformat(), "duration": "60", "slot": "09:00"}

    assert participant_client.post(START, data).status_code == 403


def test_start_webinar_sends_anonymous_visitors_to_log_in(client):
    response = client.post(START, {"date": future_tuesday().isoformat(), "slot": "09:00"})

    assert response.url.startswith("/accounts/login/")
    assert not Event.objects.exists()


def test_start_webinar_answers_no_get(staff_client):
    assert staff_client.get(START).status_code == 405


def test_create_draft_webinar_refuses_a_past_start():
    with pytest.raises(WebinarRefused):
        create_draft_webinar(
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            duration=datetime.timedelta(hours=1),
            time_zone="UTC",
            created_by=UserFactory(roles=[PROGRAMME_STAFF]),
        )

    assert not Event.objects.exists()


def test_create_draft_webinar_names_it_for_its_start_in_utc():
    starts_at = datetime.datetime(2099, 3, 17, 14, 30, tzinfo=datetime.UTC)

    event = create_draft_webinar(
        starts_at=starts_at,
        duration=datetime.timedelta(minutes=45),
        time_zone="Europe/Rome",
        created_by=None,
    )

    assert (event.title, event.slug) == (
        "Webinar, 17 March 2099, 14:30 UTC (draft)",
        "webinar-17-march-2099-1430-utc-draft-20990317-1430",
    )
    assert plain(event.title) == event.title
    assert event.attendance_mode == Event.AttendanceMode.ONLINE


def test_events_in_the_admin_link_to_the_planner(coordinator_client):
    response = coordinator_client.get("/admin/workshops/event/")

    assert '<a href="/events/planner/">Plan a webinar’s time</a>' in text(response)
