"""An event's slug may not be the address of another page under /events/."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory
from workshops.models import Event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["calendar", "planner", "Calendar"])
def test_an_event_slug_that_names_a_page_is_refused(slug):
    event = EventFactory.build(slug=slug)

    with pytest.raises(ValidationError) as refusal:
        event.full_clean(exclude=["host_government"])

    assert refusal.value.message_dict["slug"] == [
        f"“{slug}” is the address of another page here; choose another slug."
    ]


def test_an_event_slug_that_only_starts_with_a_page_name_is_accepted():
    EventFactory.build(slug="calendar-of-heat-pump-webinars").full_clean(
        exclude=["host_government"]
    )


def test_the_admin_refuses_the_calendar_s_address_as_an_event_slug(admin_client):
    starts_at = timezone.now() + datetime.timedelta(days=5)
    data = {
        "title": "Calendar",
        "slug": "calendar",
        "kind": Event.Kind.WEBINAR,
        "status": Event.Status.DRAFT,
        "starts_at_0": starts_at.strftime("%Y-%m-%d"),
        "starts_at_1": "10:00:00",
        "ends_at_0": starts_at.strftime("%Y-%m-%d"),
        "ends_at_1": "11:00:00",
        "time_zone": "Europe/Rome",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "reminders-TOTAL_FORMS": "0",
        "reminders-INITIAL_FORMS": "0",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
    }

    response = admin_client.post(reverse("admin:workshops_event_add"), data)

    errors = response.context["adminform"].form.errors
    assert errors["slug"] == [
        "“calendar” is the address of another page here; choose another slug."
    ]
    assert Event.objects.count() == 0


def test_the_calendar_page_answers_even_beside_an_event_saved_as_calendar_before(client):
    # Rows written before the rule (or around the forms) cannot take the page's address.
    EventFactory(slug="calendar", title="An old event")

    response = client.get("/events/calendar/")

    assert response.status_code == 200
    assert response.context["month"] is not None
