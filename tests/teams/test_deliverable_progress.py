"""Recording a deliverable's progress: its status, completion date and summary."""

import datetime

import pytest
from django.utils import timezone

from teams.models import Deliverable
from teams.services import TeamChangeRefused, record_deliverable_progress
from tests.factories import DeliverableFactory

pytestmark = pytest.mark.django_db

JAN_1 = datetime.date(2030, 1, 1)
MAR_31 = datetime.date(2030, 3, 31)


def test_record_deliverable_progress_done_sets_completed_on_today():
    deliverable = DeliverableFactory(status=Deliverable.Status.IN_PROGRESS)

    record_deliverable_progress(deliverable=deliverable, status=Deliverable.Status.DONE)

    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.completed_on) == (
        Deliverable.Status.DONE,
        timezone.localdate(),
    )


def test_record_deliverable_progress_done_takes_the_given_date():
    deliverable = DeliverableFactory()

    record_deliverable_progress(
        deliverable=deliverable, status=Deliverable.Status.DONE, completed_on=MAR_31
    )

    assert Deliverable.objects.get(pk=deliverable.pk).completed_on == MAR_31


def test_record_deliverable_progress_done_again_keeps_the_completion_date():
    deliverable = DeliverableFactory(status=Deliverable.Status.DONE, completed_on=JAN_1)

    record_deliverable_progress(deliverable=deliverable, status=Deliverable.Status.DONE)

    assert Deliverable.objects.get(pk=deliverable.pk).completed_on == JAN_1


def test_record_deliverable_progress_moving_back_from_done_clears_completed_on():
    deliverable = DeliverableFactory(status=Deliverable.Status.DONE, completed_on=JAN_1)

    record_deliverable_progress(deliverable=deliverable, status=Deliverable.Status.IN_PROGRESS)

    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.completed_on) == (
        Deliverable.Status.IN_PROGRESS,
        None,
    )


def test_record_deliverable_progress_unknown_status_is_refused():
    deliverable = DeliverableFactory(status=Deliverable.Status.IN_PROGRESS)

    with pytest.raises(TeamChangeRefused) as refused:
        record_deliverable_progress(deliverable=deliverable, status="finished")

    assert refused.value.message == "“finished” is not a deliverable status."
    assert Deliverable.objects.get(pk=deliverable.pk).status == Deliverable.Status.IN_PROGRESS


def test_record_deliverable_progress_updates_the_summary():
    deliverable = DeliverableFactory(summary="First draft.")

    record_deliverable_progress(
        deliverable=deliverable,
        status=Deliverable.Status.IN_PROGRESS,
        summary="Two of five furnaces surveyed.",
    )

    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.summary) == (
        Deliverable.Status.IN_PROGRESS,
        "Two of five furnaces surveyed.",
    )


def test_record_deliverable_progress_without_summary_keeps_it():
    deliverable = DeliverableFactory(summary="First draft.")

    record_deliverable_progress(deliverable=deliverable, status=Deliverable.Status.IN_PROGRESS)

    assert Deliverable.objects.get(pk=deliverable.pk).summary == "First draft."
