"""The named ways of raising an account above its holder's powers in the admin, each refused
(the table of every role, account and action is in test_user_admin.py)."""

import pytest
from django.contrib.auth.models import Group

from itp.roles import PROGRAMME_STAFF
from tests.conftest import DEMO_PASSWORD
from tests.factories import PASSWORD
from tests.itp.accounts import (
    NEW_PASSWORD,
    STAFF_LACK,
    User,
    account,
    change_form_data,
    permission,
    state_of,
)

pytestmark = pytest.mark.django_db


def test_coordinator_cannot_take_over_a_staff_account_through_its_password_form(client, demo):
    """The attack of issue 13, as the demo coordinator against a Programme staff member."""
    member = account(PROGRAMME_STAFF, username="amelia")
    client.force_login(User.objects.get(username="demo-coordinator"))

    page = client.get(f"/admin/auth/user/{member.pk}/password/")
    response = client.post(
        f"/admin/auth/user/{member.pk}/password/",
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    client.logout()

    assert (page.status_code, response.status_code) == (403, 403)
    assert not client.login(username="amelia", password=NEW_PASSWORD)
    assert client.login(username="amelia", password=PASSWORD)


def test_coordinator_sees_accounts_but_every_field_is_read_only(client, actors, targets):
    client.force_login(actors["coordinator"])

    listing = client.get("/admin/auth/user/")
    page = client.get(f"/admin/auth/user/{targets['staff'].pk}/change/")

    assert listing.status_code == 200
    assert targets["staff"].username in listing.content.decode()
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert [name for name, field in form.fields.items() if not field.disabled] == []
    # Django's page keeps its "Reset password" link; following it is refused.
    assert client.get(f"/admin/auth/user/{targets['staff'].pk}/password/").status_code == 403


def test_coordinator_cannot_add_an_account(client, actors):
    client.force_login(actors["coordinator"])
    count = User.objects.count()

    page = client.get("/admin/auth/user/add/")
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "planted",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert (page.status_code, response.status_code) == (403, 403)
    assert User.objects.count() == count


def test_staff_cannot_create_a_superuser_or_grant_anything_through_the_add_form(client, actors):
    client.force_login(actors["staff"])
    account_managers = Group.objects.create(name="Account managers")
    account_managers.permissions.add(permission(*STAFF_LACK))

    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "planted",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [account_managers.pk],
            "user_permissions": [permission(*STAFF_LACK).pk],
        },
    )

    planted = User.objects.get(username="planted")
    assert response.status_code == 302
    assert not planted.is_superuser
    assert state_of(planted.pk)["groups"] == []
    assert state_of(planted.pk)["permissions"] == []


def test_staff_cannot_add_themselves_to_a_group_that_holds_more(client, actors):
    staff = actors["staff"]
    client.force_login(staff)
    account_managers = Group.objects.create(name="Account managers")
    account_managers.permissions.add(permission(*STAFF_LACK))
    before = state_of(staff.pk)

    response = client.post(
        f"/admin/auth/user/{staff.pk}/change/",
        change_form_data(
            staff, groups=[*staff.groups.values_list("pk", flat=True), account_managers.pk]
        ),
    )

    assert response.status_code == 200  # the form again, saying the group is not a choice
    assert response.context["adminform"].form.errors["groups"]
    assert state_of(staff.pk) == before
    assert not User.objects.get(pk=staff.pk).has_perm("auth.delete_user")


