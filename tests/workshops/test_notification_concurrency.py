"""Sending under real concurrency: two servers running send_reminders at the same moment.

These tests need PostgreSQL: SQLite has no row locks (``SELECT ... FOR UPDATE SKIP LOCKED``
is a no-op there) and serialises every write to the whole file, so it can neither show the
race nor the lock that prevents it.

How the first test was checked to fail without the lock: run five times with
``without_row_locks`` added to its senders (the ``FOR UPDATE OF ... SKIP LOCKED`` clause
stripped, ``_hold_each_message_a_moment`` kept), it sent 39 or 40 e-mails for the 20
reminders and failed every time; with the lock it sends each exactly once. The second test
keeps that check in the suite, deterministically: a barrier makes both senders pick each
message before either sends it.
"""

import datetime
import time

from django.utils import timezone

from tests.concurrency import all_at_once, pause_until_all_have, postgresql_only, without_row_locks
from tests.factories import EventFactory, RegistrationFactory
from workshops.models import Message
from workshops.notifications import queue_reminders, send_pending_messages

pytestmark = postgresql_only

REMINDERS = 20
SERVERS = 2


def _is_picking_a_message(sql):
    return sql.lstrip().upper().startswith("SELECT") and 'FROM "workshops_message"' in sql


def _hold_each_message_a_moment(execute, sql, params, many, context):
    """After picking a message, wait a little before sending it, as a slow mail server
    makes a sender do: the window in which another sender could pick the same message."""
    result = execute(sql, params, many, context)
    if _is_picking_a_message(sql):
        time.sleep(0.01)
    return result


def _send_from_every_server_at_once(*, lock):
    """Every server sends the pending messages at the same moment.

    Without the lock, each sender also waits after each pick until every sender has picked:
    all of them then hold the same message, the interleaving that sends it twice.
    """
    if lock:
        wrappers = (_hold_each_message_a_moment,)
    else:
        wrappers = (without_row_locks, pause_until_all_have(SERVERS, run=_is_picking_a_message))
    return all_at_once(lambda _server: send_pending_messages(), range(SERVERS), wrappers=wrappers)


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
