"""Registering for an event and cancelling from its page."""

import re

import pytest
from django.test import Client

from tests.factories import EventFactory, PersonFactory, UserFactory
from tests.html import messages_of, text
from tests.workshops.participants import logged_in_participant
from workshops.models import Event, Registration
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db


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
