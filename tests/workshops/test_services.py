import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import EventFactory, PersonFactory, RegistrationFactory, SessionFactory
from workshops.models import Event, Registration
from workshops.services import (
    RegistrationRefused,
    cancel_event,
    cancel_registration,
    mark_attendance,
    publish_event,
    register_for_event,
    save_event,
)

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

REGISTERED = Registration.Status.REGISTERED
WAITLISTED = Registration.Status.WAITLISTED
CANCELLED = Registration.Status.CANCELLED


def statuses(*registrations):
    """Each registration's status and waitlist place, as the database has them now."""
    rows = Registration.objects.with_waitlist_place().in_bulk(
        [registration.pk for registration in registrations]
    )
    return [
        (rows[registration.pk].status, rows[registration.pk].waitlist_place)
        for registration in registrations
    ]


def register_people(event, count):
    return [register_for_event(event=event, person=PersonFactory()) for _ in range(count)]


def test_register_for_event_with_seats_left_registers():
    event = EventFactory(capacity=2)

    registration = register_for_event(event=event, person=PersonFactory())

    assert statuses(registration) == [(REGISTERED, None)]
    assert registration.waitlist_order is None


def test_register_for_event_when_full_waitlists_in_order():
    event = EventFactory(capacity=2)
    register_people(event, 2)

    third = register_for_event(event=event, person=PersonFactory())
    fourth = register_for_event(event=event, person=PersonFactory())

    assert statuses(third, fourth) == [(WAITLISTED, 1), (WAITLISTED, 2)]
    assert Registration.objects.filter(event=event, status=REGISTERED).count() == 2


def test_register_for_event_without_capacity_always_registers():
    event = EventFactory(capacity=None)

    registrations = register_people(event, 25)

    assert {registration.status for registration in registrations} == {REGISTERED}
    assert Registration.objects.filter(event=event, status=REGISTERED).count() == 25


def test_register_for_event_twice_returns_the_same_registration():
    event = EventFactory()
    person = PersonFactory()
    first = register_for_event(event=event, person=person)

    second = register_for_event(event=event, person=person)

    assert second.pk == first.pk
    assert Registration.objects.filter(event=event, person=person).count() == 1


def test_register_for_event_twice_while_waitlisted_keeps_the_place():
    event = EventFactory(capacity=1)
    register_people(event, 1)
    person = PersonFactory()
    first = register_for_event(event=event, person=person)

    second = register_for_event(event=event, person=person)

    assert second.pk == first.pk
    assert statuses(second) == [(WAITLISTED, 1)]


@pytest.mark.parametrize(
    ("fields", "moment", "message"),
    [
        ({"status": Event.Status.DRAFT}, -DAY, "This event is not open for registration."),
        ({"status": Event.Status.CANCELLED}, -DAY, "This event has been cancelled."),
        ({}, 9 * HOUR, "This event is over."),
        (
            {"registration_opens_at": -2 * DAY},
            -3 * DAY,
            "Registration for this event has not opened yet.",
        ),
        ({"registration_closes_at": -2 * DAY}, -DAY, "Registration for this event has closed."),
    ],
    ids=["draft", "cancelled", "over", "before-it-opens", "after-it-closes"],
)
def test_register_for_event_refused_changes_nothing(fields, moment, message):
    """Times are offsets from the event's start; the event lasts eight hours."""
    starts_at = timezone.now() + 30 * DAY
    window = {
        name: starts_at + offset
        for name, offset in fields.items()
        if name.startswith("registration_")
    }
    status = fields.get("status", Event.Status.PUBLISHED)
    event = EventFactory(starts_at=starts_at, capacity=5, status=status, **window)
    register_people(EventFactory(), 1)
    before = Registration.objects.count()

    with pytest.raises(RegistrationRefused) as refusal:
        register_for_event(event=event, person=PersonFactory(), now=starts_at + moment)

    assert refusal.value.message == message
    assert Registration.objects.count() == before
    assert Registration.objects.filter(event=event).count() == 0


def test_register_for_event_again_after_the_event_was_cancelled_is_refused():
    event = EventFactory(capacity=5)
    person = PersonFactory()
    registration = register_for_event(event=event, person=person)
    cancel_event(event=event)

    with pytest.raises(RegistrationRefused) as refusal:
        register_for_event(event=event, person=person)

    assert refusal.value.message == "This event has been cancelled."
    registration.refresh_from_db()
    assert registration.status == REGISTERED


