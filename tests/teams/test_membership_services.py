"""Joining and leaving a team: the dates add_membership and end_membership accept and refuse."""

import datetime

import pytest
from django.utils import timezone

from teams.models import Membership
from teams.services import TeamChangeRefused, add_membership, end_membership
from tests.factories import InnovationTeamFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
JAN_1 = datetime.date(2030, 1, 1)
MAR_31 = datetime.date(2030, 3, 31)


def test_add_membership_creates_a_current_membership_from_today():
    team = InnovationTeamFactory()
    person = PersonFactory()

    membership = add_membership(team=team, person=person, role=Membership.Role.EXPERT_ADVISER)

    saved = Membership.objects.get(pk=membership.pk)
    assert (saved.team, saved.person, saved.role, saved.started_on, saved.ended_on) == (
        team,
        person,
        Membership.Role.EXPERT_ADVISER,
        timezone.localdate(),
        None,
    )
    assert list(Membership.objects.current()) == [saved]


def test_add_membership_defaults_to_member_role_and_takes_the_start_date():
    team = InnovationTeamFactory()

    membership = add_membership(team=team, person=PersonFactory(), started_on=team.starts_on)

    assert (membership.role, membership.started_on) == (Membership.Role.MEMBER, team.starts_on)


def test_add_membership_already_a_member_is_refused():
    existing = MembershipFactory(person=PersonFactory(name="Giulia Ferraro"))

    with pytest.raises(TeamChangeRefused) as refused:
        add_membership(team=existing.team, person=existing.person, role=Membership.Role.LEAD)

    assert refused.value.message == "Giulia Ferraro is already a member of this team."
    assert Membership.objects.filter(team=existing.team, person=existing.person).count() == 1


def test_add_membership_starting_before_an_ended_one_ends_is_refused():
    team = InnovationTeamFactory(starts_on=JAN_1, ends_on=None)
    person = PersonFactory(name="Giulia Ferraro")
    MembershipFactory(team=team, person=person, started_on=JAN_1, ended_on=MAR_31)

    with pytest.raises(TeamChangeRefused) as refused:
        add_membership(team=team, person=person, started_on=MAR_31)

    assert refused.value.message == "Giulia Ferraro is already a member of this team."
    assert Membership.objects.filter(team=team, person=person).count() == 1


def test_add_membership_after_the_team_ended_is_refused():
    team = InnovationTeamFactory(starts_on=JAN_1, ends_on=MAR_31)

    with pytest.raises(TeamChangeRefused) as refused:
        add_membership(team=team, person=PersonFactory(), started_on=MAR_31 + DAY)

    assert refused.value.message == "The team has ended by then."
    assert Membership.objects.filter(team=team).count() == 0


def test_add_membership_on_the_teams_last_day_is_allowed():
    team = InnovationTeamFactory(starts_on=JAN_1, ends_on=MAR_31)

    membership = add_membership(team=team, person=PersonFactory(), started_on=MAR_31)

    assert Membership.objects.get(pk=membership.pk).started_on == MAR_31


def test_add_membership_rejoining_the_day_after_leaving_is_allowed():
    team = InnovationTeamFactory(starts_on=JAN_1, ends_on=None)
    existing = MembershipFactory(team=team, started_on=JAN_1, ended_on=None)
    end_membership(membership=existing, ended_on=MAR_31)

    rejoined = add_membership(
        team=existing.team,
        person=existing.person,
        role=Membership.Role.LEAD,
        started_on=MAR_31 + DAY,
    )

    memberships = Membership.objects.filter(team=existing.team, person=existing.person)
    assert sorted(memberships.values_list("started_on", "ended_on", "role")) == [
        (JAN_1, MAR_31, Membership.Role.MEMBER),
        (MAR_31 + DAY, None, Membership.Role.LEAD),
    ]
    assert rejoined.ended_on is None


def test_add_membership_rejoining_on_the_day_of_leaving_is_refused():
    """Both dates are inclusive: whoever leaves on a day is still a member that day."""
    team = InnovationTeamFactory(starts_on=JAN_1, ends_on=None)
    existing = MembershipFactory(team=team, started_on=JAN_1, ended_on=MAR_31)

    with pytest.raises(TeamChangeRefused):
        add_membership(team=team, person=existing.person, started_on=MAR_31)

    assert Membership.objects.filter(team=team, person=existing.person).count() == 1


def test_add_membership_in_another_team_while_a_member_is_allowed():
    existing = MembershipFactory()
    other_team = InnovationTeamFactory()

    add_membership(team=other_team, person=existing.person)

    assert Membership.objects.filter(person=existing.person, ended_on=None).count() == 2


def test_end_membership_sets_the_end_date_today_by_default():
    membership = MembershipFactory()

    ended = end_membership(membership=membership)

    assert ended.ended_on == timezone.localdate()
    assert Membership.objects.get(pk=membership.pk).ended_on == timezone.localdate()


def test_end_membership_on_its_first_day_is_allowed():
    membership = MembershipFactory(started_on=JAN_1)

    end_membership(membership=membership, ended_on=JAN_1)

    assert Membership.objects.get(pk=membership.pk).ended_on == JAN_1


def test_end_membership_twice_is_refused_and_keeps_the_first_date():
    membership = MembershipFactory(started_on=JAN_1)
    end_membership(membership=membership, ended_on=MAR_31)

    with pytest.raises(TeamChangeRefused) as refused:
        end_membership(membership=membership, ended_on=MAR_31 + DAY)

    assert refused.value.message == "This membership has already ended."
    assert Membership.objects.get(pk=membership.pk).ended_on == MAR_31


def test_end_membership_before_it_starts_is_refused():
    membership = MembershipFactory(started_on=MAR_31)

    with pytest.raises(TeamChangeRefused) as refused:
        end_membership(membership=membership, ended_on=MAR_31 - DAY)

    assert refused.value.message == "A membership cannot end before it starts."
    assert Membership.objects.get(pk=membership.pk).ended_on is None
