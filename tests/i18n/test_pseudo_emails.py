"""Every e-mail the site sends, rendered in the pseudo-language: subject, text and HTML
bodies show no text that escaped translation (see tests/i18n/pseudo.py)."""

import datetime

import pytest
from django.core import mail

from regions.services import invite_person
from tests.factories import (
    EventFactory,
    MailingFactory,
    PersonFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.i18n.pseudo import PSEUDO, Escapes
from tests.workshops.email_helpers import html_body, online_event
from workshops.models import Message, Registration
from workshops.notifications import build_email

pytestmark = [pytest.mark.django_db, pytest.mark.once]

Kind, Status = Message.Kind, Registration.Status
# The registration each kind of message is about.
STATUS_OF = {
    Kind.WAITLISTED: Status.WAITLISTED,
    Kind.APPROVED_WAITLISTED: Status.WAITLISTED,
    Kind.REQUEST_RECEIVED: Status.PENDING,
    Kind.DECLINED: Status.DECLINED,
    Kind.PLACE_CANCELLED: Status.CANCELLED,
    Kind.FEEDBACK_REQUEST: Status.ATTENDED,
}


def escapes_in_email(escapes, email):
    return {
        "subject": escapes.in_text(email.subject),
        "text": escapes.in_text(email.body),
        "html": escapes.in_page(html_body(email)) if getattr(email, "alternatives", None) else [],
    }


NONE = {"subject": [], "text": [], "html": []}


@pytest.mark.parametrize("online", [False, True], ids=["venue", "online"])
def test_every_kind_of_event_message_reads_translated(recipients_read_pseudo, online):
    event = online_event() if online else EventFactory()
    person = PersonFactory()
    mailing = MailingFactory(event=event, subject="Practical details", body="Bring a badge.")
    found = {}
    for kind in Kind:
        Registration.objects.filter(event=event).delete()
        status = STATUS_OF.get(kind, Status.REGISTERED)
        RegistrationFactory(
            event=event,
            person=person,
            status=status,
            waitlist_order=1 if status == Status.WAITLISTED else None,
        )
        message = Message(
            kind=kind,
            person=person,
            event=event,
            recipient=person.email,
            mailing=mailing if kind == Kind.MAILING else None,
            previous_starts_at=event.starts_at - datetime.timedelta(days=1),
            previous_ends_at=event.ends_at - datetime.timedelta(days=1),
        )
        found[kind.value] = escapes_in_email(Escapes(), build_email(message))

    assert found == dict.fromkeys(Kind.values, NONE)


def test_invitation_reads_translated(recipients_read_pseudo, django_capture_on_commit_callbacks):
    person = PersonFactory()

    with django_capture_on_commit_callbacks(execute=True):
        invite_person(person=person)

    (email,) = mail.outbox
    assert escapes_in_email(Escapes(), email) == NONE


def test_password_reset_reads_translated(client, pseudo_language):
    user = UserFactory(email="amelia@example.org", password="a-password")

    client.post("/accounts/password_reset/", {"email": user.email}, HTTP_ACCEPT_LANGUAGE=PSEUDO)

    (email,) = mail.outbox
    # The site's domain, as the test client gives it.
    assert escapes_in_email(Escapes(["testserver"]), email) == NONE
