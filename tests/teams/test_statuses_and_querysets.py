"""What the teams models derive from their dates and statuses: a team's status, overdue
deliverables, a secondment's length and what the public sees."""

import datetime

import pytest
from django.utils import timezone

from teams.models import Deliverable, InnovationTeam, Secondment
from tests.factories import (
    DeliverableFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    PersonFactory,
    SecondmentFactory,
)
from tests.teams.model_fields import JAN_1

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# Team status, derived from the dates.


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "expected"),
    [
        (JAN_1 + DAY, None, InnovationTeam.Status.FORMING),
        (JAN_1, None, InnovationTeam.Status.ACTIVE),
        (JAN_1 - 100 * DAY, None, InnovationTeam.Status.ACTIVE),
        (JAN_1 - 100 * DAY, JAN_1, InnovationTeam.Status.ACTIVE),
        (JAN_1 - 100 * DAY, JAN_1 - DAY, InnovationTeam.Status.CONCLUDED),
    ],
    ids=[
        "starts-tomorrow",
        "starts-today",
        "open-ended",
        "ends-today",
        "ended-yesterday",
    ],
)
def test_team_status_on_follows_the_dates(starts_on, ends_on, expected):
    team = InnovationTeamFactory(starts_on=starts_on, ends_on=ends_on)

    status = team.status_on(JAN_1)

    assert status == expected


def test_team_status_today_is_active_between_its_dates():
    team = InnovationTeamFactory()

    assert (team.status, team.get_status_display()) == (InnovationTeam.Status.ACTIVE, "Active")


def make_teams_around(today):
    """One team of each status on ``today``, with the edge dates that decide them."""
    return {
        "forming": InnovationTeamFactory(name="Forming", starts_on=today + DAY, ends_on=None),
        "starts today": InnovationTeamFactory(
            name="Starts today", starts_on=today, ends_on=today + 30 * DAY
        ),
        "ends today": InnovationTeamFactory(
            name="Ends today", starts_on=today - 30 * DAY, ends_on=today
        ),
        "open-ended": InnovationTeamFactory(
            name="Open-ended", starts_on=today - 30 * DAY, ends_on=None
        ),
        "concluded": InnovationTeamFactory(
            name="Concluded", starts_on=today - 30 * DAY, ends_on=today - DAY
        ),
    }


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


def test_team_queryset_forming_starts_after_today():
    make_teams_around(JAN_1)

    forming = InnovationTeam.objects.forming(JAN_1)

    assert names(forming) == ["Forming"]


def test_team_queryset_active_includes_both_edge_days():
    make_teams_around(JAN_1)

    active = InnovationTeam.objects.active(JAN_1)

    assert names(active) == ["Ends today", "Open-ended", "Starts today"]


def test_team_queryset_concluded_ended_before_today():
    make_teams_around(JAN_1)

    concluded = InnovationTeam.objects.concluded(JAN_1)

    assert names(concluded) == ["Concluded"]


@pytest.mark.parametrize("status", InnovationTeam.Status.values)
def test_team_queryset_with_status_agrees_with_status_on(status):
    teams = make_teams_around(JAN_1)
    expected = sorted(team.name for team in teams.values() if team.status_on(JAN_1) == status)

    matching = InnovationTeam.objects.with_status(status, JAN_1)

    assert names(matching) == expected


def test_team_queryset_with_status_defaults_to_today():
    InnovationTeamFactory(name="Running")
    InnovationTeamFactory(
        name="Future",
        starts_on=timezone.localdate() + 10 * DAY,
        ends_on=timezone.localdate() + 20 * DAY,
    )

    active = InnovationTeam.objects.with_status(InnovationTeam.Status.ACTIVE)

    assert names(active) == ["Running"]


# Deliverables overdue.


@pytest.mark.parametrize(
    ("due_on", "status", "expected"),
    [
        (JAN_1 - DAY, Deliverable.Status.PLANNED, True),
        (JAN_1 - DAY, Deliverable.Status.IN_PROGRESS, True),
        (JAN_1, Deliverable.Status.PLANNED, False),
        (JAN_1 + DAY, Deliverable.Status.IN_PROGRESS, False),
    ],
    ids=["planned-due-yesterday", "in-progress-due-yesterday", "due-today", "due-tomorrow"],
)
def test_deliverable_is_overdue_on_after_due_date_unless_done(due_on, status, expected):
    deliverable = DeliverableFactory(due_on=due_on, status=status)

    assert deliverable.is_overdue_on(JAN_1) is expected


def test_deliverable_done_late_is_not_overdue():
    deliverable = DeliverableFactory(
        due_on=JAN_1 - 10 * DAY, status=Deliverable.Status.DONE, completed_on=JAN_1 - DAY
    )

    assert deliverable.is_overdue_on(JAN_1) is False


def test_deliverable_is_overdue_uses_today():
    late = DeliverableFactory(due_on=timezone.localdate() - DAY)
    on_time = DeliverableFactory(due_on=timezone.localdate())

    assert (late.is_overdue, on_time.is_overdue) == (True, False)


def test_deliverable_queryset_overdue_excludes_done_and_not_yet_due():
    team = InnovationTeamFactory()
    DeliverableFactory(team=team, title="Late plan", due_on=JAN_1 - DAY)
    DeliverableFactory(
        team=team, title="Late report", due_on=JAN_1 - DAY, status=Deliverable.Status.IN_PROGRESS
    )
    DeliverableFactory(team=team, title="Due today", due_on=JAN_1)
    DeliverableFactory(
        team=team,
        title="Done late",
        due_on=JAN_1 - DAY,
        status=Deliverable.Status.DONE,
        completed_on=JAN_1,
    )

    overdue = Deliverable.objects.overdue(JAN_1)

    assert sorted(overdue.values_list("title", flat=True)) == ["Late plan", "Late report"]


# Secondments: duration and what the public sees.


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "expected"),
    [
        (JAN_1, JAN_1, 1),
        (JAN_1, JAN_1 + DAY, 2),
        (JAN_1, datetime.date(2025, 12, 31), 365),
    ],
    ids=["same-day", "two-days", "whole-year"],
)
def test_secondment_duration_days_counts_both_ends(starts_on, ends_on, expected):
    secondment = SecondmentFactory(starts_on=starts_on, ends_on=ends_on)

    assert secondment.duration_days == expected


def test_secondment_queryset_public_only_approved_under_way_or_completed():
    for status in Secondment.Status.values:
        SecondmentFactory(status=status, purpose=status)

    public = Secondment.objects.public()

    assert sorted(public.values_list("status", flat=True)) == [
        "approved",
        "completed",
        "under_way",
    ]


def test_secondment_str_names_person_and_host():
    person = PersonFactory(name="Giulia Ferraro")
    host = GovernmentFactory(name="Upper Austria")

    secondment = SecondmentFactory(person=person, host_government=host)

    assert str(secondment) == "Giulia Ferraro at Upper Austria"


def test_secondment_status_groups_name_only_statuses_that_exist():
    groups = {"held": Secondment.Status.held, "cancellable": Secondment.Status.cancellable}

    unknown = {
        name: sorted(set(group) - set(Secondment.Status.values)) for name, group in groups.items()
    }

    assert unknown == {"held": [], "cancellable": []}
    assert "held" not in Secondment.Status.values
