"""Login accounts for the tests of who may change which account in the admin: the acting roles,
the target accounts, and what the admin's change form posts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from itp.roles import COORDINATORS, PARTICIPANTS
from tests.factories import UserFactory

User = get_user_model()

NEW_PASSWORD = "a-brand-new-password-for-the-takeover"

# A permission Programme staff lack: an account granted it holds more than they do.
STAFF_LACK = ("auth", "delete_user")


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