def test_staff_cannot_give_a_group_that_holds_more_to_someone_else(client, actors, targets):
    client.force_login(actors["staff"])
    account_managers = Group.objects.create(name="Account managers")
    account_managers.permissions.add(permission(*STAFF_LACK))
    participant = targets["participant"]
    before = state_of(participant.pk)

    response = client.post(
        f"/admin/auth/user/{participant.pk}/change/",
        change_form_data(participant, groups=[account_managers.pk]),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["groups"]
    assert state_of(participant.pk) == before


def test_staff_cannot_raise_their_own_role_by_giving_it_more_permissions(client, actors):
    client.force_login(actors["staff"])
    staff_role = Group.objects.get(name=PROGRAMME_STAFF)
    held = list(staff_role.permissions.values_list("pk", flat=True))

    response = client.post(
        f"/admin/auth/group/{staff_role.pk}/change/",
        {"name": PROGRAMME_STAFF, "permissions": [*held, permission(*STAFF_LACK).pk]},
    )

    assert response.status_code == 403
    assert sorted(staff_role.permissions.values_list("pk", flat=True)) == sorted(held)


def test_staff_assign_a_group_whose_permissions_they_hold(client, actors, targets):
    client.force_login(actors["staff"])
    readers = Group.objects.create(name="Event readers")
    readers.permissions.add(permission("workshops", "view_event"))
    participant = targets["participant"]

    response = client.post(
        f"/admin/auth/user/{participant.pk}/change/",
        change_form_data(participant, groups=[readers.pk]),
    )

    assert response.status_code == 302
    assert state_of(participant.pk)["groups"] == ["Event readers"]


def test_staff_cannot_grant_a_permission_they_lack_with_a_crafted_post(client, actors, targets):
    staff = actors["staff"]
    client.force_login(staff)

    for user in (staff, targets["participant"]):
        before = state_of(user.pk)
        client.post(
            f"/admin/auth/user/{user.pk}/change/",
            change_form_data(user, user_permissions=[permission(*STAFF_LACK).pk]),
        )
        assert state_of(user.pk) == before


def test_staff_cannot_make_themselves_superuser(client, actors):
    staff = actors["staff"]
    client.force_login(staff)
    before = state_of(staff.pk)

    client.post(f"/admin/auth/user/{staff.pk}/change/", change_form_data(staff, is_superuser=True))

    assert state_of(staff.pk) == before


def test_staff_cannot_reactivate_or_reset_an_inactive_account_that_holds_more(
    client, actors, targets
):
    """An inactive account's get_all_permissions() is empty; what it holds still counts."""
    dormant = account(PROGRAMME_STAFF, extra_permission=STAFF_LACK, is_active=False)
    client.force_login(actors["staff"])
    before = state_of(dormant.pk)

    reactivate = client.post(
        f"/admin/auth/user/{dormant.pk}/change/", change_form_data(dormant, is_active=True)
    )
    password = client.post(
        f"/admin/auth/user/{dormant.pk}/password/",
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert (reactivate.status_code, password.status_code) == (403, 403)
    assert state_of(dormant.pk) == before


def test_nobody_takes_over_a_login_by_renaming_an_account_to_its_username(client, actors, targets):
    client.force_login(actors["staff"])
    participant = targets["participant"]
    superuser = targets["superuser"]
    before = (state_of(participant.pk), state_of(superuser.pk))

    to_theirs = client.post(
        f"/admin/auth/user/{participant.pk}/change/",
        change_form_data(participant, username=superuser.username),
    )
    theirs_away = client.post(
        f"/admin/auth/user/{superuser.pk}/change/",
        change_form_data(superuser, username="renamed"),
    )

    assert to_theirs.status_code == 200  # "A user with that username already exists."
    assert to_theirs.context["adminform"].form.errors["username"]
    assert theirs_away.status_code == 403
    assert (state_of(participant.pk), state_of(superuser.pk)) == before


def test_admin_password_change_page_changes_only_ones_own_password(client, actors, targets):
    coordinator = actors["coordinator"]
    victim = targets["staff"]
    client.force_login(coordinator)
    victim_before = state_of(victim.pk)

    response = client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            # Whatever names another account is ignored: the page is for one's own password.
            "user": victim.pk,
            "username": victim.username,
            "id": victim.pk,
        },
    )

    assert response.status_code == 302
    assert state_of(victim.pk) == victim_before
    assert User.objects.get(pk=coordinator.pk).check_password(NEW_PASSWORD)


def test_demo_staff_is_a_superuser_and_changes_a_coordinators_password(client, demo):
    client.force_login(User.objects.get(username="demo-staff"))
    coordinator = User.objects.get(username="demo-coordinator")

    response = client.post(
        f"/admin/auth/user/{coordinator.pk}/password/",
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert User.objects.get(pk=coordinator.pk).check_password(NEW_PASSWORD)
    assert not User.objects.get(pk=coordinator.pk).check_password(DEMO_PASSWORD)
