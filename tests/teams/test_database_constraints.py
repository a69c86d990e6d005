"""The teams models' database constraints: each write goes straight to the database, past
clean()."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from teams.models import Deliverable, InnovationTeam, Membership, Secondment
from tests.factories import (
    DeliverableFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SecondmentFactory,
    ThemeFactory,
)
from tests.teams.model_fields import JAN_1, JUN_30, secondment_fields

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_team_ending_before_it_starts_is_refused_by_the_database():
    theme = ThemeFactory()
    government = GovernmentFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        InnovationTeam.objects.create(
            name="Hydrogen valleys",
            slug="hydrogen-valleys",
            challenge="Build regional hydrogen supply chains.",
            theme=theme,
            lead_government=government,
            starts_on=JUN_30,
            ends_on=JUN_30 - DAY,
        )

    assert InnovationTeam.objects.count() == 0


def test_team_without_end_date_is_accepted_by_the_database():
    team = InnovationTeamFactory(starts_on=JAN_1, ends_on=None)

    assert InnovationTeam.objects.get(pk=team.pk).ends_on is None


def test_membership_ending_before_it_starts_is_refused_by_the_database():
    team = InnovationTeamFactory()
    person = PersonFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(team=team, person=person, started_on=JUN_30, ended_on=JAN_1)

    assert Membership.objects.count() == 0


def test_membership_second_open_one_for_same_person_and_team_is_refused_by_the_database():
    first = MembershipFactory(ended_on=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            team=first.team, person=first.person, started_on=first.started_on + DAY
        )

    assert Membership.objects.filter(team=first.team, person=first.person).count() == 1


def test_membership_open_one_after_an_ended_one_is_accepted_by_the_database():
    ended = MembershipFactory(started_on=JAN_1, ended_on=JUN_30)

    Membership.objects.create(team=ended.team, person=ended.person, started_on=JUN_30 + DAY)

    assert Membership.objects.filter(team=ended.team, person=ended.person).count() == 2


def test_membership_open_ones_for_same_person_in_two_teams_are_accepted_by_the_database():
    person = PersonFactory()

    MembershipFactory(person=person)
    MembershipFactory(person=person)

    assert Membership.objects.filter(person=person, ended_on__isnull=True).count() == 2


def test_deliverable_done_without_completion_date_is_refused_by_the_database():
    deliverable = DeliverableFactory()
    deliverable.status = Deliverable.Status.DONE

    with pytest.raises(IntegrityError), transaction.atomic():
        deliverable.save()

    assert Deliverable.objects.get(pk=deliverable.pk).status == Deliverable.Status.PLANNED


def test_deliverable_not_done_with_completion_date_is_refused_by_the_database():
    team = InnovationTeamFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Deliverable.objects.create(
            team=team,
            title="Regional heat map",
            kind=Deliverable.Kind.REPORT,
            due_on=JUN_30,
            status=Deliverable.Status.IN_PROGRESS,
            completed_on=JUN_30,
        )

    assert Deliverable.objects.count() == 0


def test_deliverable_done_with_completion_date_is_accepted_by_the_database():
    deliverable = DeliverableFactory(status=Deliverable.Status.DONE, completed_on=JUN_30)

    assert Deliverable.objects.get(pk=deliverable.pk).completed_on == JUN_30


def test_secondment_ending_before_it_starts_is_refused_by_the_database():
    fields = secondment_fields(starts_on=JUN_30, ends_on=JAN_1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Secondment.objects.create(**fields)

    assert Secondment.objects.count() == 0


def test_secondment_of_one_day_is_accepted_by_the_database():
    secondment = Secondment.objects.create(**secondment_fields(starts_on=JAN_1, ends_on=JAN_1))

    assert Secondment.objects.get(pk=secondment.pk).duration_days == 1


def test_secondment_with_two_hosts_is_refused_by_the_database():
    fields = secondment_fields(host_organisation=OrganisationFactory())

    with pytest.raises(IntegrityError), transaction.atomic():
        Secondment.objects.create(**fields)

    assert Secondment.objects.count() == 0


def test_secondment_without_host_is_refused_by_the_database():
    fields = secondment_fields(host_government=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        Secondment.objects.create(**fields)

    assert Secondment.objects.count() == 0


def test_secondment_hosted_by_its_home_government_is_refused_by_the_database():
    person = PersonFactory()
    fields = secondment_fields(
        person=person, home_government=person.government, host_government=person.government
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Secondment.objects.create(**fields)

    assert Secondment.objects.count() == 0


def test_secondment_hosted_by_an_organisation_is_accepted_by_the_database():
    organisation = OrganisationFactory()

    secondment = SecondmentFactory(host_government=None, host_organisation=organisation)

    assert Secondment.objects.get(pk=secondment.pk).host == organisation
