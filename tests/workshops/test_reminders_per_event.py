"""Reminders set per event: the defaults (a week and a day ahead; a quarter of an hour more for
a webinar, with its join link), an event's own, each once, and none sent late."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, EventReminderFactory, RegistrationFactory
from tests.workshops.email_helpers import JOIN_URL, html_body, online_event
from workshops.models import Event, EventReminder, Message, Registration
from workshops.notifications import (
    due_reminder,
    queue_reminders,
    reminder_offsets,
    send_pending_messages,
)

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def an_event(**fields):
    starts_at = timezone.now().replace(microsecond=0) + 30 * DAY
    return EventFactory(starts_at=starts_at, ends_at=starts_at + 2 * HOUR, **fields)


def test_a_workshop_without_reminders_of_its_own_has_a_week_and_a_day():
    assert reminder_offsets(an_event(kind=Event.Kind.WORKSHOP)) == [7 * 24 * 60, 24 * 60]


def test_a_webinar_without_reminders_of_its_own_has_a_quarter_of_an_hour_too():
    assert reminder_offsets(an_event(kind=Event.Kind.WEBINAR)) == [7 * 24 * 60, 24 * 60, 15]


def test_an_events_own_reminders_replace_the_defaults():
    event = an_event(kind=Event.Kind.WEBINAR)
    EventReminderFactory(event=event, minutes_before=60)
    EventReminderFactory(event=event, minutes_before=3 * 24 * 60)

    assert reminder_offsets(event) == [3 * 24 * 60, 60]


@pytest.mark.parametrize(
    ("before_start", "due"),
    [
        (8 * DAY, None),
        (7 * DAY, 7 * 24 * 60),
        (3 * DAY, 7 * 24 * 60),
        (DAY, 24 * 60),
        (HOUR, 24 * 60),
        (15 * MINUTE, 15),
        (MINUTE, 15),
        (datetime.timedelta(0), None),
    ],
)
def test_each_reminder_is_due_until_the_next_one_takes_over(before_start, due):
    event = an_event(kind=Event.Kind.WEBINAR)

    assert due_reminder(event, event.starts_at - before_start) == due


def test_a_weeks_reminder_is_not_sent_an_hour_before():
    event = an_event()
    RegistrationFactory(event=event)

    queue_reminders(now=event.starts_at - HOUR)

    (reminder,) = Message.objects.all()
    assert reminder.key.endswith(":1440m")


def test_each_reminder_is_queued_once_per_seat_however_often_it_runs():
    event = an_event(kind=Event.Kind.WEBINAR)
    RegistrationFactory.create_batch(2, event=event)

    counts = [
        queue_reminders(now=event.starts_at - before)
        for before in (7 * DAY, 7 * DAY - 5 * MINUTE, DAY, DAY - HOUR, 14 * MINUTE, 9 * MINUTE)
    ]

    assert counts == [2, 0, 2, 0, 2, 0]
    assert Message.objects.filter(kind=Message.Kind.REMINDER).count() == 6


def test_an_events_own_reminders_are_queued_at_their_times():
    event = an_event()
    EventReminderFactory(event=event, minutes_before=2 * 24 * 60)
    RegistrationFactory(event=event)

    at_seven_days = queue_reminders(now=event.starts_at - 7 * DAY)
    at_two_days = queue_reminders(now=event.starts_at - 2 * DAY)
    at_one_day = queue_reminders(now=event.starts_at - DAY)

    assert (at_seven_days, at_two_days, at_one_day) == (0, 1, 0)


def test_the_quarter_hour_reminder_carries_the_join_link_to_seats_only(mailoutbox):
    event = online_event(kind=Event.Kind.WEBINAR)
    seat = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_order=1)
    now = event.starts_at - 14 * MINUTE

    queue_reminders(now=now)
    send_pending_messages(now=now)

    (email,) = mailoutbox
    assert email.to == [seat.person.email]
    assert f"Join online: {JOIN_URL}" in email.body
    assert JOIN_URL in html_body(email)
    assert "A reminder: you are registered for this event, which starts in" in email.body


def test_a_reminder_for_someone_who_lost_their_seat_carries_no_join_link(mailoutbox):
    event = online_event(kind=Event.Kind.WEBINAR)
    seat = RegistrationFactory(event=event)
    now = event.starts_at - 14 * MINUTE
    queue_reminders(now=now)
    Registration.objects.filter(pk=seat.pk).update(status=Registration.Status.CANCELLED)

    send_pending_messages(now=now)

    assert mailoutbox == []


# The admin's inline


def event_form(staff_client, event, reminders):
    url = reverse("admin:workshops_event_change", args=[event.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("themes", "starts_at", "ends_at")
    }
    starts, ends = (
        moment.astimezone(datetime.UTC).replace(tzinfo=None)
        for moment in (event.starts_at, event.ends_at)
    )
    data.update(
        {
            "time_zone": "UTC",
            "starts_at_0": f"{starts:%Y-%m-%d}",
            "starts_at_1": f"{starts:%H:%M:%S}",
            "ends_at_0": f"{ends:%Y-%m-%d}",
            "ends_at_1": f"{ends:%H:%M:%S}",
            "host_government": "",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
            "materials-TOTAL_FORMS": "0",
            "materials-INITIAL_FORMS": "0",
            "reminders-TOTAL_FORMS": str(len(reminders)),
            "reminders-INITIAL_FORMS": "0",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        }
    )
    for index, minutes in enumerate(reminders):
        data[f"reminders-{index}-minutes_before"] = minutes
    return staff_client.post(url, data)


def test_staff_set_an_events_reminders_in_the_admin(staff_client):
    event = an_event(time_zone="UTC")

    response = event_form(staff_client, event, ["10080", "15"])

    assert response.status_code == 302
    assert sorted(event.reminders.values_list("minutes_before", flat=True)) == [15, 10080]


@pytest.mark.parametrize(
    ("reminders", "message"),
    [
        (["0"], "greater than or equal to 1"),
        (["-5"], "greater than or equal to"),
        (["86401"], "less than or equal to 86400"),
        (["sixty"], "Enter a whole number."),
        (["60", "60"], "Please correct the duplicate data for minutes_before"),
    ],
)
def test_the_admin_refuses_bad_reminders_with_a_message(staff_client, reminders, message):
    event = an_event(time_zone="UTC")

    response = event_form(staff_client, event, reminders)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert EventReminder.objects.count() == 0


def test_a_reminder_that_could_not_be_sent_in_its_window_is_dropped(mailoutbox):
    event = an_event()
    RegistrationFactory(event=event)
    queue_reminders(now=event.starts_at - 7 * DAY)  # the mail server is down that week

    queue_reminders(now=event.starts_at - DAY)
    send_pending_messages(now=event.starts_at - DAY)

    assert [email.subject for email in mailoutbox] == [f"Reminder: {event.title}"]
    week = Message.objects.get(key__endswith=":10080m")
    assert (week.status, week.last_error) == (
        Message.Status.FAILED,
        "A nearer reminder is due instead: this one would come late.",
    )
