"""Hybrid events, government quotas and approval: the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import EventFactory, GovernmentFactory, PersonFactory, RegistrationFactory
from workshops.models import Event, Message, Mode, Registration
from workshops.services import (
    RegistrationRefused,
    approve_registration,
    cancel_registration,
    decline_registration,
    fill_seats_after_quota_release,
    register_for_event,
    save_event,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
REGISTERED = Registration.Status.REGISTERED
WAITLISTED = Registration.Status.WAITLISTED
PENDING = Registration.Status.PENDING


def hybrid(**fields):
    return EventFactory(
        attendance_mode=Event.AttendanceMode.HYBRID,
        **{"capacity": 1, "online_capacity": 2, **fields},
    )


def state(registration):
    registration.refresh_from_db()
    return registration.status, registration.mode, registration.waitlist_order


def quota_event(*, released_in=10 * DAY, **fields):
    return EventFactory(
        capacity=fields.pop("capacity", 5),
        seats_per_government=1,
        quota_released_at=timezone.now() + released_in,
        **fields,
    )


# Modes


def test_register_for_a_hybrid_event_keeps_a_seat_count_and_waitlist_per_mode():
    event = hybrid()

    in_room = register_for_event(event=event, person=PersonFactory(), mode=Mode.IN_PERSON)
    second_in_room = register_for_event(event=event, person=PersonFactory(), mode=Mode.IN_PERSON)
    online = [
        register_for_event(event=event, person=PersonFactory(), mode=Mode.ONLINE) for _ in range(3)
    ]

    assert state(in_room) == (REGISTERED, Mode.IN_PERSON, None)
    assert state(second_in_room) == (WAITLISTED, Mode.IN_PERSON, 1)
    assert [state(r) for r in online] == [
        (REGISTERED, Mode.ONLINE, None),
        (REGISTERED, Mode.ONLINE, None),
        (WAITLISTED, Mode.ONLINE, 1),
    ]


def test_cancelling_a_seat_promotes_the_first_waitlisted_of_that_mode_only():
    event = hybrid(online_capacity=1)
    in_room = register_for_event(event=event, person=PersonFactory(), mode=Mode.IN_PERSON)
    register_for_event(event=event, person=PersonFactory(), mode=Mode.ONLINE)
    waiting_online = register_for_event(event=event, person=PersonFactory(), mode=Mode.ONLINE)
    waiting_in_room = register_for_event(event=event, person=PersonFactory(), mode=Mode.IN_PERSON)

    promoted = cancel_registration(registration=in_room)

    assert promoted == [waiting_in_room]
    assert state(waiting_in_room)[0] == REGISTERED
    assert state(waiting_online) == (WAITLISTED, Mode.ONLINE, 1)


@pytest.mark.parametrize("mode", ["", "elsewhere", Mode.ONLINE])
def test_register_refuses_a_mode_the_event_does_not_offer(mode):
    event = EventFactory(attendance_mode=Event.AttendanceMode.IN_PERSON)
    if mode == "":
        event = hybrid()

    with pytest.raises(RegistrationRefused, match="Choose how you take part"):
        register_for_event(event=event, person=PersonFactory(), mode=mode)

    assert not Registration.objects.exists()


def test_register_for_a_single_mode_event_takes_its_mode():
    event = EventFactory(kind=Event.Kind.WEBINAR, attendance_mode=Event.AttendanceMode.ONLINE)

    registration = register_for_event(event=event, person=PersonFactory())

    assert state(registration) == (REGISTERED, Mode.ONLINE, None)


def test_online_capacity_on_an_event_that_is_not_hybrid_is_refused():
    event = EventFactory.build(online_capacity=10)

    with pytest.raises(ValidationError) as error:
        event.clean()
    assert list(error.value.message_dict) == ["online_capacity"]
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(online_capacity=10)


def test_registration_status_and_mode_outside_the_choices_are_refused_by_the_database():
    for fields in ({"status": "maybe"}, {"mode": "by_post"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            RegistrationFactory(**fields)


def test_more_online_seats_promote_the_online_waitlist():
    event = hybrid(online_capacity=1)
    register_for_event(event=event, person=PersonFactory(), mode=Mode.ONLINE)
    waiting = register_for_event(event=event, person=PersonFactory(), mode=Mode.ONLINE)

    event.online_capacity = 2
    save_event(event=event, changed_fields=["online_capacity"])

    assert state(waiting)[0] == REGISTERED


def test_seats_left_by_mode_counts_each_mode_apart():
    event = hybrid(capacity=2, online_capacity=None)
    register_for_event(event=event, person=PersonFactory(), mode=Mode.IN_PERSON)
    register_for_event(event=event, person=PersonFactory(), mode=Mode.ONLINE)

    annotated = Event.objects.with_seats_taken().get(pk=event.pk)

    assert [(mode, left) for mode, _label, left in annotated.seats_left_by_mode] == [
        (Mode.IN_PERSON, 1),
        (Mode.ONLINE, None),
    ]
    assert annotated.seats_left == 1


# Quotas


def test_quota_sends_a_second_official_of_a_government_to_the_waitlist_though_seats_are_free():
    event = quota_event()
    silesia = GovernmentFactory()
    first = register_for_event(event=event, person=PersonFactory(government=silesia))
    second = register_for_event(event=event, person=PersonFactory(government=silesia))
    other = register_for_event(event=event, person=PersonFactory())

    assert [state(r)[0] for r in (first, second, other)] == [REGISTERED, WAITLISTED, REGISTERED]


def test_quota_leaves_out_people_of_no_government():
    event = quota_event()
    people = PersonFactory.create_batch(3, government=None)

    registrations = [register_for_event(event=event, person=person) for person in people]

    assert {state(r)[0] for r in registrations} == {REGISTERED}


def test_quota_after_its_release_is_open_to_all():
    event = quota_event(released_in=-DAY)
    silesia = GovernmentFactory()

    registrations = [
        register_for_event(event=event, person=PersonFactory(government=silesia)) for _ in range(3)
    ]

    assert {state(r)[0] for r in registrations} == {REGISTERED}


def test_waitlist_promotion_passes_over_a_government_whose_quota_is_taken():
    event = quota_event(capacity=2)
    silesia, wales = GovernmentFactory(), GovernmentFactory()
    leaving = register_for_event(event=event, person=PersonFactory(government=wales))
    register_for_event(event=event, person=PersonFactory(government=silesia))
    silesian_waiting = register_for_event(event=event, person=PersonFactory(government=silesia))
    welsh_waiting = register_for_event(event=event, person=PersonFactory(government=wales))

    promoted = cancel_registration(registration=leaving)

    assert promoted == [welsh_waiting]
    assert state(silesian_waiting) == (WAITLISTED, Mode.IN_PERSON, 1)


def test_quota_of_a_hybrid_event_limits_the_room_only():
    event = hybrid(capacity=5, online_capacity=5, seats_per_government=1)
    silesia = GovernmentFactory()
    people = PersonFactory.create_batch(2, government=silesia)

    in_room = [register_for_event(event=event, person=p, mode=Mode.IN_PERSON) for p in people]
    online = register_for_event(
        event=event, person=PersonFactory(government=silesia), mode=Mode.ONLINE
    )

    assert [state(r)[0] for r in in_room] == [REGISTERED, WAITLISTED]
    assert state(online)[0] == REGISTERED


def test_quota_release_promotes_the_waitlist_once(commit, mailoutbox):
    event = quota_event()
    silesia = GovernmentFactory()
    register_for_event(event=event, person=PersonFactory(government=silesia))
    waiting = register_for_event(event=event, person=PersonFactory(government=silesia))
    Event.objects.filter(pk=event.pk).update(quota_released_at=timezone.now() - DAY)
    mailoutbox.clear()

    with commit():
        first = fill_seats_after_quota_release()
    second = fill_seats_after_quota_release()

    assert (first, second) == ([waiting], [])
    assert state(waiting)[0] == REGISTERED
    assert [message.subject for message in mailoutbox] == [f"A seat is yours: {event.title}"]


def test_send_reminders_promotes_waitlists_whose_quota_was_released(capsys):
    event = quota_event(released_in=-DAY)
    silesia = GovernmentFactory()
    RegistrationFactory(event=event, person=PersonFactory(government=silesia))
    waiting = RegistrationFactory(
        event=event,
        person=PersonFactory(government=silesia),
        status=WAITLISTED,
        waitlist_order=1,
    )

    call_command("send_reminders")
    call_command("send_reminders")

    assert state(waiting)[0] == REGISTERED
    out = capsys.readouterr().out
    assert out.count("1 people promoted now that a quota is released.") == 1


def test_the_next_registration_after_the_release_promotes_the_waitlist_first():
    event = quota_event(capacity=2)
    silesia = GovernmentFactory()
    register_for_event(event=event, person=PersonFactory(government=silesia))
    waiting = register_for_event(event=event, person=PersonFactory(government=silesia))
    Event.objects.filter(pk=event.pk).update(quota_released_at=timezone.now() - DAY)

    latecomer = register_for_event(event=event, person=PersonFactory())

    assert state(waiting)[0] == REGISTERED
    assert state(latecomer)[0] == WAITLISTED


def test_quota_release_without_quota_is_refused():
    event = EventFactory.build(quota_released_at=timezone.now())

    with pytest.raises(ValidationError) as error:
        event.clean()
    assert list(error.value.message_dict) == ["quota_released_at"]


# Approval


def test_register_for_an_approval_event_makes_a_pending_request_that_holds_no_seat(
    commit, mailoutbox
):
    event = EventFactory(capacity=1, requires_approval=True)

    with commit():
        requests = [register_for_event(event=event, person=PersonFactory()) for _ in range(2)]

    assert [state(r) for r in requests] == [(PENDING, Mode.IN_PERSON, None)] * 2
    assert [m.subject for m in mailoutbox] == [f"Request received: {event.title}"] * 2


def test_approving_counts_the_seat_at_approval(commit, mailoutbox):
    event = EventFactory(capacity=1, requires_approval=True)
    first, second = (register_for_event(event=event, person=PersonFactory()) for _ in range(2))
    mailoutbox.clear()

    with commit():
        approve_registration(registration=second)
        approve_registration(registration=first)

    assert state(second) == (REGISTERED, Mode.IN_PERSON, None)
    assert state(first) == (WAITLISTED, Mode.IN_PERSON, 1)
    assert [m.subject for m in mailoutbox] == [
        f"Approved: {event.title}",
        f"Approved, on the waitlist: {event.title}",
    ]
    assert "in place 1" in mailoutbox[1].body


def test_approved_waitlist_moves_up_without_a_second_approval():
    event = EventFactory(capacity=1, requires_approval=True)
    first, second = (register_for_event(event=event, person=PersonFactory()) for _ in range(2))
    approve_registration(registration=first)
    approve_registration(registration=second)

    cancel_registration(registration=first)

    assert state(second)[0] == REGISTERED


def test_approval_respects_the_quota():
    event = quota_event(requires_approval=True)
    silesia = GovernmentFactory()
    first, second = (
        register_for_event(event=event, person=PersonFactory(government=silesia)) for _ in range(2)
    )

    approve_registration(registration=first)
    approve_registration(registration=second)

    assert [state(r)[0] for r in (first, second)] == [REGISTERED, WAITLISTED]


def test_declining_a_request_tells_the_person(commit, mailoutbox):
    event = EventFactory(requires_approval=True)
    request = register_for_event(event=event, person=PersonFactory())
    mailoutbox.clear()

    with commit():
        decline_registration(registration=request)

    assert state(request)[0] == Registration.Status.DECLINED
    assert [m.subject for m in mailoutbox] == [f"Declined: {event.title}"]
    assert Message.objects.filter(kind=Message.Kind.DECLINED).count() == 1


@pytest.mark.parametrize("decide", [approve_registration, decline_registration])
def test_only_a_pending_request_can_be_decided(decide):
    registration = RegistrationFactory()

    with pytest.raises(RegistrationRefused):
        decide(registration=registration)

    assert state(registration)[0] == REGISTERED


def test_a_person_can_withdraw_a_pending_request():
    event = EventFactory(requires_approval=True)
    request = register_for_event(event=event, person=PersonFactory())

    assert cancel_registration(registration=request) == []

    assert state(request)[0] == Registration.Status.CANCELLED


def test_registering_again_while_pending_changes_nothing():
    event = EventFactory(requires_approval=True)
    person = PersonFactory()
    request = register_for_event(event=event, person=person)

    again = register_for_event(event=event, person=person)

    assert again.pk == request.pk
    assert Registration.objects.get().status == PENDING


def test_approving_for_a_cancelled_event_is_refused():
    event = EventFactory(requires_approval=True)
    request = register_for_event(event=event, person=PersonFactory())
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)

    with pytest.raises(RegistrationRefused, match="cancelled"):
        approve_registration(registration=request)
    assert state(request)[0] == PENDING
