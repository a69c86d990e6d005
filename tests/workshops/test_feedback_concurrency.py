"""Two answers to one survey sent at the same moment save one (PostgreSQL: real row locks)."""

import datetime

from django.utils import timezone

from tests.concurrency import all_at_once, pause_until_all_have, postgresql_only, without_row_locks
from tests.factories import EventFactory, RegistrationFactory
from workshops.feedback import FeedbackAlreadyGiven, submit_feedback
from workshops.models import FeedbackResponse, Registration

pytestmark = postgresql_only


def _submit(arguments):
    registration, rating = arguments
    try:
        return submit_feedback(registration=registration, rating=rating).rating
    except FeedbackAlreadyGiven:
        return "refused"


def test_two_answers_at_once_save_one():
    ends_at = timezone.now() - datetime.timedelta(days=1)
    registration = RegistrationFactory(
        event=EventFactory(starts_at=ends_at - datetime.timedelta(hours=8), ends_at=ends_at),
        status=Registration.Status.ATTENDED,
    )

    results = all_at_once(_submit, [(registration, 2), (registration, 5)])

    assert sorted(results, key=str) == sorted(
        [FeedbackResponse.objects.get().rating, "refused"], key=str
    )
    assert FeedbackResponse.objects.count() == 1


def _is_looking_for_an_answer(sql):
    return sql.lstrip().upper().startswith("SELECT") and "workshops_feedbackresponse" in sql


def test_without_the_row_lock_the_unique_constraint_still_saves_one():
    """Both answers look for an existing one before either writes (the race the lock
    prevents); the database's unique constraint then refuses the second."""
    ends_at = timezone.now() - datetime.timedelta(days=1)
    registration = RegistrationFactory(
        event=EventFactory(starts_at=ends_at - datetime.timedelta(hours=8), ends_at=ends_at),
        status=Registration.Status.ATTENDED,
    )

    results = all_at_once(
        _submit,
        [(registration, 2), (registration, 5)],
        wrappers=(without_row_locks, pause_until_all_have(2, run=_is_looking_for_an_answer)),
    )

    assert results.count("refused") == 1
    assert FeedbackResponse.objects.count() == 1
