"""The admin screens for teams, secondments and learnings, driven as staff drive them."""

import datetime

import pytest
from django.urls import reverse

from itp.models import Learning
from teams.models import Deliverable, InnovationTeam, Membership, Secondment
from teams.services import TeamChangeRefused, add_membership
from tests.factories import (
    GovernmentFactory,
    InnovationTeamFactory,
    PersonFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def run_action(client, model, action, objects):
    return client.post(
        changelist(model),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


@pytest.mark.parametrize("model", [InnovationTeam, Membership, Deliverable, Secondment, Learning])
def test_changelist_and_change_form_render_for_staff(admin_client, demo, model):
    obj = model.objects.order_by("pk").first()

    listing = admin_client.get(changelist(model))
    form = admin_client.get(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    )

    assert (listing.status_code, form.status_code) == (200, 200)
    assert listing.context["cl"].result_count == model.objects.count()


def test_team_changelist_filters_on_the_status_derived_from_dates(admin_client, demo):
    response = admin_client.get(changelist(InnovationTeam), {"status": "concluded"})

    assert [team.slug for team in response.context["cl"].result_list] == [
        "finance-for-industrial-decarbonisation"
    ]


def test_deliverable_changelist_filters_overdue(admin_client, demo):
    response = admin_client.get(changelist(Deliverable), {"overdue": "yes"})

    assert [d.title for d in response.context["cl"].result_list] == [
        "Regulatory barriers to heat recovery"
    ]


def test_secondment_approve_action_takes_the_step(admin_client, demo):
    proposed = Secondment.objects.get(status=Secondment.Status.PROPOSED)

    response = run_action(admin_client, Secondment, "approve", [proposed])

    proposed.refresh_from_db()
    assert proposed.status == Secondment.Status.APPROVED
    assert "1 secondment changed." in response.text


def test_secondment_action_refuses_an_illegal_step_with_a_message(admin_client, demo):
    proposed = Secondment.objects.get(status=Secondment.Status.PROPOSED)

    response = run_action(admin_client, Secondment, "complete", [proposed])

    proposed.refresh_from_db()
    assert proposed.status == Secondment.Status.PROPOSED
    assert "A secondment that is proposed cannot be completed." in response.text


def test_secondment_status_cannot_be_typed_in_the_form(admin_client, demo):
    proposed = Secondment.objects.get(status=Secondment.Status.PROPOSED)
    url = reverse("admin:teams_secondment_change", args=[proposed.pk])

    response = admin_client.get(url)

    assert "status" not in response.context["adminform"].form.fields


def test_secondment_add_form_refuses_two_hosts_with_a_message_on_the_field(admin_client, demo):
    callum = Secondment.objects.get(status=Secondment.Status.COMPLETED)
    before = Secondment.objects.count()

    response = admin_client.post(
        reverse("admin:teams_secondment_add"),
        {
            "person": callum.person_id,
            "home_government": callum.home_government_id,
            "host_government": callum.host_government_id,
            "host_organisation": Secondment.objects.exclude(host_organisation=None)
            .first()
            .host_organisation_id,
            "starts_on": "2030-01-07",
            "ends_on": "2030-02-07",
            "purpose": "A second look at hydrogen clusters.",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["host_organisation"] == [
        "Choose one host: a government or an organisation, not both."
    ]
    assert Secondment.objects.count() == before


def test_learning_publish_and_withdraw_actions(admin_client, demo):
    learning = Learning.objects.get(slug="irecovery-waste-heat-ori-martin")

    run_action(admin_client, Learning, "unpublish", [learning])
    learning.refresh_from_db()
    withdrawn = (learning.is_published, learning.published_on.isoformat())
    run_action(admin_client, Learning, "publish", [learning])
    learning.refresh_from_db()

    assert withdrawn == (False, "2019-05-15")
    assert (learning.is_published, learning.published_on.isoformat()) == (True, "2019-05-15")


def test_deliverable_mark_done_action_records_the_completion_date(admin_client, demo):
    planned = Deliverable.objects.get(title="Regulatory barriers to heat recovery")

    run_action(admin_client, Deliverable, "mark_done", [planned])

    planned.refresh_from_db()
    assert planned.status == Deliverable.Status.DONE
    assert planned.completed_on is not None
    assert not planned.is_overdue


def test_membership_end_today_action_ends_open_memberships_only(admin_client, demo):
    open_membership = Membership.objects.filter(ended_on=None).order_by("pk").first()
    ended = Membership.objects.exclude(ended_on=None).get()
    ended_on = ended.ended_on

    response = run_action(admin_client, Membership, "end_today", [open_membership, ended])

    open_membership.refresh_from_db()
    ended.refresh_from_db()
    assert open_membership.ended_on is not None
    assert ended.ended_on == ended_on
    assert "This membership has already ended." in response.text
    assert "1 membership ended." in response.text


# The membership inline and the membership form write memberships as the service does: what
# ``services.add_membership`` refuses, they refuse too, with the reason on the form.


def team_form_with_new_members(team, rows):
    """The POST of the team's change form, the team unchanged, with ``rows`` (person, start,
    end) added as new memberships in the inline."""
    data = {
        "name_en": team.name,
        "slug": team.slug,
        "challenge_en": team.challenge,
        "theme": team.theme_id,
        "lead_government": team.lead_government_id,
        "starts_on": team.starts_on.isoformat(),
        "ends_on": team.ends_on.isoformat() if team.ends_on else "",
        "summary_en": team.summary,
        "memberships-TOTAL_FORMS": len(rows),
        "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
        "deliverables-TOTAL_FORMS": 0,
        "deliverables-INITIAL_FORMS": 0,
        "deliverables-MIN_NUM_FORMS": 0,
        "deliverables-MAX_NUM_FORMS": 1000,
    }
    for index, (person, started_on, ended_on) in enumerate(rows):
        data |= {
            f"memberships-{index}-person": person.pk,
            f"memberships-{index}-role": Membership.Role.MEMBER,
            f"memberships-{index}-started_on": started_on.isoformat(),
            f"memberships-{index}-ended_on": ended_on.isoformat() if ended_on else "",
        }
    return data


def team_change_url(team):
    return reverse("admin:teams_innovationteam_change", args=[team.pk])


def inline_errors(response):
    """The messages of the membership inline's errors, of its rows and of the whole."""
    (formset,) = (
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "memberships"
    )
    rows = [
        message for form in formset.errors for messages in form.values() for message in messages
    ]
    return [*formset.non_form_errors(), *rows]


def test_membership_inline_refuses_a_start_after_the_team_ended_as_the_service_does(
    admin_client,
):
    team = InnovationTeamFactory(
        starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2024, 12, 31)
    )
    person = PersonFactory()
    after_the_end = datetime.date(2025, 3, 1)
    with pytest.raises(TeamChangeRefused, match="The team has ended by then."):
        add_membership(team=team, person=person, started_on=after_the_end)

    response = admin_client.post(
        team_change_url(team), team_form_with_new_members(team, [(person, after_the_end, None)])
    )

    assert response.status_code == 200
    assert inline_errors(response) == ["The team has ended by then."]
    assert Membership.objects.filter(team=team).count() == 0


def test_membership_inline_refuses_two_rows_of_one_person_at_the_same_time(admin_client):
    team = InnovationTeamFactory()
    person = PersonFactory()
    first_start = team.starts_on
    second_start = team.starts_on + datetime.timedelta(days=10)
    add_membership(team=team, person=PersonFactory(), started_on=first_start)

    response = admin_client.post(
        team_change_url(team),
        team_form_with_new_members(
            team,
            [
                (person, first_start, first_start + datetime.timedelta(days=30)),
                (person, second_start, None),
            ],
        ),
    )

    assert response.status_code == 200
    assert inline_errors(response) == ["This person is already a member of the team at that time."]
    assert Membership.objects.filter(team=team, person=person).count() == 0


def test_membership_inline_accepts_successive_memberships_of_one_person(admin_client):
    team = InnovationTeamFactory()
    person = PersonFactory()
    first_end = team.starts_on + datetime.timedelta(days=9)

    response = admin_client.post(
        team_change_url(team),
        team_form_with_new_members(
            team,
            [
                (person, team.starts_on, first_end),
                (person, first_end + datetime.timedelta(days=1), None),
            ],
        ),
    )

    assert response.status_code == 302
    assert list(
        Membership.objects.filter(team=team, person=person)
        .order_by("started_on")
        .values_list("started_on", "ended_on")
    ) == [(team.starts_on, first_end), (first_end + datetime.timedelta(days=1), None)]


def test_membership_form_refuses_a_start_after_the_team_ended(admin_client):
    team = InnovationTeamFactory(
        starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2024, 12, 31)
    )

    response = admin_client.post(
        reverse("admin:teams_membership_add"),
        {
            "team": team.pk,
            "person": PersonFactory().pk,
            "role": Membership.Role.MEMBER,
            "started_on": "2025-03-01",
            "ended_on": "",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "started_on": ["The team has ended by then."]
    }
    assert Membership.objects.count() == 0


def test_team_added_with_members_refuses_one_starting_after_its_end(admin_client):
    unsaved = InnovationTeamFactory.build(
        theme=ThemeFactory(),
        lead_government=GovernmentFactory(),
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    on_time, too_late = PersonFactory(), PersonFactory()
    rows = [(on_time, datetime.date(2023, 2, 1), None), (too_late, datetime.date(2025, 1, 1), None)]

    refused = admin_client.post(
        reverse("admin:teams_innovationteam_add"), team_form_with_new_members(unsaved, rows)
    )
    accepted = admin_client.post(
        reverse("admin:teams_innovationteam_add"), team_form_with_new_members(unsaved, rows[:1])
    )

    assert inline_errors(refused) == ["The team has ended by then."]
    assert accepted.status_code == 302
    assert list(Membership.objects.values_list("team__name", "person")) == [
        (unsaved.name, on_time.pk)
    ]
