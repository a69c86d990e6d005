"""E-mails, invitations and personal calendar feeds in the recipient's language: the one saved
in their profile, else English, whatever the language of the request that sends them."""

import datetime
import re

import icalendar
import pytest
from django.utils import dateformat, translation

from regions.services import invite_person
from tests.catalogues import install_test_catalogues, marker
from tests.factories import (
    EventFactory,
    MailingFactory,
    PersonFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.html import body
from tests.workshops.email_helpers import JOIN_URL, calendar_event, html_body, online_event
from workshops.models import Message, Registration
from workshops.notifications import build_email
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogues(settings, tmp_path):
    install_test_catalogues(settings, tmp_path, ["de", "pl"])


def email_to(person, kind):
    """The e-mail of ``kind`` about a registration of ``person``'s, as it would be sent."""
    event = EventFactory(starts_at=datetime.datetime(2031, 3, 3, 9, tzinfo=datetime.UTC))
    registration = RegistrationFactory(event=event, person=person)
    message = Message(kind=kind, person=person, event=event, recipient=person.email)
    if kind == Message.Kind.MAILING:
        message.mailing = MailingFactory(event=event, subject="Bus times", body="The bus leaves.")
    if kind == Message.Kind.CHANGED:
        message.previous_starts_at = event.starts_at - datetime.timedelta(days=1)
        message.previous_ends_at = event.ends_at - datetime.timedelta(days=1)
    return build_email(message), registration


def fetch_in_german(client, path):
    """GET a calendar as a German browser would; the response and the parsed calendar."""
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    return response, icalendar.Calendar.from_ical(body(response))


@pytest.mark.parametrize("kind", Message.Kind.values)
def test_every_kind_of_e_mail_is_written_in_the_recipient_s_language(kind, catalogues):
    person = PersonFactory(name="Anna Nowak", language="pl")

    # Sent from a German page: the recipient's language, not the sender's, applies.
    with translation.override("de"):
        email, _registration = email_to(person, kind)

    assert email.extra_headers["Content-Language"] == "pl"
    assert f"{marker('pl')} Dear Anna Nowak," in email.body
    html = html_body(email)
    assert '<html lang="pl">' in html
    assert f"{marker('pl')} Dear Anna Nowak," in html
    assert marker("de") not in email.body + html


@pytest.mark.parametrize("kind", [Message.Kind.CONFIRMED, Message.Kind.MAILING])
def test_a_person_without_a_saved_language_is_written_to_in_english(kind, catalogues):
    person = PersonFactory(name="Anna Nowak", language="")

    with translation.override("de"):
        email, _registration = email_to(person, kind)

    assert email.extra_headers["Content-Language"] == "en"
    assert "Dear Anna Nowak," in email.body
    assert '<html lang="en">' in html_body(email)
    assert "[" not in email.body.split("Dear")[0]


def test_dates_in_an_e_mail_are_written_in_the_recipient_s_language():
    person = PersonFactory(language="de", time_zone="Europe/Berlin")

    email, registration = email_to(person, Message.Kind.CONFIRMED)

    with translation.override("de"):
        weekday = dateformat.format(registration.event.starts_at, "l")
    assert weekday == "Montag"
    assert weekday in email.body
    assert "Monday" not in email.body


def test_a_staff_mailing_keeps_its_own_words_inside_the_translated_frame(catalogues):
    person = PersonFactory(name="Anna Nowak", language="pl")

    email, _registration = email_to(person, Message.Kind.MAILING)

    assert email.subject == "Bus times"
    assert "The bus leaves." in email.body
    assert f"{marker('pl')} Dear Anna Nowak," in email.body


def test_the_confirmation_sent_after_registering_is_in_the_person_s_language(
    commit, mailoutbox, catalogues
):
    person = PersonFactory(name="Jan Kowalski", language="pl")

    with commit(), translation.override("de"):
        register_for_event(event=EventFactory(capacity=5), person=person)

    (email,) = mailoutbox
    assert f"{marker('pl')} Dear Jan Kowalski," in email.body
    assert email.extra_headers["Content-Language"] == "pl"
    assert Registration.objects.get().status == Registration.Status.REGISTERED


def test_an_invitation_is_written_in_the_person_s_language(commit, mailoutbox, catalogues):
    person = PersonFactory(name="Jan Kowalski", language="pl")

    with commit(), translation.override("de"):
        invite_person(person=person)

    (email,) = mailoutbox
    assert email.body.startswith(f"{marker('pl')} Dear Jan Kowalski,")
    assert email.extra_headers["Content-Language"] == "pl"


def test_the_personal_feed_is_written_in_its_owner_s_language(client, catalogues):
    person = PersonFactory(language="pl")
    RegistrationFactory(person=person, event=EventFactory())

    response, calendar = fetch_in_german(client, f"/me/calendar/{person.calendar_token}.ics")

    assert response["Content-Language"] == "pl"
    assert str(calendar["X-WR-CALNAME"]) == f"{marker('pl')} My ITP events"


def test_the_personal_feed_of_someone_without_a_saved_language_is_in_english(client, catalogues):
    person = PersonFactory(language="")

    response, calendar = fetch_in_german(client, f"/me/calendar/{person.calendar_token}.ics")

    assert response["Content-Language"] == "en"
    assert str(calendar["X-WR-CALNAME"]) == "My ITP events"


def test_a_change_of_language_changes_the_personal_feed_s_etag(client):
    person = PersonFactory(language="pl")
    path = f"/me/calendar/{person.calendar_token}.ics"
    polish = client.get(path)["ETag"]
    person.language = "cy"
    person.save(update_fields=["language"])

    assert client.get(path)["ETag"] != polish


def test_the_public_feed_follows_the_request_s_language(client):
    response = client.get("/events/calendar.ics", HTTP_ACCEPT_LANGUAGE="de")

    assert response["Content-Language"] == "de"
    assert re.search(r"^X-WR-CALNAME:", response.content.decode(), re.MULTILINE)


@pytest.mark.parametrize(("saved", "expected"), [("pl", "pl"), ("", "de")])
def test_a_password_reset_is_written_in_the_saved_language_else_the_request_s(
    client, mailoutbox, settings, tmp_path, saved, expected
):
    install_test_catalogues(
        settings, tmp_path, ["de", "pl"], messages=["Choose a new password here:"]
    )
    account = UserFactory(email="anna.nowak@slaskie.example")
    PersonFactory(user=account, email=account.email, language=saved)

    client.post("/accounts/password_reset/", {"email": account.email}, HTTP_ACCEPT_LANGUAGE="de")

    (email,) = mailoutbox
    assert f"{marker(expected)} Choose a new password here:" in email.body


def test_the_calendar_attached_to_a_confirmation_is_in_the_recipient_s_language(settings, tmp_path):
    install_test_catalogues(settings, tmp_path, ["pl"], messages=["Join online: %(link)s"])
    person = PersonFactory(language="pl")
    event = online_event()
    RegistrationFactory(event=event, person=person, status=Registration.Status.REGISTERED)
    message = Message(
        kind=Message.Kind.CONFIRMED, person=person, event=event, recipient=person.email
    )

    with translation.override("de"):
        email = build_email(message)

    description = str(calendar_event(email)["DESCRIPTION"])
    assert f"{marker('pl')} Join online: {JOIN_URL}" in description
