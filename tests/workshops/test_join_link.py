"""Who is given an event's online join link: one rule for the event page, the e-mails and the
personal calendar feed."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import (
    EventFactory,
    MessageFactory,
    PersonFactory,
    RegistrationFactory,
    UserFactory,
)
from workshops.models import Message, Registration
from workshops.notifications import build_email

pytestmark = pytest.mark.django_db

JOIN_URL = "https://meet.example.org/itp-room-7f3k"


def join_link_given_by_each_place(client, registration):
    """Whether the page, an e-mail and the feed each give ``registration``'s person the link."""
    person, event = registration.person, registration.event
    client.force_login(person.user)
    page = client.get(event.get_absolute_url())
    email = build_email(MessageFactory(kind=Message.Kind.CHANGED, person=person, event=event))
    feed = client.get(f"/me/calendar/{person.calendar_token}.ics")
    unfolded_feed = re.sub(r"\r\n[ \t]", "", feed.getvalue().decode())
    return {
        "page": page.context["show_join_url"] and JOIN_URL in page.content.decode(),
        "email": JOIN_URL in email.body,
        "feed": JOIN_URL in unfolded_feed,
    }


@pytest.mark.parametrize(
    ("status", "given"),
    [
        (Registration.Status.REGISTERED, True),
        # Marked absent on the first day of a workshop that goes on: the seat is still theirs.
        (Registration.Status.ABSENT, True),
        (Registration.Status.ATTENDED, True),
        (Registration.Status.WAITLISTED, False),
        (Registration.Status.CANCELLED, False),
    ],
)
def test_page_email_and_feed_agree_on_who_gets_the_join_link(client, status, given):
    now = timezone.now()
    event = EventFactory(
        join_url=JOIN_URL,
        starts_at=now - datetime.timedelta(hours=2),
        ends_at=now + datetime.timedelta(days=2),
    )
    registration = RegistrationFactory(
        event=event,
        person=PersonFactory(user=UserFactory()),
        status=status,
        waitlist_order=1 if status == Registration.Status.WAITLISTED else None,
    )

    assert join_link_given_by_each_place(client, registration) == {
        "page": given,
        "email": given,
        "feed": given,
    }
