"""Cancelling a registration: the participant and the staff confirm first, and the person
whose place is cancelled is told by e-mail, whoever cancelled it.

The e-mails are sent after commit: ``with commit():`` stands for the transaction's commit (see
tests/workshops/test_notifications.py).
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from tests.factories import EventFactory, PersonFactory
from tests.html import messages_of, text
from tests.workshops.participants import logged_in_participant
from workshops.models import Message, Registration
from workshops.notifications import send_pending_messages
from workshops.services import cancel_registration, register_for_event

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
CHANGELIST = "/admin/workshops/registration/"


def hydrogen_webinar(**fields):
    return EventFactory(
        slug="webinar-hydrogen",
        title="Webinar: hydrogen valleys",
        starts_at=datetime.datetime(timezone.now().year + 1, 3, 12, 14, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(timezone.now().year + 1, 3, 12, 16, tzinfo=datetime.UTC),
        time_zone="Europe/Rome",
        **fields,
    )


# The e-mail to the person whose place is cancelled


def test_cancel_registration_emails_the_person_and_the_one_promoted(commit, mailoutbox):
    event = hydrogen_webinar(capacity=1)
    first, second = PersonFactory.create_batch(2)
    with commit():
        seat = register_for_event(event=event, person=first)
        register_for_event(event=event, person=second)
    mailoutbox.clear()

    with commit():
        cancel_registration(registration=seat)

    by_recipient = {email.to[0]: email for email in mailoutbox}
    assert sorted(by_recipient) == sorted([first.email, second.email])
    cancelled = by_recipient[first.email]
    assert cancelled.subject == "Registration cancelled: Webinar: hydrogen valleys"
    assert "Your place at this event has been cancelled" in cancelled.body
    assert cancelled.attachments == []
    assert by_recipient[second.email].subject == "A seat is yours: Webinar: hydrogen valleys"
    assert sorted(Message.objects.values_list("kind", flat=True)) == [
        "confirmed",
        "place_cancelled",
        "promoted",
        "waitlisted",
    ]


def test_cancel_registration_of_a_waitlist_place_emails_the_person(commit, mailoutbox):
    event = hydrogen_webinar(capacity=0)
    person = PersonFactory()
    waiting = register_for_event(event=event, person=person)

    with commit():
        cancel_registration(registration=waiting)

    (email,) = mailoutbox
    assert (email.to, email.subject) == (
        [person.email],
        "Registration cancelled: Webinar: hydrogen valleys",
    )


def test_cancel_registration_already_cancelled_sends_nothing_more(commit, mailoutbox):
    registration = register_for_event(event=hydrogen_webinar(), person=PersonFactory())
    with commit():
        cancel_registration(registration=registration)
    mailoutbox.clear()

    with commit():
        cancel_registration(registration=registration)

    assert mailoutbox == []
    assert Message.objects.filter(kind=Message.Kind.PLACE_CANCELLED).count() == 1


def test_cancellation_email_is_dropped_when_the_person_registered_again_before_it_went(
    mailoutbox,
):
    event = hydrogen_webinar()
    person = PersonFactory()
    registration = register_for_event(event=event, person=person)
    cancel_registration(registration=registration)  # its mail waits: no commit here
    register_for_event(event=event, person=person)

    send_pending_messages()

    cancelled = Message.objects.get(kind=Message.Kind.PLACE_CANCELLED)
    assert (cancelled.status, cancelled.last_error) == (
        Message.Status.FAILED,
        "The person's registration has changed since.",
    )
    # The first confirmation is true again, so it goes too.
    assert [email.subject for email in mailoutbox] == [
        "Registered: Webinar: hydrogen valleys",
        "Registered: Webinar: hydrogen valleys",
    ]


def test_cancellation_email_still_goes_when_the_event_is_cancelled_since(mailoutbox):
    event = hydrogen_webinar()
    registration = register_for_event(event=event, person=PersonFactory())
    Message.objects.all().delete()
    cancel_registration(registration=registration)
    event.status = event.Status.CANCELLED
    event.save()

    send_pending_messages()

    assert [email.subject for email in mailoutbox] == [
        "Registration cancelled: Webinar: hydrogen valleys"
    ]


# The participant confirms on a page of its own


def test_cancel_page_asks_to_confirm_and_changes_nothing(client):
    person = logged_in_participant(client)
    event = hydrogen_webinar(capacity=1)
    mine = register_for_event(event=event, person=person)
    register_for_event(event=event, person=PersonFactory())

    response = client.get("/events/webinar-hydrogen/cancel/")

    assert response.status_code == 200
    page = text(response)
    day = formats.date_format(event.starts_at.astimezone(ZoneInfo("Europe/Rome")), "DATE_FORMAT")
    assert f"Cancel your place at Webinar: hydrogen valleys on {day}?" in page
    assert "Someone on the waitlist will get it." in page
    assert 'action="/events/webinar-hydrogen/cancel/"' in page
    assert 'href="/events/webinar-hydrogen/"' in page
    mine.refresh_from_db()
    assert mine.status == Registration.Status.REGISTERED


def test_cancel_page_for_a_waitlist_place_names_the_place(client):
    person = logged_in_participant(client)
    event = hydrogen_webinar(capacity=0)
    register_for_event(event=event, person=PersonFactory())
    register_for_event(event=event, person=person)

    response = client.get("/events/webinar-hydrogen/cancel/")

    page = text(response)
    assert "Leave the waitlist of Webinar: hydrogen valleys" in page
    assert "You are number 2 on the waitlist" in page
    assert "Someone on the waitlist will get it." not in page


def test_cancel_page_without_a_place_sends_back_to_the_event(client):
    person = logged_in_participant(client)
    event = hydrogen_webinar()
    cancel_registration(registration=register_for_event(event=event, person=person))

    response = client.get("/events/webinar-hydrogen/cancel/")

    assert response.url == "/events/webinar-hydrogen/"
    assert messages_of(response) == ["You hold no place at Webinar: hydrogen valleys."]


def test_cancel_page_of_an_event_that_is_over_sends_back_to_the_event(client):
    person = logged_in_participant(client)
    ended = timezone.now() - DAY
    event = EventFactory(slug="kick-off-milan", starts_at=ended - DAY, ends_at=ended)
    Registration.objects.create(event=event, person=person, status=Registration.Status.REGISTERED)

    response = client.get("/events/kick-off-milan/cancel/")

    assert response.url == "/events/kick-off-milan/"
    assert messages_of(response) == ["This event is over; its registrations are history."]


def test_cancel_page_as_anonymous_visitor_redirects_to_login(client):
    hydrogen_webinar()

    response = client.get("/events/webinar-hydrogen/cancel/")

    assert response.url == "/accounts/login/?next=/events/webinar-hydrogen/cancel/"


def test_confirming_on_the_cancel_page_cancels_and_emails(client, commit, mailoutbox):
    person = logged_in_participant(client)
    event = hydrogen_webinar()
    registration = register_for_event(event=event, person=person)
    page = client.get("/events/webinar-hydrogen/cancel/")
    assert page.status_code == 200

    with commit():
        response = client.post("/events/webinar-hydrogen/cancel/", follow=True)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert response.redirect_chain == [("/events/webinar-hydrogen/", 302)]
    assert [email.subject for email in mailoutbox] == [
        "Registration cancelled: Webinar: hydrogen valleys"
    ]


def test_event_page_cancel_button_leads_to_the_confirmation_page(client):
    person = logged_in_participant(client)
    register_for_event(event=hydrogen_webinar(), person=person)

    page = text(client.get("/events/webinar-hydrogen/"))

    assert 'href="/events/webinar-hydrogen/cancel/"' in page
    assert 'action="/events/webinar-hydrogen/cancel/"' not in page


# The staff confirm the admin action on an intermediate page


def cancel_action(client, registrations, **extra):
    return client.post(
        CHANGELIST,
        {
            "action": "cancel_registrations",
            "_selected_action": [registration.pk for registration in registrations],
            **extra,
        },
    )


def test_cancel_action_asks_to_confirm_listing_the_registrations(admin_client):
    event = hydrogen_webinar(capacity=1)
    seat = register_for_event(event=event, person=PersonFactory(name="Agnieszka Nowak"))
    waiting = register_for_event(event=event, person=PersonFactory(name="Rhodri Evans"))

    response = cancel_action(admin_client, [seat, waiting])

    assert response.status_code == 200
    page = text(response)
    assert "Agnieszka Nowak – Webinar: hydrogen valleys" in page
    assert "Rhodri Evans – Webinar: hydrogen valleys" in page
    assert "Each person is told by e-mail" in page
    assert f'<input type="hidden" name="_selected_action" value="{seat.pk}">' in page
    assert Registration.objects.filter(status=Registration.Status.CANCELLED).count() == 0


def test_cancel_action_confirmed_cancels_promotes_and_emails(admin_client, commit, mailoutbox):
    event = hydrogen_webinar(capacity=1)
    first, second = PersonFactory.create_batch(2)
    seat = register_for_event(event=event, person=first)
    waiting = register_for_event(event=event, person=second)

    with commit():
        response = cancel_action(admin_client, [seat], post="yes")

    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.status, waiting.status) == (
        Registration.Status.CANCELLED,
        Registration.Status.REGISTERED,
    )
    assert response.url == CHANGELIST
    assert messages_of(response) == ["1 registration cancelled; 1 promoted from the waitlist."]
    assert sorted((email.to[0], email.subject) for email in mailoutbox) == sorted(
        [
            (first.email, "Registration cancelled: Webinar: hydrogen valleys"),
            (second.email, "A seat is yours: Webinar: hydrogen valleys"),
        ]
    )


def test_cancel_action_leaves_past_registrations_and_says_so(admin_client):
    past = EventFactory(
        title="Kick-off, Milan",
        starts_at=timezone.now() - 3 * DAY,
        ends_at=timezone.now() - 2 * DAY,
    )
    attended = Registration.objects.create(
        event=past, person=PersonFactory(name="Lena Vogel"), status=Registration.Status.ATTENDED
    )

    page = text(cancel_action(admin_client, [attended]))
    response = cancel_action(admin_client, [attended], post="yes")

    assert "Lena Vogel – Kick-off, Milan" in page
    assert "This event is over; its registrations are history." in page
    attended.refresh_from_db()
    assert attended.status == Registration.Status.ATTENDED
    assert messages_of(response) == [
        "Lena Vogel – Kick-off, Milan: This event is over; its registrations are history.",
        "0 registrations cancelled; 0 promoted from the waitlist.",
    ]


def test_cancel_action_is_not_offered_to_coordinators(coordinator_client):
    registration = register_for_event(event=hydrogen_webinar(), person=PersonFactory())

    response = cancel_action(coordinator_client, [registration], post="yes")

    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED
    assert messages_of(response) == ["No action selected."]


def test_cancel_action_confirmation_renders_for_programme_staff(staff_client):
    registration = register_for_event(event=hydrogen_webinar(), person=PersonFactory())

    response = cancel_action(staff_client, [registration])

    assert response.status_code == 200
    assert response.templates[0].name == (
        "admin/workshops/registration/cancel_selected_confirmation.html"
    )
    assert reverse("admin:workshops_registration_changelist") in text(response)


# From /me/: each upcoming place links to its confirmation page, which leads back to /me/


def test_me_links_each_upcoming_place_to_its_cancel_page(client):
    person = logged_in_participant(client)
    register_for_event(event=hydrogen_webinar(), person=person)
    full = EventFactory(slug="full-workshop", capacity=0)
    register_for_event(event=full, person=person)
    given_up = EventFactory(slug="given-up-webinar")
    cancel_registration(registration=register_for_event(event=given_up, person=person))
    past = EventFactory(
        slug="past-workshop", starts_at=timezone.now() - 3 * DAY, ends_at=timezone.now() - 2 * DAY
    )
    Registration.objects.create(event=past, person=person, status=Registration.Status.ATTENDED)

    page = text(client.get("/me/"))

    assert sorted(re.findall(r'href="/events/([-\w]+)/cancel/\?next=/me/">([^<]+)<', page)) == [
        ("full-workshop", "Leave the waitlist"),
        ("webinar-hydrogen", "Cancel"),
    ]


def test_cancel_page_reached_from_me_leads_back_there(client):
    person = logged_in_participant(client)
    registration = register_for_event(event=hydrogen_webinar(), person=person)

    page = text(client.get("/events/webinar-hydrogen/cancel/?next=/me/"))
    response = client.post("/events/webinar-hydrogen/cancel/", {"next": "/me/"})

    assert '<input type="hidden" name="next" value="/me/">' in page
    assert 'class="btn btn-outline-secondary" href="/me/"' in page
    assert response.url == "/me/"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_cancel_page_ignores_a_next_address_on_another_site(client):
    person = logged_in_participant(client)
    register_for_event(event=hydrogen_webinar(), person=person)

    page = text(client.get("/events/webinar-hydrogen/cancel/?next=https://evil.example/"))
    response = client.post("/events/webinar-hydrogen/cancel/", {"next": "https://evil.example/"})

    # Only the language menu repeats the page's own address, query included, as its form's
    # "next": a path on this site. No link or form leads to the other site.
    assert 'href="https://evil.example' not in page
    assert 'value="https://evil.example' not in page
    assert response.url == "/events/webinar-hydrogen/"
