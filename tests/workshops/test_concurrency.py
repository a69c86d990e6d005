"""Capacity under real concurrency: many people registering for the same event at once.

These tests need PostgreSQL: SQLite has no row locks (``SELECT ... FOR UPDATE`` is a no-op
there) and serialises every write to the whole file, so it can neither show the race nor
the lock that prevents it.
"""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import PersonFactory
from workshops.models import Event, Registration
from workshops.services import register_for_event

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks; SQLite cannot run concurrent writers",
    ),
    pytest.mark.django_db(transaction=True),
]

PEOPLE = 20
CAPACITY = 5


def _without_row_locks(execute, sql, params, many, context):
    """Run a query with its FOR UPDATE clause removed: the service without its lock."""
    return execute(sql.replace(" FOR UPDATE", ""), params, many, context)


def _pause_after_counting_seats(barrier):
    """After each count of an event's registrations, wait until every thread has counted.

    Without the lock this lets every request read the seats before any of them writes,
    the interleaving that overbooks; with the lock no thread could ever reach it.
    """

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("SELECT COUNT") and "workshops_registration" in sql:
            barrier.wait()
        return result

    return wrapper


def _register_all_at_once(event, people, *, lock):
    start = threading.Barrier(len(people), timeout=30)
    counted = threading.Barrier(len(people), timeout=30)

    def register(person):
        try:
            with ExitStack() as stack:
                if not lock:
                    stack.enter_context(connection.execute_wrapper(_without_row_locks))
                    stack.enter_context(
                        connection.execute_wrapper(_pause_after_counting_seats(counted))
                    )
                start.wait()
                return register_for_event(event=event, person=person).pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        return list(pool.map(register, people))


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
