"""The admin screens for teams, secondments and learnings, driven as staff drive them."""

import pytest
from django.urls import reverse

from itp.models import Learning
from teams.models import Deliverable, InnovationTeam, Membership, Secondment

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
