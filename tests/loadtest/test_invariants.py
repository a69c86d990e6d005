import pytest
from django.contrib.auth import get_user_model

from loadtest import invariants
from tests.factories import EventFactory, PersonFactory, RegistrationFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db


def _told(user, event, action, result, t):
    return {"t": t, "user": user, "event": event, "action": action, "result": result}


@pytest.fixture
def participant():
    user = get_user_model().objects.create_user(username="loadtest-001", password="x")
    return PersonFactory(user=user)


def test_told_outcomes_hold_when_the_database_agrees(participant):
    event = EventFactory(slug="small")
    RegistrationFactory(event=event, person=participant, status=Registration.Status.CANCELLED)
    outcomes = [
        _told("loadtest-001", "small", "register", "registered", 1),
        _told("loadtest-001", "small", "cancel", "failed", 2),
        _told("loadtest-001", "small", "cancel", "cancelled", 3),
    ]

    result, counts = invariants.told_outcomes_hold(outcomes)

    assert result["passed"], result["detail"]
    assert counts["cancelled"] == 1


@pytest.mark.parametrize(
    ("last_told", "status"),
    [
        # Told the registration failed, yet it exists.
        (("register", "failed"), Registration.Status.REGISTERED),
        # Told it was cancelled, yet the seat is held.
        (("cancel", "cancelled"), Registration.Status.REGISTERED),
        # Told of a seat, yet it is on the waitlist.
        (("register", "registered"), Registration.Status.WAITLISTED),
    ],
)
def test_told_outcomes_break_when_the_database_disagrees(participant, last_told, status):
    event = EventFactory(slug="small")
    RegistrationFactory(
        event=event,
        person=participant,
        status=status,
        waitlist_order=1 if status == Registration.Status.WAITLISTED else None,
    )

    result, _ = invariants.told_outcomes_hold([_told("loadtest-001", "small", *last_told, 1)])

    assert not result["passed"]
    assert "loadtest-001 at small" in result["detail"]


def test_errors_only_where_allowed_accepts_5xx_in_the_postgresql_window_alone():
    faults = [
        {"name": "SIGKILL one app server", "began": 10.0, "ended": 20.0},
        {"name": "restart PostgreSQL", "began": 30.0, "ended": 33.0},
    ]
    in_restart = {"t": 31.0, "name": "/events/", "status": 500}
    in_kill = {"t": 12.0, "name": "/events/", "status": 502}
    outside = {"t": 50.0, "name": "/", "status": 0}
    fine = {"t": 12.0, "name": "/", "status": 200}

    assert invariants.errors_only_where_allowed([in_restart, fine], faults)["passed"]
    assert not invariants.errors_only_where_allowed([in_kill], faults)["passed"]
    assert not invariants.errors_only_where_allowed([outside], faults)["passed"]
