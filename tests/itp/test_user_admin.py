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

from tests.itp.accounts import (
    NEW_PASSWORD,
    User,
    assert_refused,
    change_form_data,
    group_to_add,
    permission,
    state_of,
)

pytestmark = pytest.mark.django_db


NEW_EMAIL = "taken-over@example.org"

# The permission a superuser gives in the "user_permissions" row. Programme staff hold it too,
# so the row shows that staff grant no single permission, not even one of their own.
GRANTED_PERMISSION = ("itp", "export_reports")

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
