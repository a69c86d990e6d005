"""Approving overlapping secondments of one person at the same instant.

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

from teams.models import Secondment
from teams.services import SecondmentStepRefused, approve_secondment
from tests.factories import PersonFactory, SecondmentFactory

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks; SQLite cannot run concurrent writers",
    ),
    pytest.mark.django_db(transaction=True),
]


def _without_row_locks(execute, sql, params, many, context):
    """Run a query with its FOR UPDATE clause removed: the service without its lock."""
    return execute(sql.replace(" FOR UPDATE", ""), params, many, context)


def _pause_after_checking_overlaps(barrier):
    """After each look for overlapping secondments, wait until every thread has looked.

    Without the lock this lets both approvals find no overlap before either one writes,
    the interleaving that double-books a person; with the lock no thread could ever reach it.
    """

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        # The overlap check is an exists() query: Django 5.2 sends it as SELECT %s AS "a".
        if 'AS "a" FROM "teams_secondment"' in sql:
            barrier.wait()
        return result

    return wrapper


def _approve_all_at_once(secondments, *, lock):
    """Approve each secondment in its own thread; return each one's refusal or None."""
    start = threading.Barrier(len(secondments), timeout=30)
    checked = threading.Barrier(len(secondments), timeout=30)

    def approve(secondment):
        try:
            with ExitStack() as stack:
                if not lock:
                    stack.enter_context(connection.execute_wrapper(_without_row_locks))
                    stack.enter_context(
                        connection.execute_wrapper(_pause_after_checking_overlaps(checked))
                    )
                start.wait()
                try:
                    approve_secondment(secondment=secondment)
                except SecondmentStepRefused as refused:
                    return refused.message
                return None
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(secondments)) as pool:
        return list(pool.map(approve, secondments))


def _two_overlapping_proposals():
    person = PersonFactory(name="Giulia Ferraro")
    starts_on = datetime.date(2030, 1, 1)
    return [
        SecondmentFactory(
            person=person,
            starts_on=starts_on + datetime.timedelta(days=offset),
            ends_on=starts_on + datetime.timedelta(days=offset + 60),
        )
        for offset in (0, 30)
    ]


def statuses(secondments):
    rows = Secondment.objects.in_bulk([secondment.pk for secondment in secondments])
    return [rows[secondment.pk].status for secondment in secondments]


def test_approve_secondment_approves_only_one_of_two_overlapping_at_once():
    secondments = _two_overlapping_proposals()

    refusals = _approve_all_at_once(secondments, lock=True)

    assert sorted(statuses(secondments)) == [
        Secondment.Status.APPROVED,
        Secondment.Status.PROPOSED,
    ]
    assert sorted(refusals, key=str) == [
        "Giulia Ferraro already has a secondment at that time.",
        None,
    ]
    # The one refused is the one still proposed.
    assert [status == Secondment.Status.PROPOSED for status in statuses(secondments)] == [
        refusal is not None for refusal in refusals
    ]


def test_approve_secondment_double_books_without_the_row_lock():
    """The control: the same run with the lock removed shows the race is real."""
    secondments = _two_overlapping_proposals()

    refusals = _approve_all_at_once(secondments, lock=False)

    assert statuses(secondments) == [Secondment.Status.APPROVED, Secondment.Status.APPROVED]
    assert refusals == [None, None]
