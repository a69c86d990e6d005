import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from tests.factories import EventFactory, PersonFactory, RegistrationFactory, SessionFactory
from workshops.models import Event, Registration, Session

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def test_event_ending_before_it_starts_is_refused_by_the_database():
    event = EventFactory.build()
    event.ends_at = event.starts_at - HOUR

    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()

    assert Event.objects.count() == 0


def test_session_ending_before_it_starts_is_refused_by_the_database():
    event = EventFactory()
    session = SessionFactory.build(event=event)
    session.ends_at = session.starts_at - HOUR

    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()

    assert Session.objects.count() == 0


def test_second_registration_for_the_same_person_and_event_is_refused_by_the_database():
    registration = RegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=registration.event, person=registration.person)

    assert Registration.objects.count() == 1


def test_negative_capacity_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(capacity=-1)

    assert Event.objects.count() == 0


def test_unknown_time_zone_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(time_zone="Mars/Olympus_Mons")

    assert Event.objects.count() == 0


def test_registration_window_closing_before_it_opens_is_refused_by_the_database():
    event = EventFactory.build()
    event.registration_opens_at = event.starts_at - DAY
    event.registration_closes_at = event.starts_at - 2 * DAY

    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()

    assert Event.objects.count() == 0


def test_waitlisted_registration_without_waitlist_order_is_refused_by_the_database():
    event = EventFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_order=None)

    assert Registration.objects.filter(event=event).count() == 0


def test_session_full_clean_refuses_a_session_starting_before_its_event():
    event = EventFactory()
    session = SessionFactory.build(
        event=event, starts_at=event.starts_at - HOUR, ends_at=event.starts_at + HOUR
    )

    with pytest.raises(ValidationError) as refusal:
        session.full_clean()

    assert refusal.value.message_dict == {
        "starts_at": ["The session starts before its event does."]
    }


def test_session_full_clean_refuses_a_session_ending_after_its_event():
    event = EventFactory()
    session = SessionFactory.build(
        event=event, starts_at=event.ends_at - HOUR, ends_at=event.ends_at + HOUR
    )

    with pytest.raises(ValidationError) as refusal:
        session.full_clean()

    assert refusal.value.message_dict == {"ends_at": ["The session ends after its event does."]}


def test_session_full_clean_accepts_a_session_inside_its_event():
    event = EventFactory()
    session = SessionFactory.build(event=event, starts_at=event.starts_at, ends_at=event.ends_at)

    session.full_clean()

    assert (session.starts_at, session.ends_at) == (event.starts_at, event.ends_at)


def test_event_full_clean_refuses_a_registration_window_closing_before_it_opens():
    event = EventFactory.build()
    event.registration_opens_at = event.starts_at - DAY
    event.registration_closes_at = event.starts_at - 2 * DAY

    with pytest.raises(ValidationError) as refusal:
        event.full_clean()

    assert refusal.value.message_dict == {
        "registration_closes_at": ["Registration must close after it opens."]
    }


def test_event_with_registrations_cannot_be_deleted():
    registration = RegistrationFactory()

    with pytest.raises(ProtectedError), transaction.atomic():
        registration.event.delete()

    assert Event.objects.filter(pk=registration.event.pk).exists()


def test_person_with_registrations_cannot_be_deleted():
    registration = RegistrationFactory(person=PersonFactory())

    with pytest.raises(ProtectedError), transaction.atomic():
        registration.person.delete()

    assert Registration.objects.count() == 1


def test_event_registration_refusal_is_none_while_registration_is_open():
    event = EventFactory.build()

    refusal = event.registration_refusal(event.starts_at - DAY)

    assert refusal is None


@pytest.mark.parametrize(
    ("status", "opens", "closes", "moment", "expected"),
    [
        (Event.Status.DRAFT, None, None, -DAY, "This event is not open for registration."),
        (Event.Status.CANCELLED, None, None, -DAY, "This event has been cancelled."),
        (Event.Status.PUBLISHED, None, None, 9 * HOUR, "This event is over."),
        (
            Event.Status.PUBLISHED,
            -2 * DAY,
            None,
            -3 * DAY,
            "Registration for this event has not opened yet.",
        ),
        (
            Event.Status.PUBLISHED,
            None,
            -2 * DAY,
            -DAY,
            "Registration for this event has closed.",
        ),
        (Event.Status.PUBLISHED, None, None, HOUR, "Registration for this event has closed."),
    ],
    ids=["draft", "cancelled", "over", "not-yet-open", "closed", "closed-once-started"],
)
def test_event_registration_refusal_gives_the_reason(status, opens, closes, moment, expected):
    """Times are offsets from the event's start; the event lasts eight hours."""
    event = EventFactory.build(status=status)
    event.registration_opens_at = None if opens is None else event.starts_at + opens
    event.registration_closes_at = None if closes is None else event.starts_at + closes

    refusal = event.registration_refusal(event.starts_at + moment)

    assert str(refusal) == expected


def test_status_groups_name_only_statuses_that_exist_and_stay_out_of_the_choices():
    groups = {
        "Event.Status.public": (Event.Status.public, Event.Status),
        "Registration.Status.holding_seat": (Registration.Status.holding_seat, Registration.Status),
        "Registration.Status.active": (Registration.Status.active, Registration.Status),
        "Registration.Status.attendance_recorded": (
            Registration.Status.attendance_recorded,
            Registration.Status,
        ),
    }

    unknown = {
        name: sorted(set(group) - set(status.values)) for name, (group, status) in groups.items()
    }

    assert unknown == dict.fromkeys(groups, [])
    assert Event.Status.values == ["draft", "published", "cancelled"]
    assert Registration.Status.values == [
        "registered",
        "waitlisted",
        "cancelled",
        "attended",
        "absent",
        "pending",
        "declined",
    ]
