"""The teams models' clean(): the messages forms and the admin show, on the field they belong to."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from teams.models import Deliverable, Membership, Secondment
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


def messages(error):
    """The ValidationError's messages by field, as plain strings."""
    return {
        field: [str(message) for message in errors] for field, errors in error.message_dict.items()
    }


def test_team_clean_ending_before_it_starts_reports_on_ends_on():
    team = InnovationTeamFactory.build(
        theme=ThemeFactory(), lead_government=GovernmentFactory(), starts_on=JUN_30, ends_on=JAN_1
    )

    with pytest.raises(ValidationError) as raised:
        team.clean()

    assert messages(raised.value) == {"ends_on": ["A team cannot end before it starts."]}


def test_team_full_clean_with_valid_dates_passes():
    team = InnovationTeamFactory(starts_on=JAN_1, ends_on=JAN_1)

    team.full_clean()

    assert team.ends_on == team.starts_on


def test_membership_clean_ending_before_it_starts_reports_on_ended_on():
    membership = MembershipFactory.build(
        team=InnovationTeamFactory(), person=PersonFactory(), started_on=JUN_30, ended_on=JAN_1
    )

    with pytest.raises(ValidationError) as raised:
        membership.clean()

    assert messages(raised.value) == {"ended_on": ["A membership cannot end before it starts."]}


def test_membership_clean_overlapping_another_reports_on_started_on():
    existing = MembershipFactory(started_on=JAN_1, ended_on=JUN_30)
    membership = Membership(
        team=existing.team, person=existing.person, started_on=JUN_30, ended_on=None
    )

    with pytest.raises(ValidationError) as raised:
        membership.clean()

    assert messages(raised.value) == {
        "started_on": ["This person is already a member of the team at that time."]
    }


def test_membership_clean_of_a_saved_membership_does_not_overlap_itself():
    membership = MembershipFactory(started_on=JAN_1, ended_on=None)
    membership.ended_on = JUN_30

    membership.clean()

    assert membership.ended_on == JUN_30


def test_membership_clean_after_an_ended_one_passes():
    existing = MembershipFactory(started_on=JAN_1, ended_on=JUN_30)
    membership = Membership(
        team=existing.team, person=existing.person, started_on=JUN_30 + DAY, ended_on=None
    )

    membership.clean()

    assert membership.started_on == JUN_30 + DAY


def test_deliverable_clean_done_without_date_reports_on_completed_on():
    deliverable = DeliverableFactory.build(
        team=InnovationTeamFactory(), status=Deliverable.Status.DONE, completed_on=None
    )

    with pytest.raises(ValidationError) as raised:
        deliverable.clean()

    assert messages(raised.value) == {"completed_on": ["Say when the deliverable was completed."]}


def test_deliverable_clean_not_done_with_date_reports_on_completed_on():
    deliverable = DeliverableFactory.build(
        team=InnovationTeamFactory(), status=Deliverable.Status.PLANNED, completed_on=JUN_30
    )

    with pytest.raises(ValidationError) as raised:
        deliverable.clean()

    assert messages(raised.value) == {
        "completed_on": ["Only a deliverable that is done has a completion date."]
    }


def test_secondment_clean_ending_before_it_starts_reports_on_ends_on():
    secondment = Secondment(**secondment_fields(starts_on=JUN_30, ends_on=JAN_1))

    with pytest.raises(ValidationError) as raised:
        secondment.clean()

    assert messages(raised.value) == {"ends_on": ["A secondment cannot end before it starts."]}


def test_secondment_clean_with_two_hosts_reports_on_host_organisation():
    secondment = Secondment(**secondment_fields(host_organisation=OrganisationFactory()))

    with pytest.raises(ValidationError) as raised:
        secondment.clean()

    assert messages(raised.value) == {
        "host_organisation": ["Choose one host: a government or an organisation, not both."]
    }


