"""Who may do what to which login account in the admin (issue 13).

The rule: nobody changes an account that holds more than they do.

- Superusers do everything to every account.
- Programme staff who are not superusers change an account (its password, e-mail, active flag
  and roles) only when it holds nothing they lack: never a superuser's, never one with a
  permission they do not hold. They assign only roles whose permissions they hold, never grant
  single permissions or superuser status, and delete no account (they hold no "delete user").
- Coordinators only view accounts, their own included; they change their own password on
  the password-change page like everyone else.
- Participants and the anonymous do not enter the admin.

Every pair of acting role × target account × action is one test case below; the table
``EXPECTED`` states the outcome each one must have.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF
from tests.conftest import DEMO_PASSWORD
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()

NEW_PASSWORD = "a-brand-new-password-for-the-takeover"
NEW_EMAIL = "taken-over@example.org"

# The permission a superuser gives in the "user_permissions" row. Programme staff hold it too,
# so the row shows that staff grant no single permission, not even one of their own.
GRANTED_PERMISSION = ("itp", "export_reports")
# A permission Programme staff do not hold: what makes the "staff with more" account hold more.
STAFF_LACK = ("auth", "delete_user")

ACTORS = ("superuser", "staff", "coordinator", "participant", "anonymous")
TARGETS = ("superuser", "staff", "staff with more", "coordinator", "participant", "self")
ACTIONS = ("password", "email", "active", "groups", "permissions", "delete")

# Outcomes.
ALLOWED = "allowed"  # the change is made
REFUSED = "refused"  # a 403 (a redirect to the admin's login page for those who may not enter
# the admin), and the account is exactly as it was
READ_ONLY = "read-only"  # the form saves, but the field is read-only: the value sent is ignored

EVERYTHING = dict.fromkeys(ACTIONS, ALLOWED)
NOTHING = dict.fromkeys(ACTIONS, REFUSED)
# What Programme staff may do to an account that holds nothing they lack.
AN_ACCOUNT_HOLDING_NO_MORE = {
    "password": ALLOWED,
    "email": ALLOWED,
    "active": ALLOWED,
    "groups": ALLOWED,  # only roles whose permissions they hold; see the tests further down
    "permissions": READ_ONLY,  # only superusers grant single permissions
    "delete": REFUSED,  # staff hold no "delete user"
}

EXPECTED = {
    "superuser": dict.fromkeys(TARGETS, EVERYTHING),
    "staff": {
        "superuser": NOTHING,
        "staff": AN_ACCOUNT_HOLDING_NO_MORE,
        "staff with more": NOTHING,
        "coordinator": AN_ACCOUNT_HOLDING_NO_MORE,
        "participant": AN_ACCOUNT_HOLDING_NO_MORE,
        "self": AN_ACCOUNT_HOLDING_NO_MORE,
    },
    "coordinator": dict.fromkeys(TARGETS, NOTHING),
    "participant": dict.fromkeys(TARGETS, NOTHING),
    "anonymous": dict.fromkeys(TARGETS[:-1], NOTHING),
}

CASES = [
    pytest.param(actor, target, action, outcome, id=f"{actor}-{target}-{action}-{outcome}")
    for actor, targets in EXPECTED.items()
    for target, actions in targets.items()
    for action, outcome in actions.items()
]


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def account(role, *, is_superuser=False, extra_permission=None, **fields):
    user = UserFactory(
        is_staff=role != PARTICIPANTS,
        is_superuser=is_superuser,
        first_name=role,
        roles=[role],
        **fields,
    )
    if extra_permission:
        user.user_permissions.add(permission(*extra_permission))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def actors():
    return {
        "superuser": account(PROGRAMME_STAFF, is_superuser=True),
        "staff": account(PROGRAMME_STAFF),
        "coordinator": account(COORDINATORS),
        "participant": account(PARTICIPANTS),
        "anonymous": None,
    }


@pytest.fixture
def targets(actors):
    return {
        "superuser": account(PROGRAMME_STAFF, is_superuser=True),
        "staff": account(PROGRAMME_STAFF),
        "staff with more": account(PROGRAMME_STAFF, extra_permission=STAFF_LACK),
        "coordinator": account(COORDINATORS),
        "participant": account(PARTICIPANTS),
    }


def state_of(pk):
    """Everything about an account that the admin could change; None once it is deleted."""
    user = User.objects.filter(pk=pk).first()
    if user is None:
        return None
    return {
        "password": user.password,
        "username": user.username,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
    }


def change_form_data(user, **changes):
    """What the admin's change form of ``user`` posts back unchanged, with ``changes`` made."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": list(user.groups.values_list("pk", flat=True)),
        "user_permissions": list(user.user_permissions.values_list("pk", flat=True)),
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        **changes,
    }
    # A ticked checkbox posts "on"; an unticked one posts nothing.
    for flag in ("is_active", "is_staff", "is_superuser"):
        if data[flag]:
            data[flag] = "on"
        else:
            del data[flag]
    return data


def group_to_add(user):
    """A role the account does not have yet, whose permissions Programme staff all hold."""
    held = set(user.groups.values_list("name", flat=True))
    return Group.objects.get(name=COORDINATORS if COORDINATORS not in held else PARTICIPANTS)


def assert_refused(response, actor):
    if actor in ("participant", "anonymous"):
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("actor", "target", "action", "outcome"), CASES)
def test_who_may_do_what_to_which_account(client, actors, targets, actor, target, action, outcome):
    acting = actors[actor]
    if acting is not None:
        client.force_login(acting)
    user = acting if target == "self" else targets[target]
    before = state_of(user.pk)
    expected_after = dict(before)

    if action == "password":
        page = client.get(f"/admin/auth/user/{user.pk}/password/")
        if outcome == ALLOWED:
            assert page.status_code == 200
        else:
            assert_refused(page, actor)
        response = client.post(
            f"/admin/auth/user/{user.pk}/password/",
            {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    elif action == "delete":
        response = client.post(f"/admin/auth/user/{user.pk}/delete/", {"post": "yes"})
        expected_after = None
    else:
        if action == "email":
            changes = {"email": NEW_EMAIL}
            expected_after["email"] = NEW_EMAIL
        elif action == "active":
            changes = {"is_active": not user.is_active}
            expected_after["is_active"] = not user.is_active
        elif action == "groups":
            group = group_to_add(user)
            changes = {"groups": [*user.groups.values_list("pk", flat=True), group.pk]}
            expected_after["groups"] = sorted([*before["groups"], group.name])
        else:
            given = permission(*GRANTED_PERMISSION)
            changes = {
                "user_permissions": [*user.user_permissions.values_list("pk", flat=True), given.pk]
            }
            expected_after["permissions"] = sorted([*before["permissions"], given.codename])
        response = client.post(
            f"/admin/auth/user/{user.pk}/change/", change_form_data(user, **changes)
        )

    after = state_of(user.pk)
    if outcome == REFUSED:
        assert_refused(response, actor)
        assert after == before
    elif outcome == READ_ONLY:
        assert response.status_code == 302  # saved, with the read-only field left alone
        assert after == before
    elif action == "password":
        assert response.status_code == 302
        assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
        assert {**after, "password": None} == {**before, "password": None}
    else:
        assert response.status_code == 302
        assert after == expected_after


def test_the_table_covers_every_actor_target_and_action():
    assert len(CASES) == (len(ACTORS) * len(TARGETS) - 1) * len(ACTIONS)


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
