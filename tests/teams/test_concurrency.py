"""Approving overlapping secondments of one person at the same instant (PostgreSQL only:
see ``tests.concurrency``)."""

import datetime

from teams.models import Secondment
from teams.services import SecondmentStepRefused, approve_secondment
from tests.concurrency import all_at_once, pause_until_all_have, postgresql_only, without_row_locks
from tests.factories import PersonFactory, SecondmentFactory

pytestmark = postgresql_only


def checks_overlaps(sql):
    """Whether a query is the look for overlapping secondments.

    The overlap check is an exists() query: Django 5.2 sends it as SELECT %s AS "a".
    """
    return 'AS "a" FROM "teams_secondment"' in sql


def approve(secondment):
    """Approve one secondment; return its refusal, or None."""
    try:
        approve_secondment(secondment=secondment)
    except SecondmentStepRefused as refused:
        return refused.message
    return None


def _approve_all_at_once(secondments, *, lock):
    """Approve each secondment in its own thread; return each one's refusal or None.

    Without the lock, every thread waits after its look for overlaps until all have looked:
    both approvals find no overlap before either one writes, the interleaving that
    double-books a person; with the lock no thread could ever reach it.
    """
    wrappers = (
        ()
        if lock
        else (without_row_locks, pause_until_all_have(len(secondments), run=checks_overlaps))
    )
    return all_at_once(approve, secondments, wrappers=wrappers)


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