def test_secondment_clean_without_host_reports_on_host_government():
    secondment = Secondment(**secondment_fields(host_government=None))

    with pytest.raises(ValidationError) as raised:
        secondment.clean()

    assert messages(raised.value) == {
        "host_government": ["Choose a host: a government or an organisation."]
    }


def test_secondment_clean_hosted_by_home_government_reports_on_host_government():
    person = PersonFactory()
    secondment = Secondment(
        **secondment_fields(
            person=person, home_government=person.government, host_government=person.government
        )
    )

    with pytest.raises(ValidationError) as raised:
        secondment.clean()

    assert messages(raised.value) == {
        "host_government": ["The host cannot be the home government."]
    }


def test_secondment_clean_approved_overlapping_an_approved_one_reports_on_starts_on():
    held = SecondmentFactory(starts_on=JAN_1, ends_on=JUN_30, status=Secondment.Status.APPROVED)
    secondment = SecondmentFactory.build(
        person=held.person,
        host_government=GovernmentFactory(),
        starts_on=JUN_30,
        ends_on=JUN_30 + 30 * DAY,
        status=Secondment.Status.APPROVED,
    )

    with pytest.raises(ValidationError) as raised:
        secondment.clean()

    assert messages(raised.value) == {
        "starts_on": ["This person has another secondment at that time."]
    }


def test_secondment_clean_proposed_overlapping_an_approved_one_reports_on_starts_on():
    held = SecondmentFactory(starts_on=JAN_1, ends_on=JUN_30, status=Secondment.Status.APPROVED)
    secondment = SecondmentFactory.build(
        person=held.person,
        host_government=GovernmentFactory(),
        starts_on=JUN_30 - DAY,
        ends_on=JUN_30 + DAY,
        status=Secondment.Status.PROPOSED,
    )

    with pytest.raises(ValidationError) as raised:
        secondment.clean()

    assert messages(raised.value) == {
        "starts_on": ["This person has another secondment at that time."]
    }


def test_secondment_clean_proposed_overlapping_another_proposed_one_passes():
    proposed = SecondmentFactory(starts_on=JAN_1, ends_on=JUN_30)
    secondment = SecondmentFactory.build(
        person=proposed.person, host_government=GovernmentFactory(), starts_on=JAN_1, ends_on=JUN_30
    )

    secondment.clean()

    assert secondment.status == Secondment.Status.PROPOSED


def test_secondment_clean_cancelled_overlapping_an_approved_one_passes():
    held = SecondmentFactory(starts_on=JAN_1, ends_on=JUN_30, status=Secondment.Status.APPROVED)
    secondment = SecondmentFactory.build(
        person=held.person,
        host_government=GovernmentFactory(),
        starts_on=JAN_1,
        ends_on=JUN_30,
        status=Secondment.Status.CANCELLED,
    )

    secondment.clean()

    assert secondment.status == Secondment.Status.CANCELLED


def test_secondment_clean_proposed_the_day_after_an_approved_one_passes():
    held = SecondmentFactory(starts_on=JAN_1, ends_on=JUN_30, status=Secondment.Status.APPROVED)
    secondment = SecondmentFactory.build(
        person=held.person,
        host_government=GovernmentFactory(),
        starts_on=JUN_30 + DAY,
        ends_on=JUN_30 + 30 * DAY,
    )

    secondment.clean()

    assert secondment.starts_on == JUN_30 + DAY


def test_secondment_clean_of_a_saved_approved_one_does_not_overlap_itself():
    secondment = SecondmentFactory(status=Secondment.Status.APPROVED)

    secondment.clean()

    assert secondment.status == Secondment.Status.APPROVED


@pytest.mark.parametrize("missing", ["starts_on", "ends_on"])
def test_secondment_full_clean_without_a_date_reports_on_that_field(missing):
    """A missing date is a field error, not a crash in the overlap query (the admin's 500)."""
    secondment = Secondment(**secondment_fields(**{missing: None}))

    with pytest.raises(ValidationError) as raised:
        secondment.full_clean()

    assert messages(raised.value) == {missing: ["This field cannot be null."]}
