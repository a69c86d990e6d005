import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

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

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
JAN_1 = datetime.date(2025, 1, 1)
JUN_30 = datetime.date(2025, 6, 30)


def messages(error):
    """The ValidationError's messages by field, as plain strings."""
    return {
        field: [str(message) for message in errors] for field, errors in error.message_dict.items()
    }


# Database constraints: each write goes straight to the database, past clean().


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


def secondment_fields(**overrides):
    person = PersonFactory()
    fields = {
        "person": person,
        "home_government": person.government,
        "host_government": GovernmentFactory(),
        "host_organisation": None,
        "starts_on": JAN_1,
        "ends_on": JUN_30,
        "purpose": "Learn how the host runs its permitting desk.",
    }
    return fields | overrides


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


# clean(): the messages forms and the admin show, on the field they belong to.


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
