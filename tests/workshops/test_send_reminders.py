"""manage.py send_reminders: one reminder per seat and reminder time (by default a week and
a day ahead), however often it runs."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from regions.models import Person
from tests.factories import EventFactory, RegistrationFactory
from tests.mail import FAILING_BACKEND, LOCMEM_BACKEND
from workshops.models import Event, Message, Registration
from workshops.notifications import queue_reminders, send_pending_messages
from workshops.services import cancel_event, cancel_registration, save_event

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def send_reminders():
    stdout = io.StringIO()
    call_command("send_reminders", stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def event_starting_in(delta, **fields):
    starts_at = timezone.now().replace(microsecond=0) + delta
    return EventFactory(starts_at=starts_at, ends_at=starts_at + 8 * HOUR, **fields)


def test_send_reminders_twice_sends_each_reminder_once(mailoutbox):
    event = event_starting_in(6 * HOUR)
    seats = RegistrationFactory.create_batch(3, event=event)

    first = send_reminders()
    second = send_reminders()

    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        seat.person.email for seat in seats
    )
    assert {email.subject for email in mailoutbox} == {f"Reminder: {event.title}"}
    assert "A reminder: you are registered for this event" in mailoutbox[0].body
    assert Message.objects.filter(kind=Message.Kind.REMINDER).count() == 3
    assert first == "3 reminders queued; 3 messages sent, 0 failed.\n"
    assert second == "0 reminders queued; 0 messages sent, 0 failed.\n"


def test_send_reminders_leaves_out_events_not_starting_within_a_week(mailoutbox):
    for event in (
        event_starting_in(7 * DAY + HOUR),
        event_starting_in(-HOUR),
        event_starting_in(6 * HOUR, status=Event.Status.DRAFT),
        event_starting_in(6 * HOUR, status=Event.Status.CANCELLED),
    ):
        RegistrationFactory(event=event)

    output = send_reminders()

    assert mailoutbox == []
    assert Message.objects.count() == 0
    assert output == "0 reminders queued; 0 messages sent, 0 failed.\n"


def test_send_reminders_leaves_out_people_without_a_seat(mailoutbox):
    event = event_starting_in(6 * HOUR, capacity=1)
    seat = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_order=1)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    send_reminders()

    assert [email.to for email in mailoutbox] == [[seat.person.email]]


def test_send_reminders_leaves_out_people_who_turned_reminders_off(mailoutbox):
    event = event_starting_in(6 * HOUR)
    wanted = RegistrationFactory(event=event)
    RegistrationFactory(event=event, person__wants_reminders=False)

    send_reminders()

    assert [email.to for email in mailoutbox] == [[wanted.person.email]]
    assert list(Message.objects.values_list("person", flat=True)) == [wanted.person.pk]


def test_send_reminders_drops_a_queued_reminder_once_the_person_turned_reminders_off(
    mailoutbox,
):
    seat = RegistrationFactory(event=event_starting_in(6 * HOUR))
    queue_reminders()
    Person.objects.filter(pk=seat.person.pk).update(wants_reminders=False)

    send_pending_messages()

    assert mailoutbox == []
    assert Message.objects.get().status == Message.Status.FAILED


def test_send_reminders_after_the_event_moved_sends_a_new_reminder(mailoutbox, commit):
    event = event_starting_in(6 * HOUR)
    seat = RegistrationFactory(event=event)
    send_reminders()
    event.starts_at += 2 * HOUR
    event.ends_at += 2 * HOUR
    with commit():
        save_event(event=event, changed_fields=["starts_at", "ends_at"])
    mailoutbox.clear()

    output = send_reminders()

    assert [(email.to, email.subject) for email in mailoutbox] == [
        ([seat.person.email], f"Reminder: {event.title}")
    ]
    assert Message.objects.filter(kind=Message.Kind.REMINDER).count() == 2
    assert output == "1 reminders queued; 1 messages sent, 0 failed.\n"


def test_queue_reminders_looks_a_week_and_a_day_ahead_of_now():
    event = event_starting_in(30 * DAY)
    RegistrationFactory(event=event)

    too_early = queue_reminders(now=event.starts_at - 7 * DAY - HOUR)
    a_week = queue_reminders(now=event.starts_at - 7 * DAY)
    a_day = queue_reminders(now=event.starts_at - DAY)
    again = queue_reminders(now=event.starts_at - HOUR)

    assert (too_early, a_week, a_day, again) == (0, 1, 1, 0)


def test_send_pending_messages_gives_up_a_reminder_once_the_event_started(mailoutbox):
    event = event_starting_in(6 * HOUR)
    RegistrationFactory(event=event)
    queue_reminders()

    result = send_pending_messages(now=event.starts_at)

    reminder = Message.objects.get()
    assert result == (0, 0)
    assert (reminder.status, reminder.last_error) == (
        Message.Status.FAILED,
        "The event started before the reminder could be sent.",
    )
    assert mailoutbox == []


def _cancel_the_event(seat):
    cancel_event(event=seat.event)


def _cancel_the_registration(seat):
    cancel_registration(registration=seat)


def _move_the_event_eight_days_later(seat):
    # Past the week's reminder too: no reminder is due for the new time yet.
    event = seat.event
    event.starts_at += 8 * DAY
    event.ends_at += 8 * DAY
    save_event(event=event, changed_fields=["starts_at", "ends_at"])


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_cancel_the_event, id="event-cancelled"),
        pytest.param(_cancel_the_registration, id="registration-cancelled"),
        pytest.param(_move_the_event_eight_days_later, id="event-moved-eight-days-later"),
    ],
)
def test_send_reminders_drops_a_failed_reminder_that_is_no_longer_true(
    change, mailoutbox, settings, commit
):
    seat = RegistrationFactory(event=event_starting_in(6 * HOUR))
    settings.EMAIL_BACKEND = FAILING_BACKEND
    send_reminders()  # the mail server is down: the reminder stays pending
    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    with commit():
        change(seat)
    mailoutbox.clear()

    send_reminders()

    assert [email.subject for email in mailoutbox] == []
