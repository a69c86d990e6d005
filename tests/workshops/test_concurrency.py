"""Capacity under real concurrency: many people registering for the same event at once.

These tests need PostgreSQL: SQLite has no row locks (``SELECT ... FOR UPDATE`` is a no-op
there) and serialises every write to the whole file, so it can neither show the race nor
the lock that prevents it.
"""

import datetime

from django.utils import timezone

from tests.concurrency import all_at_once, pause_until_all_have, postgresql_only, without_row_locks
from tests.factories import PersonFactory
from workshops.models import Event, Registration
from workshops.services import register_for_event

pytestmark = postgresql_only

PEOPLE = 20
CAPACITY = 5


def _is_counting_seats(sql):
    return sql.lstrip().upper().startswith("SELECT COUNT") and "workshops_registration" in sql


def _register_all_at_once(event, people, *, lock):
    """Everyone in ``people`` registers for ``event`` at the same moment.

    Without the lock, each request also waits after counting the seats until every request
    has counted: all read the seats before any writes, the interleaving that overbooks; with
    the lock no request could ever reach it.
    """
    wrappers = (
        ()
        if lock
        else (without_row_locks, pause_until_all_have(len(people), run=_is_counting_seats))
    )
    return all_at_once(
        lambda person: register_for_event(event=event, person=person).pk, people, wrappers=wrappers
    )


def _open_event():
    starts_at = timezone.now() + datetime.timedelta(days=30)
    return Event.objects.create(
        title="Webinar: hydrogen valleys",
        slug="webinar-hydrogen-valleys",
        kind=Event.Kind.WEBINAR,
        status=Event.Status.PUBLISHED,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        time_zone="Europe/London",
        capacity=CAPACITY,
    )


def test_register_for_event_never_exceeds_capacity_when_all_register_at_once():
    event = _open_event()
    people = PersonFactory.create_batch(PEOPLE)

    _register_all_at_once(event, people, lock=True)

    registrations = Registration.objects.filter(event=event)
    registered = registrations.filter(status=Registration.Status.REGISTERED).count()
    waitlist = list(
        registrations.filter(status=Registration.Status.WAITLISTED)
        .order_by("waitlist_order")
        .values_list("waitlist_order", flat=True)
    )
    assert registered == CAPACITY
    assert waitlist == list(range(1, PEOPLE - CAPACITY + 1))


def test_register_for_event_overbooks_without_the_row_lock():
    """The control: the same run with the lock removed shows the race is real."""
    event = _open_event()
    people = PersonFactory.create_batch(PEOPLE)

    _register_all_at_once(event, people, lock=False)

    registered = Registration.objects.filter(
        event=event, status=Registration.Status.REGISTERED
    ).count()
    assert registered > CAPACITY
