"""The three roles: their permissions, and what they let people do in the admin."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from itp.roles import (
    COORDINATORS,
    PARTICIPANTS,
    PROGRAMME_STAFF,
    assignable_groups,
    holds_more_than,
    setup_roles,
)
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def member_of(role, username):
    return UserFactory(username=username, is_staff=True, roles=[role])


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
        ["workshops.view_event", "teams.view_secondment", "itp.export_reports", "auth.view_user"]
    )
    assert not user.has_perm("workshops.change_event")
    assert not user.has_perm("teams.view_team_only_deliverable")


def test_coordinators_only_view_login_accounts():
    user = member_of(COORDINATORS, "tomas")

    assert sorted(name for name in user.get_all_permissions() if name.startswith("auth.")) == [
        "auth.view_user"
    ]


def test_migrate_takes_account_management_away_from_coordinators_of_an_existing_database():
    """Before issue 13 coordinators could add and change accounts; ``migrate`` ends that."""
    coordinators = Group.objects.get(name=COORDINATORS)
    coordinators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="auth", codename__in=["add_user", "change_user"]
        )
    )

    call_command("migrate", verbosity=0)

    assert sorted(
        coordinators.permissions.filter(content_type__app_label="auth").values_list(
            "codename", flat=True
        )
    ) == ["view_user"]


def test_participants_have_no_permissions():
    user = member_of(PARTICIPANTS, "chiara")

    assert user.get_all_permissions() == set()


def test_coordinator_sees_events_in_the_admin_but_cannot_change_them(coordinator_client):
    EventFactory(title="ITP kick-off workshop, Milan")

    listing = coordinator_client.get("/admin/workshops/event/")
    add = coordinator_client.get("/admin/workshops/event/add/")

    assert listing.status_code == 200
    assert "ITP kick-off workshop, Milan" in listing.content.decode()
    assert add.status_code == 403


def test_coordinator_sees_their_own_account_but_cannot_change_it(client):
    coordinator = member_of(COORDINATORS, "tomas")
    client.force_login(coordinator)

    page = client.get(f"/admin/auth/user/{coordinator.pk}/change/")
    response = client.post(
        f"/admin/auth/user/{coordinator.pk}/change/",
        {"username": "tomas", "is_active": "on", "is_staff": "on", "is_superuser": "on"},
    )

    coordinator.refresh_from_db()
    assert page.status_code == 200
    assert [
        name for name, field in page.context["adminform"].form.fields.items() if not field.disabled
    ] == []
    assert response.status_code == 403
    assert not coordinator.is_superuser


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


def test_participant_cannot_enter_the_admin(participant_client):
    response = participant_client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_an_account_holds_more_than_whoever_lacks_one_of_its_permissions():
    staff = member_of(PROGRAMME_STAFF, "amelia")
    peer = member_of(PROGRAMME_STAFF, "bruno")
    coordinator = member_of(COORDINATORS, "tomas")
    peer_with_more = member_of(PROGRAMME_STAFF, "carla")
    peer_with_more.user_permissions.add(Permission.objects.get(codename="delete_user"))

    assert not holds_more_than(peer, staff)
    assert not holds_more_than(coordinator, staff)
    assert not holds_more_than(staff, staff)
    assert holds_more_than(peer_with_more, staff)
    assert holds_more_than(staff, coordinator)


def test_a_superuser_holds_more_than_everyone_but_another_superuser(admin_user):
    staff = member_of(PROGRAMME_STAFF, "amelia")
    other_superuser = get_user_model().objects.create_superuser("root", password="a-password")

    assert holds_more_than(admin_user, staff)
    assert not holds_more_than(staff, admin_user)
    assert not holds_more_than(other_superuser, admin_user)


def test_an_inactive_account_still_holds_its_permissions():
    staff = member_of(PROGRAMME_STAFF, "amelia")
    dormant = member_of(PROGRAMME_STAFF, "dora")
    dormant.user_permissions.add(Permission.objects.get(codename="delete_user"))
    dormant.is_active = False
    dormant.save()

    assert dormant.get_all_permissions() == set()
    assert holds_more_than(dormant, staff)


def test_staff_may_assign_only_groups_whose_permissions_they_hold(admin_user):
    account_managers = Group.objects.create(name="Account managers")
    account_managers.permissions.add(Permission.objects.get(codename="delete_user"))
    staff = member_of(PROGRAMME_STAFF, "amelia")

    assert sorted(assignable_groups(staff).values_list("name", flat=True)) == sorted(
        [PROGRAMME_STAFF, COORDINATORS, PARTICIPANTS]
    )
    assert assignable_groups(admin_user).filter(name="Account managers").exists()
