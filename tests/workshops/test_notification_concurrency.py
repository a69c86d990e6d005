"""Sending under real concurrency: two servers running send_reminders at the same moment.

These tests need PostgreSQL: SQLite has no row locks (``SELECT ... FOR UPDATE SKIP LOCKED``
is a no-op there) and serialises every write to the whole file, so it can neither show the
race nor the lock that prevents it.

How the first test was checked to fail without the lock: run five times with
``_without_row_locks`` added to its senders (the ``FOR UPDATE OF ... SKIP LOCKED`` clause
stripped, ``_hold_each_message_a_moment`` kept), it sent 39 or 40 e-mails for the 20
reminders and failed every time; with the lock it sends each exactly once. The second test
keeps that check in the suite, deterministically: a barrier makes both senders pick each
message before either sends it.
"""

import datetime
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import EventFactory, RegistrationFactory
from workshops.models import Message
from workshops.notifications import queue_reminders, send_pending_messages

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks; SQLite cannot run concurrent writers",
    ),
    pytest.mark.django_db(transaction=True),
]

REMINDERS = 20
SERVERS = 2


def _without_row_locks(execute, sql, params, many, context):
    """Run a query with its locking clause removed: the sender without its lock."""
    return execute(re.sub(r" FOR UPDATE\b.*$", "", sql), params, many, context)


def _is_picking_a_message(sql):
    return sql.lstrip().upper().startswith("SELECT") and 'FROM "workshops_message"' in sql


def _hold_each_message_a_moment(execute, sql, params, many, context):
    """After picking a message, wait a little before sending it, as a slow mail server
    makes a sender do: the window in which another sender could pick the same message."""
    result = execute(sql, params, many, context)
    if _is_picking_a_message(sql):
        time.sleep(0.01)
    return result


def _pause_after_picking_a_message(barrier):
    """After each pick, wait until every sender has picked: without the lock, all of them
    then hold the same message, the interleaving that sends it twice."""

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if _is_picking_a_message(sql):
            barrier.wait()
        return result

    return wrapper


def _send_from_every_server_at_once(*, lock):
    start = threading.Barrier(SERVERS, timeout=30)
    picked = threading.Barrier(SERVERS, timeout=30)

    def send(_server):
        try:
            with ExitStack() as stack:
                if lock:
                    stack.enter_context(connection.execute_wrapper(_hold_each_message_a_moment))
                else:
                    stack.enter_context(connection.execute_wrapper(_without_row_locks))
                    stack.enter_context(
                        connection.execute_wrapper(_pause_after_picking_a_message(picked))
                    )
                connection.ensure_connection()
                start.wait()
                return send_pending_messages()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=SERVERS) as pool:
        return list(pool.map(send, range(SERVERS)))


def _seats_with_reminders_due():
    """REMINDERS seats at an event starting in six hours, each with its pending reminder."""
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=6)
    event = EventFactory(starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2))
    seats = RegistrationFactory.create_batch(REMINDERS, event=event)
    queue_reminders()
    return seats


def test_send_pending_messages_from_two_servers_at_once_sends_each_message_once(mailoutbox):
    seats = _seats_with_reminders_due()

    results = _send_from_every_server_at_once(lock=True)

    # mail.outbox is one list for the whole process, so it holds what every thread sent.
    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        seat.person.email for seat in seats
    )
    assert set(Message.objects.values_list("status", "attempts")) == {(Message.Status.SENT, 1)}
    assert Message.objects.count() == REMINDERS
    assert sum(sent for sent, _failed in results) == REMINDERS
    assert all(sent > 0 for sent, _failed in results)  # both servers did take a share


def test_send_pending_messages_sends_twice_without_the_row_lock(mailoutbox):
    """The control: the same run with the lock removed shows the race is real."""
    _seats_with_reminders_due()

    results = _send_from_every_server_at_once(lock=False)

    assert len(mailoutbox) == SERVERS * REMINDERS
    assert results == [(REMINDERS, 0)] * SERVERS
