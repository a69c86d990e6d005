"""The feedback request: queued by send_reminders once per attendee after an event ended,
sent through the outbox with the personal survey link."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import EventFactory, FeedbackResponseFactory, RegistrationFactory
from workshops.feedback import REQUEST_WINDOW
from workshops.models import Event, Message, Registration
from workshops.notifications import queue_feedback_requests, send_pending_messages

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def event_ended(ago, **fields):
    ends_at = timezone.now().replace(microsecond=0) - ago
    return EventFactory(starts_at=ends_at - 8 * HOUR, ends_at=ends_at, **fields)


def send_reminders():
    stdout = io.StringIO()
    call_command("send_reminders", stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def test_send_reminders_asks_each_attendee_once_with_their_survey_link(client, mailoutbox):
    event = event_ended(2 * DAY, title="ITP kick-off workshop, Milan")
    attendees = RegistrationFactory.create_batch(2, event=event, status="attended")
    RegistrationFactory(event=event, status=Registration.Status.ABSENT)

    first = send_reminders()
    second = send_reminders()

    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        attendee.person.email for attendee in attendees
    )
    assert {email.subject for email in mailoutbox} == {"How was it? ITP kick-off workshop, Milan"}
    assert first.endswith("2 feedback requests queued after events that ended.\n")
    assert "feedback requests" not in second
    assert Message.objects.filter(kind=Message.Kind.FEEDBACK_REQUEST).count() == 2
    link = re.search(r"https?://\S+/feedback/\S+/", mailoutbox[0].body).group(0)
    path = link.split("://", 1)[1].partition("/")[2]
    assert client.get("/" + path).status_code == 200
    assert f'href="{link}"' in mailoutbox[0].alternatives[0][0]


def test_feedback_request_is_queued_only_after_the_event_ended_and_within_the_window():
    for event in (
        EventFactory(),  # upcoming
        event_ended(-HOUR),  # under way
        event_ended(REQUEST_WINDOW + HOUR),  # long over
        event_ended(DAY, status=Event.Status.CANCELLED),
    ):
        RegistrationFactory(event=event, status=Registration.Status.REGISTERED)
    asked = RegistrationFactory(event=event_ended(HOUR), status=Registration.Status.REGISTERED)

    assert queue_feedback_requests() == 1
    assert list(Message.objects.values_list("person", "event")) == [
        (asked.person_id, asked.event_id)
    ]


def test_with_attendance_recorded_only_attendees_are_asked():
    event = event_ended(DAY)
    attended = RegistrationFactory(event=event, status=Registration.Status.ATTENDED)
    for status in ("registered", "absent", "cancelled"):
        RegistrationFactory(event=event, status=status)

    queue_feedback_requests()

    assert list(Message.objects.values_list("person", flat=True)) == [attended.person_id]


def test_someone_who_answered_already_is_not_asked():
    answered = FeedbackResponseFactory()

    assert queue_feedback_requests() == 0
    assert not Message.objects.filter(person=answered.registration.person).exists()


def test_request_not_sent_when_the_person_answered_meanwhile(mailoutbox):
    registration = RegistrationFactory(event=event_ended(DAY), status="attended")
    queue_feedback_requests()
    FeedbackResponseFactory(registration=registration)

    sent, failed = send_pending_messages()

    assert (sent, failed, mailoutbox) == (0, 0, [])
    assert Message.objects.get().last_error == "The person is no longer asked for feedback."
