"""The secondment's steps from proposed to completed or cancelled, and the overlap check
on approval."""

import datetime

import pytest

from teams.models import Secondment
from teams.services import (
    SecondmentStepRefused,
    approve_secondment,
    cancel_secondment,
    complete_secondment,
    start_secondment,
)
from tests.factories import PersonFactory, SecondmentFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
JAN_1 = datetime.date(2030, 1, 1)
MAR_31 = datetime.date(2030, 3, 31)

PROPOSED = Secondment.Status.PROPOSED
APPROVED = Secondment.Status.APPROVED
UNDER_WAY = Secondment.Status.UNDER_WAY
COMPLETED = Secondment.Status.COMPLETED
CANCELLED = Secondment.Status.CANCELLED

STEPS = {
    "approve": approve_secondment,
    "start": start_secondment,
    "complete": complete_secondment,
    "cancel": cancel_secondment,
}


def status_in_database(secondment):
    return Secondment.objects.get(pk=secondment.pk).status


# Secondment lifecycle: the allowed steps.


def test_approve_secondment_proposed_becomes_approved():
    secondment = SecondmentFactory(status=PROPOSED)

    approved = approve_secondment(secondment=secondment)

    assert (approved.status, status_in_database(secondment)) == (APPROVED, APPROVED)


def test_start_secondment_approved_becomes_under_way():
    secondment = SecondmentFactory(status=APPROVED)

    started = start_secondment(secondment=secondment)

    assert (started.status, status_in_database(secondment)) == (UNDER_WAY, UNDER_WAY)


def test_complete_secondment_under_way_becomes_completed_with_its_report():
    secondment = SecondmentFactory(status=UNDER_WAY)

    completed = complete_secondment(
        secondment=secondment, outcome_report="The host's permitting desk now runs in our region."
    )

    secondment.refresh_from_db()
    assert (secondment.status, secondment.outcome_report) == (
        COMPLETED,
        "The host's permitting desk now runs in our region.",
    )
    assert completed.status == COMPLETED


def test_complete_secondment_without_report_keeps_the_report_written_before():
    secondment = SecondmentFactory(status=UNDER_WAY, outcome_report="Draft: three lessons.")

    complete_secondment(secondment=secondment)

    secondment.refresh_from_db()
    assert (secondment.status, secondment.outcome_report) == (COMPLETED, "Draft: three lessons.")


def test_secondment_whole_lifecycle_from_proposed_to_completed():
    secondment = SecondmentFactory(status=PROPOSED)
    seen = []

    for step in (approve_secondment, start_secondment, complete_secondment):
        step(secondment=secondment)
        seen.append(status_in_database(secondment))

    assert seen == [APPROVED, UNDER_WAY, COMPLETED]


@pytest.mark.parametrize("status", [PROPOSED, APPROVED, UNDER_WAY])
def test_cancel_secondment_not_yet_completed_becomes_cancelled(status):
    secondment = SecondmentFactory(status=status)

    cancelled = cancel_secondment(secondment=secondment)

    assert (cancelled.status, status_in_database(secondment)) == (CANCELLED, CANCELLED)


# Secondment lifecycle: every step the status does not allow, refused with its message.


@pytest.mark.parametrize(
    ("step", "status", "message"),
    [
        ("approve", APPROVED, "A secondment that is approved cannot be approved."),
        ("approve", UNDER_WAY, "A secondment that is under way cannot be approved."),
        ("approve", COMPLETED, "A secondment that is completed cannot be approved."),
        ("approve", CANCELLED, "A secondment that is cancelled cannot be approved."),
        ("start", PROPOSED, "A secondment that is proposed cannot be started."),
        ("start", UNDER_WAY, "A secondment that is under way cannot be started."),
        ("start", COMPLETED, "A secondment that is completed cannot be started."),
        ("start", CANCELLED, "A secondment that is cancelled cannot be started."),
        ("complete", PROPOSED, "A secondment that is proposed cannot be completed."),
        ("complete", APPROVED, "A secondment that is approved cannot be completed."),
        ("complete", COMPLETED, "A secondment that is completed cannot be completed."),
        ("complete", CANCELLED, "A secondment that is cancelled cannot be completed."),
        ("cancel", COMPLETED, "A secondment that is completed cannot be cancelled."),
        ("cancel", CANCELLED, "A secondment that is cancelled cannot be cancelled."),
    ],
)
def test_secondment_step_not_allowed_from_status_is_refused(step, status, message):
    secondment = SecondmentFactory(status=status)

    with pytest.raises(SecondmentStepRefused) as refused:
        STEPS[step](secondment=secondment)

    assert refused.value.message == message
    assert str(refused.value) == message
    assert status_in_database(secondment) == status


