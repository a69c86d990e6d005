import datetime

import pytest
from django.utils import timezone

from teams.models import Deliverable, Membership, Secondment
from teams.services import (
    SecondmentStepRefused,
    TeamChangeRefused,
    add_membership,
    approve_secondment,
    cancel_secondment,
    complete_secondment,
    end_membership,
    record_deliverable_progress,
    start_secondment,
)
from tests.factories import (
    DeliverableFactory,
    InnovationTeamFactory,
    MembershipFactory,
    PersonFactory,
    SecondmentFactory,
)

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


# Memberships.


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


# Deliverable progress.


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