def test_register_for_event_after_cancelling_takes_up_the_same_row():
    event = EventFactory(capacity=5)
    person = PersonFactory()
    registration = register_for_event(event=event, person=person)
    cancel_registration(registration=registration)

    again = register_for_event(event=event, person=person)

    assert again.pk == registration.pk
    again.refresh_from_db()
    assert (again.status, again.cancelled_at) == (REGISTERED, None)
    assert Registration.objects.filter(event=event, person=person).count() == 1


def test_register_for_event_after_cancelling_a_full_event_joins_the_back_of_the_waitlist():
    event = EventFactory(capacity=1)
    seat, waiting = register_people(event, 2)
    cancel_registration(registration=seat)

    again = register_for_event(event=event, person=seat.person)

    assert again.pk == seat.pk
    assert statuses(waiting, again) == [(REGISTERED, None), (WAITLISTED, 1)]


def test_cancel_registration_of_a_seat_promotes_the_first_waitlisted():
    event = EventFactory(capacity=1)
    seat, first_waiting, second_waiting = register_people(event, 3)

    promoted = cancel_registration(registration=seat)

    assert promoted == [first_waiting]
    assert statuses(seat, first_waiting, second_waiting) == [
        (CANCELLED, None),
        (REGISTERED, None),
        (WAITLISTED, 1),
    ]


def test_cancel_registration_records_when_it_was_cancelled():
    event = EventFactory()
    registration = register_for_event(event=event, person=PersonFactory())
    now = timezone.now().replace(microsecond=0)

    cancel_registration(registration=registration, now=now)

    registration.refresh_from_db()
    assert (registration.status, registration.cancelled_at) == (CANCELLED, now)


def test_cancel_registration_twice_frees_one_seat_only():
    event = EventFactory(capacity=1)
    seat, first_waiting, second_waiting = register_people(event, 3)

    first_call = cancel_registration(registration=seat)
    second_call = cancel_registration(registration=seat)

    assert (len(first_call), second_call) == (1, [])
    assert statuses(first_waiting, second_waiting) == [(REGISTERED, None), (WAITLISTED, 1)]
    assert Registration.objects.filter(event=event, status=REGISTERED).count() == 1


def test_cancel_registration_of_a_waitlisted_person_promotes_nobody():
    event = EventFactory(capacity=1)
    seat, first_waiting, second_waiting = register_people(event, 3)

    promoted = cancel_registration(registration=first_waiting)

    assert promoted == []
    assert statuses(seat, first_waiting, second_waiting) == [
        (REGISTERED, None),
        (CANCELLED, None),
        (WAITLISTED, 1),
    ]


def test_cancel_registration_after_the_event_is_over_is_refused():
    event = EventFactory(capacity=1)
    seat, waiting = register_people(event, 2)

    with pytest.raises(RegistrationRefused) as refusal:
        cancel_registration(registration=seat, now=event.ends_at + HOUR)

    assert refusal.value.message == "This event is over; its registrations are history."
    assert statuses(seat, waiting) == [(REGISTERED, None), (WAITLISTED, 1)]


def test_save_event_with_a_larger_capacity_promotes_the_waitlist_in_order():
    event = EventFactory(capacity=1)
    seat, first, second, third = register_people(event, 4)
    event.capacity = 3

    save_event(event=event, changed_fields=["capacity"])

    assert statuses(seat, first, second, third) == [
        (REGISTERED, None),
        (REGISTERED, None),
        (REGISTERED, None),
        (WAITLISTED, 1),
    ]


def test_save_event_with_a_new_start_raises_the_sequence():
    event = EventFactory()
    event.starts_at += DAY
    event.ends_at += DAY

    save_event(event=event, changed_fields=["starts_at"])

    event.refresh_from_db()
    assert event.sequence == 1


def test_save_event_with_only_a_new_capacity_keeps_the_sequence():
    event = EventFactory(capacity=10)
    event.capacity = 20

    save_event(event=event, changed_fields=["capacity"])

    event.refresh_from_db()
    assert (event.capacity, event.sequence) == (20, 0)


