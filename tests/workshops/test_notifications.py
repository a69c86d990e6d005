"""E-mail to participants: what each change sends, to whom, and how sending is retried.

pytest-django rolls every test back instead of committing it, so the messages that the
services send after commit are sent here only inside ``django_capture_on_commit_callbacks``
with ``execute=True``: the block stands for the transaction's commit.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.factories import EventFactory, PersonFactory, RegistrationFactory
from tests.mail import FAILING_BACKEND, LOCMEM_BACKEND
from tests.workshops.email_helpers import JOIN_URL, calendar_event, html_body, online_event
from workshops.models import Message, Registration
from workshops.notifications import MAX_ATTEMPTS, send_pending_messages
from workshops.services import cancel_event, cancel_registration, register_for_event, save_event

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
UTC = datetime.UTC


# What each change sends


def test_register_for_event_sends_one_confirmation_with_the_calendar_file(commit, mailoutbox):
    event = EventFactory(capacity=2)
    person = PersonFactory()

    with commit():
        register_for_event(event=event, person=person)

    (email,) = mailoutbox
    assert email.to == [person.email]
    assert email.subject == f"Registered: {event.title}"
    assert email.attachments[0].filename == f"{event.slug}.ics"
    ics = calendar_event(email)
    assert str(ics["UID"]) == f"event-{event.pk}@industry-transition-platform"
    assert str(ics["SUMMARY"]) == event.title
    assert ics.decoded("DTSTART") == event.starts_at
    message = Message.objects.get()
    assert (message.kind, message.recipient, message.status, message.attempts) == (
        Message.Kind.CONFIRMED,
        person.email,
        Message.Status.SENT,
        1,
    )


def test_register_for_event_when_full_sends_the_waitlist_place_without_join_link(
    commit, mailoutbox
):
    event = online_event(capacity=1)
    with commit():
        register_for_event(event=event, person=PersonFactory())
        register_for_event(event=event, person=PersonFactory())
    third = PersonFactory()
    mailoutbox.clear()

    with commit():
        register_for_event(event=event, person=third)

    (email,) = mailoutbox
    assert email.to == [third.email]
    assert email.subject == f"On the waitlist: {event.title}"
    assert "you are on its waitlist, in place 2." in email.body
    assert "in place 2." in html_body(email)
    assert email.attachments == []
    assert JOIN_URL not in email.body
    assert JOIN_URL not in html_body(email)
    assert Message.objects.filter(person=third).get().kind == Message.Kind.WAITLISTED


def test_cancel_registration_sends_the_first_waitlisted_person_their_seat(commit, mailoutbox):
    event = EventFactory(capacity=1)
    first, second, third = PersonFactory.create_batch(3)
    with commit():
        seat = register_for_event(event=event, person=first)
        register_for_event(event=event, person=second)
        register_for_event(event=event, person=third)
    mailoutbox.clear()

    with commit():
        cancel_registration(registration=seat)

    # The first is told their place is cancelled (tests/workshops/test_cancel_confirmation.py).
    (email,) = [email for email in mailoutbox if email.to != [first.email]]
    assert email.to == [second.email]
    assert email.subject == f"A seat is yours: {event.title}"
    assert str(calendar_event(email)["UID"]) == f"event-{event.pk}@industry-transition-platform"
    assert Message.objects.filter(kind=Message.Kind.PROMOTED).count() == 1


def test_save_event_with_more_seats_sends_the_people_promoted_their_seat(commit, mailoutbox):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlist_order=1
    )
    event.capacity = 2

    with commit():
        save_event(event=event, changed_fields=["capacity"])

    assert [(email.to, email.subject) for email in mailoutbox] == [
        ([waiting.person.email], f"A seat is yours: {event.title}")
    ]


def test_save_event_moving_a_published_event_tells_registered_and_waitlisted_only(
    commit, mailoutbox
):
    event = EventFactory(capacity=1)
    registered = RegistrationFactory(event=event)
    waitlisted = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlist_order=1
    )
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    event.starts_at += 2 * HOUR
    event.ends_at += 2 * HOUR

    with commit():
        save_event(event=event, changed_fields=["starts_at", "ends_at"])

    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        [registered.person.email, waitlisted.person.email]
    )
    assert {email.subject for email in mailoutbox} == {f"Changed: {event.title}"}
    ics = calendar_event(mailoutbox[0])
    assert (ics.decoded("DTSTART"), ics["SEQUENCE"]) == (event.starts_at, 1)
    assert Message.objects.filter(kind=Message.Kind.CHANGED).count() == 2


def test_save_event_moving_it_states_the_time_before_and_after_in_the_recipients_zone(
    commit, mailoutbox
):
    starts_at = datetime.datetime(2031, 1, 15, 9, 0, tzinfo=UTC)
    event = EventFactory(starts_at=starts_at, ends_at=starts_at + 8 * HOUR)
    RegistrationFactory(event=event, person__government__time_zone="America/Los_Angeles")
    event.starts_at += 2 * HOUR
    event.ends_at += 2 * HOUR

    with commit():
        save_event(event=event, changed_fields=["starts_at", "ends_at"])

    (email,) = mailoutbox
    assert (
        "When: Wednesday 15 January 2031, 03:00 – 11:00 PST (America/Los_Angeles)\n"
        "Previously: Wednesday 15 January 2031, 01:00 – 09:00 PST (America/Los_Angeles)\n"
    ) in email.body
    assert "01:00 – 09:00 PST (America/Los_Angeles)" in html_body(email)


def test_save_event_moving_it_to_a_new_place_only_states_no_earlier_time(commit, mailoutbox):
    event = EventFactory()
    RegistrationFactory(event=event)
    event.venue = "Teatro alla Scala"

    with commit():
        save_event(event=event, changed_fields=["venue"])

    (email,) = mailoutbox
    assert "Teatro alla Scala" in email.body
    assert "Previously" not in email.body
    assert "Previously" not in html_body(email)


def test_save_event_moving_it_again_before_the_first_notice_went_out_replaces_that_notice(
    commit, mailoutbox, settings
):
    starts_at = datetime.datetime(2031, 1, 15, 9, 0, tzinfo=UTC)
    event = EventFactory(starts_at=starts_at, ends_at=starts_at + 8 * HOUR, time_zone="UTC")
    RegistrationFactory(event=event, person__government__time_zone="UTC")
    settings.EMAIL_BACKEND = FAILING_BACKEND
    event.starts_at += HOUR
    event.ends_at += HOUR
    with commit():
        save_event(event=event, changed_fields=["starts_at", "ends_at"])
    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    event.starts_at += HOUR
    event.ends_at += HOUR

    with commit():
        save_event(event=event, changed_fields=["starts_at", "ends_at"])
    send_pending_messages()

    (email,) = mailoutbox
    assert "When: Wednesday 15 January 2031, 11:00 – 19:00 UTC (UTC)" in email.body
    assert "Previously: Wednesday 15 January 2031, 09:00 – 17:00 UTC (UTC)" in email.body
    first, second = Message.objects.filter(kind=Message.Kind.CHANGED).order_by("pk")
    assert (first.status, first.last_error) == (
        Message.Status.FAILED,
        "A later notice of a change to the event replaces this one.",
    )
    assert second.status == Message.Status.SENT


def test_save_event_changing_only_the_description_sends_nothing(commit, mailoutbox):
    event = EventFactory()
    RegistrationFactory(event=event)
    event.description = "A new paragraph about the speakers."

    with commit():
        save_event(event=event, changed_fields=["description"])

    assert mailoutbox == []
    assert Message.objects.count() == 0


def test_cancel_event_tells_everyone_expecting_it_once(commit, mailoutbox):
    event = EventFactory(capacity=1)
    registered = RegistrationFactory(event=event)
    waitlisted = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlist_order=1
    )
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    with commit():
        cancel_event(event=event)
    with commit():
        cancel_event(event=event)

    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        [registered.person.email, waitlisted.person.email]
    )
    assert {email.subject for email in mailoutbox} == {f"Cancelled: {event.title}"}
    assert [email.attachments for email in mailoutbox] == [[], []]
    assert "this event has been cancelled" in mailoutbox[0].body


# Nothing sent twice, nothing sent for what did not happen


def register_in_a_request_that_fails(event):
    with transaction.atomic():
        register_for_event(event=event, person=PersonFactory())
        raise RuntimeError("the request failed after registering")


def test_register_for_event_rolled_back_sends_nothing(commit, mailoutbox):
    event = EventFactory()

    with commit() as callbacks, pytest.raises(RuntimeError):
        register_in_a_request_that_fails(event)

    assert callbacks == []
    assert mailoutbox == []
    assert (Registration.objects.count(), Message.objects.count()) == (0, 0)


def test_register_for_event_again_while_registered_sends_nothing_new(commit, mailoutbox):
    event = EventFactory()
    person = PersonFactory()
    with commit():
        register_for_event(event=event, person=person)

    with commit():
        register_for_event(event=event, person=person)

    assert len(mailoutbox) == 1
    assert Message.objects.count() == 1


# When the mail server fails


def test_register_for_event_when_mail_fails_keeps_the_registration_and_retries_later(
    commit, mailoutbox, settings, caplog
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    event = EventFactory()
    person = PersonFactory()

    with commit():
        registration = register_for_event(event=event, person=person)

    registration.refresh_from_db()
    message = Message.objects.get()
    assert registration.status == Registration.Status.REGISTERED
    assert (message.status, message.attempts, message.sent_at) == (Message.Status.PENDING, 1, None)
    assert message.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert f"Could not send message {message.pk}: SMTPServerDisconnected" in caplog.text
    assert mailoutbox == []


def test_send_reminders_sends_a_message_that_failed_before_once(commit, mailoutbox, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    person = PersonFactory()
    with commit():
        register_for_event(event=EventFactory(), person=person)
    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    stdout = io.StringIO()

    call_command("send_reminders", stdout=stdout)
    call_command("send_reminders", stdout=stdout)

    assert [email.to for email in mailoutbox] == [[person.email]]
    message = Message.objects.get()
    assert (message.status, message.attempts, message.last_error) == (Message.Status.SENT, 2, "")
    assert message.sent_at is not None
    assert stdout.getvalue() == (
        "0 reminders queued; 1 messages sent, 0 failed.\n"
        "0 reminders queued; 0 messages sent, 0 failed.\n"
    )


def test_send_reminders_reports_a_failure_on_standard_error(commit, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with commit():
        register_for_event(event=EventFactory(), person=PersonFactory())
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("send_reminders", stdout=stdout, stderr=stderr)

    assert stdout.getvalue() == "0 reminders queued; 0 messages sent, 1 failed.\n"
    assert stderr.getvalue().startswith("1 messages could not be sent; they are retried")
    assert Message.objects.get().attempts == 2


def test_send_pending_messages_gives_up_after_the_last_attempt(commit, mailoutbox, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with commit():
        register_for_event(event=EventFactory(), person=PersonFactory())
    for _ in range(MAX_ATTEMPTS - 1):
        send_pending_messages()
    settings.EMAIL_BACKEND = LOCMEM_BACKEND

    result = send_pending_messages()

    message = Message.objects.get()
    assert (message.status, message.attempts) == (Message.Status.FAILED, MAX_ATTEMPTS)
    assert result == (0, 0)
    assert mailoutbox == []
