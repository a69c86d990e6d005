"""Staff register one person for an event in the admin, through the registration service:
the capacity, the waitlist and the e-mail hold as when people register themselves."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from tests.factories import EventFactory, PersonFactory
from tests.html import messages_of, text
from tests.workshops.admin_helpers import form_errors
from workshops.models import Event, Message, Registration
from workshops.services import cancel_registration, register_for_event

pytestmark = pytest.mark.django_db

ADD = "/admin/workshops/registration/add/"
DAY = datetime.timedelta(days=1)


def katowice(**fields):
    return EventFactory(title="ITP workshop, Katowice", slug="katowice-workshop", **fields)


def test_add_form_offers_person_and_event_with_autocomplete(staff_client):
    response = staff_client.get(ADD)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.fields) == ["person", "event", "mode", "even_if_closed"]
    page = text(response)
    assert 'data-ajax--url="/admin/autocomplete/"' in page
    assert 'data-field-name="person"' in page
    assert 'data-field-name="event"' in page


def test_add_registers_the_person_and_emails_them(staff_client, commit, mailoutbox):
    event = katowice(capacity=2)
    person = PersonFactory(name="Agnieszka Nowak")

    with commit():
        response = staff_client.post(ADD, {"person": person.pk, "event": event.pk})

    registration = Registration.objects.get(event=event, person=person)
    assert registration.status == Registration.Status.REGISTERED
    assert response.url == f"/admin/workshops/registration/?event__id__exact={event.pk}"
    assert messages_of(response) == [
        "Agnieszka Nowak is registered for ITP workshop, Katowice; they are told by e-mail."
    ]
    assert [(email.to, email.subject) for email in mailoutbox] == [
        ([person.email], "Registered: ITP workshop, Katowice")
    ]


def test_add_when_full_puts_the_person_on_the_waitlist_and_says_the_place(
    staff_client, commit, mailoutbox
):
    event = katowice(capacity=1)
    register_for_event(event=event, person=PersonFactory())
    register_for_event(event=event, person=PersonFactory())
    person = PersonFactory(name="Rhodri Evans")

    with commit():
        response = staff_client.post(ADD, {"person": person.pk, "event": event.pk})

    registration = Registration.objects.get(event=event, person=person)
    assert registration.status == Registration.Status.WAITLISTED
    assert event.registrations.filter(status=Registration.Status.REGISTERED).count() == 1
    assert messages_of(response) == [
        "ITP workshop, Katowice is full: Rhodri Evans is on its waitlist, at place 2; "
        "they are told by e-mail."
    ]
    assert [email.subject for email in mailoutbox] == ["On the waitlist: ITP workshop, Katowice"]


def test_add_for_someone_already_registered_is_a_form_error_and_changes_nothing(
    staff_client, mailoutbox
):
    event = katowice()
    person = PersonFactory(name="Lena Vogel")
    register_for_event(event=event, person=person)
    Message.objects.all().delete()

    response = staff_client.post(ADD, {"person": person.pk, "event": event.pk})

    assert response.status_code == 200
    assert form_errors(response) == {
        "__all__": ["Lena Vogel is already registered for ITP workshop, Katowice."]
    }
    assert Registration.objects.filter(event=event).count() == 1
    assert Message.objects.count() == 0


def test_add_for_someone_already_waitlisted_names_their_place(staff_client):
    event = katowice(capacity=0)
    person = PersonFactory(name="Lena Vogel")
    register_for_event(event=event, person=person)

    response = staff_client.post(ADD, {"person": person.pk, "event": event.pk})

    assert form_errors(response) == {
        "__all__": ["Lena Vogel is already on the waitlist of ITP workshop, Katowice, at place 1."]
    }


def test_add_takes_up_a_cancelled_registration_again(staff_client):
    event = katowice()
    person = PersonFactory()
    cancel_registration(registration=register_for_event(event=event, person=person))

    staff_client.post(ADD, {"person": person.pk, "event": event.pk})

    assert Registration.objects.get(event=event, person=person).status == "registered"


def test_add_for_a_cancelled_event_gives_the_reason(staff_client):
    event = katowice(status=Event.Status.CANCELLED)

    response = staff_client.post(ADD, {"person": PersonFactory().pk, "event": event.pk})

    assert form_errors(response) == {"__all__": ["This event has been cancelled."]}
    assert Registration.objects.count() == 0


def test_add_after_registration_closed_is_refused_with_the_way_round_it(staff_client):
    event = katowice(registration_closes_at=timezone.now() - DAY)

    response = staff_client.post(ADD, {"person": PersonFactory().pk, "event": event.pk})

    assert form_errors(response) == {
        "__all__": ["Registration for this event has closed."],
        "even_if_closed": ["Tick this to register the person all the same, as a late addition."],
    }
    assert Registration.objects.count() == 0


def test_add_after_registration_closed_even_so_registers_within_the_capacity(
    staff_client, commit, mailoutbox
):
    event = katowice(capacity=2, registration_closes_at=timezone.now() - DAY)
    Registration.objects.create(event=event, person=PersonFactory(), status="registered")
    late, later = PersonFactory(name="Late Addition"), PersonFactory(name="Later Still")

    with commit():
        for person in (late, later):
            staff_client.post(ADD, {"person": person.pk, "event": event.pk, "even_if_closed": "on"})

    statuses = dict(event.registrations.values_list("person__name", "status"))
    assert (statuses["Late Addition"], statuses["Later Still"]) == (
        Registration.Status.REGISTERED,
        Registration.Status.WAITLISTED,
    )
    assert [(email.to, email.subject) for email in mailoutbox] == [
        ([late.email], "Registered: ITP workshop, Katowice"),
        ([later.email], "On the waitlist: ITP workshop, Katowice"),
    ]


def test_add_even_if_closed_still_refuses_an_event_that_is_over(staff_client):
    event = katowice(starts_at=timezone.now() - 2 * DAY, ends_at=timezone.now() - DAY)

    response = staff_client.post(
        ADD, {"person": PersonFactory().pk, "event": event.pk, "even_if_closed": "on"}
    )

    assert form_errors(response) == {"__all__": ["This event is over."]}
    assert Registration.objects.count() == 0


def test_add_prefills_the_event_from_the_query_string(staff_client):
    event = katowice()

    response = staff_client.get(f"{ADD}?event={event.pk}")

    assert response.context["adminform"].form.initial == {"event": event.pk}


def test_add_is_refused_to_coordinators(coordinator_client):
    event = katowice()

    page = coordinator_client.get(ADD)
    post = coordinator_client.post(ADD, {"person": PersonFactory().pk, "event": event.pk})

    assert (page.status_code, post.status_code) == (403, 403)
    assert Registration.objects.count() == 0


def test_add_is_logged_in_the_admin_history(staff_client):
    event = katowice()
    person = PersonFactory()

    staff_client.post(ADD, {"person": person.pk, "event": event.pk, "_continue": "1"})

    registration = Registration.objects.get()
    assert [entry.get_change_message() for entry in LogEntry.objects.all()] == ["Added."]
    assert registration.history.count() == 1


def test_add_though_registration_closed_says_so_in_the_admin_log(staff_client):
    event = katowice(registration_closes_at=timezone.now() - DAY)

    staff_client.post(ADD, {"person": PersonFactory().pk, "event": event.pk, "even_if_closed": "1"})

    assert [entry.get_change_message() for entry in LogEntry.objects.all()] == [
        "Added though registration was closed."
    ]
