"""The audit trail: who changed which record, and when, shown in the admin."""

import datetime

import pytest
from django.utils import timezone

from regions.models import Person
from teams.models import Secondment
from tests.factories import EventFactory, GovernmentFactory, RegistrationFactory, SecondmentFactory
from workshops.models import Registration
from workshops.services import mark_attendance

pytestmark = pytest.mark.django_db


def test_admin_edit_records_the_change_and_the_editing_user(admin_client, admin_user):
    government = GovernmentFactory(name="Wales", slug="wales")
    form = (
        admin_client.get(f"/admin/regions/government/{government.pk}/change/")
        .context["adminform"]
        .form
    )
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "themes"
    }
    data.update(summary_en="Wales joined the platform in 2019.", themes=[])

    response = admin_client.post(f"/admin/regions/government/{government.pk}/change/", data)

    assert response.status_code == 302
    latest = government.history.latest()
    assert (latest.history_type, latest.history_user, latest.summary) == (
        "~",
        admin_user,
        "Wales joined the platform in 2019.",
    )


def test_history_page_in_the_admin_lists_the_changes(admin_client):
    event = EventFactory()

    response = admin_client.get(f"/admin/workshops/event/{event.pk}/history/")

    assert response.status_code == 200
    assert "Created" in response.content.decode()


def test_secondment_lifecycle_action_is_recorded_with_its_user(admin_client, admin_user):
    proposed = SecondmentFactory(status=Secondment.Status.PROPOSED)

    admin_client.post(
        "/admin/teams/secondment/",
        {"action": "approve", "_selected_action": [proposed.pk]},
    )

    latest = proposed.history.latest()
    assert (latest.status, latest.history_user) == ("approved", admin_user)


def test_attendance_marked_in_bulk_enters_the_trail_row_by_row():
    started = timezone.now() - datetime.timedelta(days=1)
    event = EventFactory(starts_at=started, ends_at=started + datetime.timedelta(hours=2))
    RegistrationFactory.create_batch(3, event=event, status=Registration.Status.ATTENDED)
    registrations = Registration.objects.filter(event=event)
    before = Registration.history.filter(event=event).count()

    marked, _left = mark_attendance(registrations=registrations, attended=False)

    assert Registration.history.filter(event=event).count() == before + marked
    assert marked == registrations.count()


def test_the_person_history_never_copies_the_calendar_token():
    fields = {field.name for field in Person.history.model._meta.fields}

    assert "calendar_token" not in fields
