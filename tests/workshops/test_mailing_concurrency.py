"""A mailing form submitted twice at the same moment (a double click, two tabs) sends once,
on PostgreSQL with real concurrent transactions."""

import uuid

import pytest

from tests.concurrency import all_at_once, pause_until_all_have, postgresql_only, without_row_locks
from tests.factories import EventFactory, RegistrationFactory
from workshops.models import Mailing, Message
from workshops.services import send_mailing

pytestmark = postgresql_only

SUBMISSIONS = 2


def _is_looking_for_the_token(sql):
    # The check before writing (``.first()``), not the read of the winner's mailing after.
    return 'FROM "workshops_mailing"' in sql and sql.rstrip().endswith("LIMIT 1")


@pytest.mark.parametrize(
    "wrappers",
    [
        pytest.param((), id="with-the-event-locked"),
        # The control run: without the lock both submissions read "not sent yet" before
        # either writes; the unique token still lets only one of them through.
        pytest.param(
            (without_row_locks, pause_until_all_have(SUBMISSIONS, run=_is_looking_for_the_token)),
            id="without-the-lock-the-unique-token-holds",
        ),
    ],
)
def test_one_form_submitted_twice_at_once_sends_once(wrappers, mailoutbox):
    event = EventFactory()
    RegistrationFactory.create_batch(3, event=event)
    token = uuid.uuid4()

    results = all_at_once(
        lambda _submission: send_mailing(
            event=event,
            audience=Mailing.Audience.ALL,
            subject="Practical details",
            body="Bring your badge.",
            sent_by=None,
            token=token,
        ),
        range(SUBMISSIONS),
        wrappers=wrappers,
    )

    assert sorted(created for _mailing, created in results) == [False, True]
    assert Mailing.objects.count() == 1
    assert Message.objects.count() == 3
    assert len(mailoutbox) == 3
