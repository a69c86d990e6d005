"""The demo's upcoming Katowice workshop: hybrid, with a government quota on the room."""

import datetime
import io

import pytest
from django.core.management import call_command

from workshops.models import Event, Mode, Registration

pytestmark = pytest.mark.django_db


def test_demo_katowice_workshop_is_hybrid_with_one_room_seat_per_government(demo):
    event = Event.objects.get(slug="katowice-workshop")
    seats = Registration.objects.filter(event=event, status=Registration.Status.REGISTERED)

    assert (event.attendance_mode, event.capacity, event.online_capacity) == ("hybrid", 8, 40)
    assert event.seats_per_government == 1
    assert event.starts_at - event.quota_released_at == datetime.timedelta(days=14)
    assert seats.filter(mode=Mode.IN_PERSON).count() == 8
    assert seats.values("person__government").distinct().count() == 8


def test_demo_webinars_are_online(demo):
    webinars = Event.objects.filter(slug__startswith="webinar-")

    assert set(webinars.values_list("attendance_mode", flat=True)) == {"online"}


def test_load_demo_again_leaves_the_katowice_workshop_and_its_seats_as_they_were(demo):
    def snapshot():
        event = Event.objects.filter(slug="katowice-workshop")
        return (
            list(event.values()),
            sorted(
                Registration.objects.filter(event__in=event).values_list(
                    "person", "status", "mode", "waitlist_order", "updated_at"
                )
            ),
        )

    before = snapshot()
    call_command("load_demo", stdout=io.StringIO())

    assert snapshot() == before
