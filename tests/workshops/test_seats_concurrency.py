"""Hybrid seats, government quotas and approvals under real concurrency (PostgreSQL only).

Each guarantee has its control: the same run with the event's row lock removed, and every
request made to read the seats before any writes, shows the limit broken, so the lock is
what keeps it.
"""

import datetime

from django.utils import timezone

from tests.concurrency import all_at_once, pause_until_all_have, postgresql_only, without_row_locks
from tests.factories import GovernmentFactory, PersonFactory, RegistrationFactory
from workshops.models import Event, Mode, Registration
from workshops.services import approve_registration, register_for_event

pytestmark = postgresql_only

IN_PERSON_SEATS = 4
ONLINE_SEATS = 3


def _is_counting_seats(sql):
    return sql.lstrip().upper().startswith("SELECT COUNT") and "workshops_registration" in sql


def _wrappers(parties, lock):
    if lock:
        return ()
    return (without_row_locks, pause_until_all_have(parties, run=_is_counting_seats))


def _event(**fields):
    starts_at = timezone.now() + datetime.timedelta(days=30)
    return Event.objects.create(
        title="ITP workshop, Katowice",
        slug="katowice-workshop",
        kind=Event.Kind.WORKSHOP,
        status=Event.Status.PUBLISHED,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=8),
        time_zone="Europe/Warsaw",
        **fields,
    )


def _hybrid():
    return _event(
        attendance_mode=Event.AttendanceMode.HYBRID,
        capacity=IN_PERSON_SEATS,
        online_capacity=ONLINE_SEATS,
    )


def _register_in_both_modes(event, *, lock):
    requests = [(person, Mode.IN_PERSON) for person in PersonFactory.create_batch(8)] + [
        (person, Mode.ONLINE) for person in PersonFactory.create_batch(8)
    ]
    all_at_once(
        lambda request: register_for_event(event=event, person=request[0], mode=request[1]).pk,
        requests,
        wrappers=_wrappers(len(requests), lock),
    )


def _seats(event, mode):
    return Registration.objects.filter(
        event=event, mode=mode, status=Registration.Status.REGISTERED
    ).count()


def test_hybrid_registrations_at_once_never_exceed_either_modes_capacity():
    event = _hybrid()

    _register_in_both_modes(event, lock=True)

    assert (_seats(event, Mode.IN_PERSON), _seats(event, Mode.ONLINE)) == (
        IN_PERSON_SEATS,
        ONLINE_SEATS,
    )
    for mode, seats in ((Mode.IN_PERSON, IN_PERSON_SEATS), (Mode.ONLINE, ONLINE_SEATS)):
        waitlist = Registration.objects.filter(
            event=event, mode=mode, status=Registration.Status.WAITLISTED
        ).order_by("waitlist_order")
        assert list(waitlist.values_list("waitlist_order", flat=True)) == list(
            range(1, 8 - seats + 1)
        )


def test_hybrid_registrations_overbook_a_mode_without_the_row_lock():
    """The control: without the lock, both modes take more people than they seat."""
    event = _hybrid()

    _register_in_both_modes(event, lock=False)

    assert _seats(event, Mode.IN_PERSON) > IN_PERSON_SEATS
    assert _seats(event, Mode.ONLINE) > ONLINE_SEATS


def _register_one_government(*, lock):
    event = _event(capacity=20, seats_per_government=2)
    silesia = GovernmentFactory()
    people = PersonFactory.create_batch(8, government=silesia)
    all_at_once(
        lambda person: register_for_event(event=event, person=person).pk,
        people,
        wrappers=_wrappers(len(people), lock),
    )
    return Registration.objects.filter(
        event=event, person__government=silesia, status=Registration.Status.REGISTERED
    ).count()


def test_quota_holds_when_officials_of_one_government_register_at_once():
    assert _register_one_government(lock=True) == 2


def test_quota_is_exceeded_without_the_row_lock():
    """The control: the seats are plenty, and without the lock the quota gives way."""
    assert _register_one_government(lock=False) > 2


def _approve_all_at_once(*, lock):
    event = _event(capacity=3, requires_approval=True)
    requests = [
        RegistrationFactory(event=event, status=Registration.Status.PENDING) for _ in range(8)
    ]
    all_at_once(
        lambda registration: approve_registration(registration=registration).pk,
        requests,
        wrappers=_wrappers(len(requests), lock),
    )
    return Registration.objects.filter(event=event, status=Registration.Status.REGISTERED).count()


def test_approvals_at_once_never_exceed_the_capacity():
    assert _approve_all_at_once(lock=True) == 3


def test_approvals_at_once_overbook_without_the_row_lock():
    """The control: approving without the lock seats everyone approved."""
    assert _approve_all_at_once(lock=False) > 3