def test_save_event_with_a_new_zone_keeps_the_sessions_on_the_venue_clocks():
    rome, london = ZoneInfo("Europe/Rome"), ZoneInfo("Europe/London")
    event = EventFactory(
        starts_at=datetime.datetime(2030, 3, 12, 9, 0, tzinfo=rome),
        ends_at=datetime.datetime(2030, 3, 12, 17, 0, tzinfo=rome),
        time_zone="Europe/Rome",
    )
    session = SessionFactory(
        event=event,
        starts_at=datetime.datetime(2030, 3, 12, 14, 0, tzinfo=rome),
        ends_at=datetime.datetime(2030, 3, 12, 15, 30, tzinfo=rome),
    )
    elsewhere = SessionFactory(starts_at=datetime.datetime(2030, 3, 12, 14, 0, tzinfo=rome))
    event.time_zone = "Europe/London"
    event.starts_at = datetime.datetime(2030, 3, 12, 9, 0, tzinfo=london)
    event.ends_at = datetime.datetime(2030, 3, 12, 17, 0, tzinfo=london)

    save_event(event=event, changed_fields=["time_zone"])

    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (
        datetime.datetime(2030, 3, 12, 14, 0, tzinfo=london),
        datetime.datetime(2030, 3, 12, 15, 30, tzinfo=london),
    )
    elsewhere.refresh_from_db()
    assert elsewhere.starts_at == datetime.datetime(2030, 3, 12, 14, 0, tzinfo=rome)
    event.refresh_from_db()
    assert event.sequence == 1


def test_save_event_finds_the_instants_moved_though_no_time_field_is_named(commit, mailoutbox):
    event = EventFactory()
    RegistrationFactory(event=event)
    event.starts_at += HOUR

    with commit():
        save_event(event=event, changed_fields=())

    event.refresh_from_db()
    assert event.sequence == 1
    assert [email.subject for email in mailoutbox] == [f"Changed: {event.title}"]


def test_publish_event_publishes_and_raises_the_sequence():
    event = EventFactory(status=Event.Status.DRAFT)

    publish_event(event=event)

    event.refresh_from_db()
    assert (event.status, event.sequence) == (Event.Status.PUBLISHED, 1)


def test_cancel_event_cancels_keeps_registrations_and_raises_the_sequence():
    event = EventFactory()
    registration = register_for_event(event=event, person=PersonFactory())

    cancel_event(event=event)

    event.refresh_from_db()
    assert (event.status, event.sequence) == (Event.Status.CANCELLED, 1)
    assert statuses(registration) == [(REGISTERED, None)]


def test_cancel_event_twice_raises_the_sequence_once():
    event = EventFactory()

    cancel_event(event=event)
    cancel_event(event=event)

    event.refresh_from_db()
    assert event.sequence == 1


@pytest.fixture
def started_and_coming_events():
    """A started event with a seat, a waitlisted and a cancelled registration; one to come."""
    now = timezone.now()
    started = EventFactory(starts_at=now - HOUR, capacity=1)
    before_start = started.starts_at - DAY
    seat = register_for_event(event=started, person=PersonFactory(), now=before_start)
    waiting = register_for_event(event=started, person=PersonFactory(), now=before_start)
    cancelled = register_for_event(event=started, person=PersonFactory(), now=before_start)
    cancel_registration(registration=cancelled, now=before_start)
    coming = register_for_event(event=EventFactory(), person=PersonFactory())
    return now, {"seat": seat, "waiting": waiting, "cancelled": cancelled, "coming": coming}


@pytest.mark.parametrize(
    ("attended", "expected"),
    [(True, Registration.Status.ATTENDED), (False, Registration.Status.ABSENT)],
)
def test_mark_attendance_marks_seat_holders_of_started_events_only(
    started_and_coming_events, attended, expected
):
    now, registrations = started_and_coming_events
    selected = Registration.objects.filter(pk__in=[r.pk for r in registrations.values()])

    counts = mark_attendance(registrations=selected, attended=attended, now=now)

    assert counts == (1, 3)
    assert statuses(*registrations.values()) == [
        (expected, None),
        (WAITLISTED, 1),
        (CANCELLED, None),
        (REGISTERED, None),
    ]


def test_mark_attendance_counts_a_queryset_filtered_on_status():
    now = timezone.now()
    event = EventFactory(starts_at=now - HOUR)
    for _ in range(2):
        register_for_event(event=event, person=PersonFactory(), now=event.starts_at - DAY)
    registered = Registration.objects.filter(event=event, status=REGISTERED)

    counts = mark_attendance(registrations=registered, attended=True, now=now)

    assert counts == (2, 0)
