import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from itp.roles import COORDINATORS, PROGRAMME_STAFF
from tests.factories import MessageFactory, PersonFactory, UserFactory
from workshops.models import Event, Message, Registration, Session
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db


def _event(**fields):
    starts_at = fields.pop("starts_at", timezone.now() + datetime.timedelta(days=10))
    defaults = {
        "title": "ITP workshop, Katowice",
        "slug": "katowice-workshop",
        "kind": Event.Kind.WORKSHOP,
        "status": Event.Status.PUBLISHED,
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=8),
        "time_zone": "Europe/Warsaw",
        "venue": "Silesian Museum",
        "city": "Katowice",
        "capacity": 2,
    }
    defaults.update(fields)
    return Event.objects.create(**defaults)


def test_event_changelist_shows_seats_left(admin_client):
    event = _event(capacity=3)
    register_for_event(event=event, person=PersonFactory())

    response = admin_client.get(reverse("admin:workshops_event_changelist"))

    assert response.status_code == 200
    row = next(row for row in response.context["cl"].result_list if row.pk == event.pk)
    assert row.seats_left == 2
    assert "Katowice" in response.text


@pytest.mark.parametrize("model", ["event", "session", "registration"])
def test_changelist_renders_for_superuser(admin_client, model):
    event = _event()
    Session.objects.create(
        event=event,
        title="Opening plenary",
        kind=Session.Kind.PLENARY,
        starts_at=event.starts_at,
        ends_at=event.starts_at + datetime.timedelta(hours=1),
    )
    register_for_event(event=event, person=PersonFactory(name="Agnieszka Nowak"))

    response = admin_client.get(reverse(f"admin:workshops_{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_event_add_form_and_change_form_render(admin_client):
    event = _event()

    add = admin_client.get(reverse("admin:workshops_event_add"))
    change = admin_client.get(reverse("admin:workshops_event_change", args=[event.pk]))

    assert "time_zone" in add.context["adminform"].form.fields
    assert change.context["original"] == event


def test_event_add_form_refuses_an_unknown_time_zone_on_the_field(admin_client):
    starts_at = timezone.now() + datetime.timedelta(days=5)
    data = {
        "title": "Webinar: heat pumps",
        "slug": "webinar-heat-pumps",
        "kind": Event.Kind.WEBINAR,
        "status": Event.Status.DRAFT,
        "starts_at_0": starts_at.strftime("%Y-%m-%d"),
        "starts_at_1": "10:00:00",
        "ends_at_0": starts_at.strftime("%Y-%m-%d"),
        "ends_at_1": "09:00:00",
        "time_zone": "Mars/Olympus_Mons",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "reminders-TOTAL_FORMS": "0",
        "reminders-INITIAL_FORMS": "0",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }

    response = admin_client.post(reverse("admin:workshops_event_add"), data)

    errors = response.context["adminform"].form.errors
    assert "Mars/Olympus_Mons" in str(errors["time_zone"])
    assert "ends_at" in errors
    assert Event.objects.count() == 0


def test_publish_action_publishes_and_raises_the_sequence(admin_client):
    event = _event(status=Event.Status.DRAFT)

    admin_client.post(
        reverse("admin:workshops_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk]},
    )

    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert event.sequence == 1


@pytest.mark.parametrize(
    ("action", "status", "said"),
    [
        ("publish", Event.Status.DRAFT, "1 event published."),
        ("cancel", Event.Status.PUBLISHED, "1 event cancelled."),
    ],
)
def test_action_on_a_list_filtered_by_status_counts_the_events_it_changed(
    admin_client, action, status, said
):
    event = _event(status=status)

    response = admin_client.post(
        reverse("admin:workshops_event_changelist") + f"?status__exact={status}",
        {"action": action, "_selected_action": [event.pk]},
        follow=True,
    )

    assert said in [str(message) for message in response.context["messages"]]


def test_cancel_action_cancels_events(admin_client):
    event = _event()

    admin_client.post(
        reverse("admin:workshops_event_changelist"),
        {"action": "cancel", "_selected_action": [event.pk]},
    )

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED


def test_mark_attended_action_marks_only_seat_holders_of_started_events(admin_client):
    event = _event(capacity=1)
    attendee = register_for_event(event=event, person=PersonFactory())
    waitlisted = register_for_event(event=event, person=PersonFactory())
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))

    admin_client.post(
        reverse("admin:workshops_registration_changelist"),
        {"action": "mark_attended", "_selected_action": [attendee.pk, waitlisted.pk]},
    )

    attendee.refresh_from_db()
    waitlisted.refresh_from_db()
    assert attendee.status == Registration.Status.ATTENDED
    assert waitlisted.status == Registration.Status.WAITLISTED


def test_cancel_registrations_action_promotes_the_waitlist(admin_client):
    event = _event(capacity=1)
    first = register_for_event(event=event, person=PersonFactory())
    second = register_for_event(event=event, person=PersonFactory())

    admin_client.post(
        reverse("admin:workshops_registration_changelist"),
        {"action": "cancel_registrations", "_selected_action": [first.pk], "post": "yes"},
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert second.status == Registration.Status.REGISTERED


def test_changing_the_start_in_the_admin_raises_the_sequence(admin_client):
    event = _event()
    url = reverse("admin:workshops_event_change", args=[event.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("themes", "starts_at", "ends_at")
    }
    new_start = event.starts_at + datetime.timedelta(days=1)
    data.update(
        {
            "starts_at_0": new_start.strftime("%Y-%m-%d"),
            "starts_at_1": new_start.strftime("%H:%M:%S"),
            "ends_at_0": (new_start + datetime.timedelta(hours=8)).strftime("%Y-%m-%d"),
            "ends_at_1": (new_start + datetime.timedelta(hours=8)).strftime("%H:%M:%S"),
            "host_government": "",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
            "reminders-TOTAL_FORMS": "0",
            "reminders-INITIAL_FORMS": "0",
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
            "materials-TOTAL_FORMS": "0",
            "materials-INITIAL_FORMS": "0",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.sequence == 1


@pytest.mark.parametrize("role", [PROGRAMME_STAFF, COORDINATORS])
def test_message_changelist_shows_the_email_log_to_staff_and_coordinators(client, role):
    message = MessageFactory(recipient="agnieszka.nowak@slaskie.example")
    client.force_login(UserFactory(is_staff=True, roles=[role]))

    response = client.get(reverse("admin:workshops_message_changelist"))

    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [message.pk]
    assert "agnieszka.nowak@slaskie.example" in response.text


def test_message_admin_refuses_staff_to_add_change_or_delete_a_message(staff_client):
    message = MessageFactory(recipient="agnieszka.nowak@slaskie.example")
    change_url = reverse("admin:workshops_message_change", args=[message.pk])

    add = staff_client.get(reverse("admin:workshops_message_add"))
    change = staff_client.post(change_url, {"recipient": "someone.else@example.org"})
    delete = staff_client.post(
        reverse("admin:workshops_message_delete", args=[message.pk]), {"post": "yes"}
    )
    view = staff_client.get(change_url)

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert Message.objects.get().recipient == "agnieszka.nowak@slaskie.example"
    assert view.status_code == 200
    assert view.context["has_change_permission"] is False
