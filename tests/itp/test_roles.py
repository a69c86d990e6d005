"""The three roles: their permissions, and what they let people do in the admin."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF, setup_roles

pytestmark = pytest.mark.django_db


def member_of(role, username):
    user = get_user_model().objects.create_user(username, password="a-password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)


def test_migrations_create_the_three_roles():
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(
        [PROGRAMME_STAFF, COORDINATORS, PARTICIPANTS]
    )


def test_setup_roles_twice_changes_nothing():
    before = {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    stdout = io.StringIO()

    call_command("setup_roles", stdout=stdout)
    call_command("setup_roles", stdout=stdout)

    after = {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    assert after == before
    assert "Coordinators:" in stdout.getvalue()


def test_setup_roles_restores_a_permission_taken_away():
    staff = Group.objects.get(name=PROGRAMME_STAFF)
    staff.permissions.remove(staff.permissions.get(codename="change_event"))

    setup_roles()

    assert staff.permissions.filter(codename="change_event").exists()


def test_programme_staff_change_everything_and_export_reports():
    user = member_of(PROGRAMME_STAFF, "amelia")

    assert user.has_perms(
        [
            "workshops.change_event",
            "teams.delete_secondment",
            "itp.add_learning",
            "regions.change_person",
            "auth.change_user",
            "itp.export_reports",
            "teams.view_team_only_deliverable",
        ]
    )


def test_coordinators_view_and_export_but_change_nothing_in_the_programme():
    user = member_of(COORDINATORS, "tomas")

    assert user.has_perms(
        ["workshops.view_event", "teams.view_secondment", "itp.export_reports", "auth.add_user"]
    )
    assert not user.has_perm("workshops.change_event")
    assert not user.has_perm("teams.view_team_only_deliverable")


def test_participants_have_no_permissions():
    user = member_of(PARTICIPANTS, "chiara")

    assert user.get_all_permissions() == set()


def test_coordinator_sees_events_in_the_admin_but_cannot_change_them(client, demo):
    client.force_login(member_of(COORDINATORS, "tomas"))

    listing = client.get("/admin/workshops/event/")
    add = client.get("/admin/workshops/event/add/")

    assert listing.status_code == 200
    assert "ITP kick-off workshop, Milan" in listing.content.decode()
    assert add.status_code == 403


def test_coordinator_cannot_make_anyone_superuser_or_give_roles(client):
    coordinator = member_of(COORDINATORS, "tomas")
    client.force_login(coordinator)

    form = client.get(f"/admin/auth/user/{coordinator.pk}/change/").context["adminform"].form

    assert "is_superuser" not in form.fields
    assert "groups" not in form.fields
    assert "user_permissions" not in form.fields


def test_staff_assign_roles_but_cannot_grant_superuser_status(client):
    staff = member_of(PROGRAMME_STAFF, "amelia")
    client.force_login(staff)

    form = client.get(f"/admin/auth/user/{staff.pk}/change/").context["adminform"].form

    assert "groups" in form.fields
    assert "is_superuser" not in form.fields


def test_nobody_but_a_superuser_changes_a_superuser(client, admin_user):
    client.force_login(member_of(PROGRAMME_STAFF, "amelia"))

    response = client.post(
        f"/admin/auth/user/{admin_user.pk}/change/",
        {"username": "taken-over", "is_active": "on"},
    )

    admin_user.refresh_from_db()
    assert response.status_code == 403
    assert admin_user.username == "admin"


def test_participant_cannot_enter_the_admin(client, demo):
    client.force_login(get_user_model().objects.get(username="demo-participant"))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