def test_secondment_step_checks_the_status_in_the_database_not_the_stale_object():
    secondment = SecondmentFactory(status=PROPOSED)
    stale = Secondment.objects.get(pk=secondment.pk)
    cancel_secondment(secondment=secondment)

    with pytest.raises(SecondmentStepRefused) as refused:
        approve_secondment(secondment=stale)

    assert refused.value.message == "A secondment that is cancelled cannot be approved."
    assert status_in_database(secondment) == CANCELLED


def test_complete_secondment_refused_does_not_save_the_report():
    secondment = SecondmentFactory(status=APPROVED)

    with pytest.raises(SecondmentStepRefused):
        complete_secondment(secondment=secondment, outcome_report="Written too early.")

    assert Secondment.objects.get(pk=secondment.pk).outcome_report == ""


# Approval and overlapping secondments of the same person.


def held_secondment(status=APPROVED, *, starts_on=JAN_1, ends_on=MAR_31):
    person = PersonFactory(name="Giulia Ferraro")
    return SecondmentFactory(person=person, starts_on=starts_on, ends_on=ends_on, status=status)


@pytest.mark.parametrize("held_status", [APPROVED, UNDER_WAY, COMPLETED])
def test_approve_secondment_overlapping_a_held_one_is_refused(held_status):
    held = held_secondment(held_status)
    proposed = SecondmentFactory(person=held.person, starts_on=MAR_31 - 10 * DAY, ends_on=MAR_31)

    with pytest.raises(SecondmentStepRefused) as refused:
        approve_secondment(secondment=proposed)

    assert refused.value.message == "Giulia Ferraro already has a secondment at that time."
    assert status_in_database(proposed) == PROPOSED


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (MAR_31, MAR_31 + 30 * DAY),
        (JAN_1 - 30 * DAY, JAN_1),
        (JAN_1 - 30 * DAY, MAR_31 + 30 * DAY),
        (JAN_1 + 10 * DAY, JAN_1 + 20 * DAY),
    ],
    ids=["starts-on-its-last-day", "ends-on-its-first-day", "encloses-it", "inside-it"],
)
def test_approve_secondment_sharing_any_day_with_an_approved_one_is_refused(starts_on, ends_on):
    held = held_secondment()
    proposed = SecondmentFactory(person=held.person, starts_on=starts_on, ends_on=ends_on)

    with pytest.raises(SecondmentStepRefused):
        approve_secondment(secondment=proposed)

    assert status_in_database(proposed) == PROPOSED


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (MAR_31 + DAY, MAR_31 + 30 * DAY),
        (JAN_1 - 30 * DAY, JAN_1 - DAY),
    ],
    ids=["the-day-after", "the-day-before"],
)
def test_approve_secondment_on_adjacent_days_to_an_approved_one_is_allowed(starts_on, ends_on):
    held = held_secondment()
    proposed = SecondmentFactory(person=held.person, starts_on=starts_on, ends_on=ends_on)

    approve_secondment(secondment=proposed)

    assert status_in_database(proposed) == APPROVED


@pytest.mark.parametrize("other_status", [PROPOSED, CANCELLED])
def test_approve_secondment_overlapping_one_not_held_is_allowed(other_status):
    other = held_secondment(other_status)
    proposed = SecondmentFactory(person=other.person, starts_on=JAN_1, ends_on=MAR_31)

    approve_secondment(secondment=proposed)

    assert (status_in_database(proposed), status_in_database(other)) == (APPROVED, other_status)


def test_approve_secondment_overlapping_another_persons_approved_one_is_allowed():
    held_secondment()
    proposed = SecondmentFactory(starts_on=JAN_1, ends_on=MAR_31)

    approve_secondment(secondment=proposed)

    assert status_in_database(proposed) == APPROVED


def test_approve_secondment_after_the_clashing_one_is_cancelled_is_allowed():
    held = held_secondment()
    proposed = SecondmentFactory(person=held.person, starts_on=JAN_1, ends_on=MAR_31)
    cancel_secondment(secondment=held)

    approve_secondment(secondment=proposed)

    assert status_in_database(proposed) == APPROVED


def test_start_secondment_does_not_check_overlaps_again():
    """Only approval checks overlaps: a secondment approved is one the person holds."""
    approved = held_secondment(APPROVED, starts_on=JAN_1, ends_on=MAR_31)

    start_secondment(secondment=approved)

    assert status_in_database(approved) == UNDER_WAY
