"""The programme's three roles, as Django groups with their permissions.

Programme staff change everything in the admin; coordinators see everything in the admin and
export reports; participants use the site's own pages and have no admin permissions. Staff
manage login accounts, except those that hold more than they do (``holds_more_than``);
coordinators only view them. The groups are brought to this state by a data migration, after
every ``migrate`` and by ``manage.py setup_roles``; running it again changes nothing.
"""

from django.apps import apps as global_apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PROGRAMME_STAFF = "Programme staff"
COORDINATORS = "Coordinators"
PARTICIPANTS = "Participants"
ROLES = (PROGRAMME_STAFF, COORDINATORS, PARTICIPANTS)

# The apps whose records the programme keeps.
PROGRAMME_APPS = ("itp", "regions", "workshops", "teams")

EXPORT_REPORTS = ("itp", "export_reports")
VIEW_TEAM_ONLY_DELIVERABLES = ("teams", "view_team_only_deliverable")
MANAGE_USERS = tuple(("auth", f"{action}_user") for action in ("add", "change", "view"))
VIEW_USERS = ("auth", "view_user")

ROLE_DESCRIPTIONS = {
    PROGRAMME_STAFF: _(
        "add, change and delete the programme's records in the admin; add and change login "
        "accounts that hold no more than they do; export reports"
    ),
    COORDINATORS: _("see everything in the admin, login accounts included; export reports"),
    PARTICIPANTS: _("the participant pages and registration; no admin"),
}


def role_permissions(Permission):
    """The permissions each role should hold, as querysets of ``Permission``."""
    programme = Permission.objects.filter(content_type__app_label__in=PROGRAMME_APPS)
    return {
        PROGRAMME_STAFF: (programme | _named(Permission, MANAGE_USERS)).distinct(),
        # Coordinators only view accounts: whoever changes an account can set its password and
        # log in as its holder.
        COORDINATORS: (
            programme.filter(codename__startswith="view_").exclude(
                codename=VIEW_TEAM_ONLY_DELIVERABLES[1]
            )
            | _named(Permission, [EXPORT_REPORTS, VIEW_USERS])
        ).distinct(),
        PARTICIPANTS: Permission.objects.none(),
    }


def setup_roles(apps=global_apps):
    """Create the three groups and give each exactly its permissions. Returns the groups.

    ``apps`` is the app registry: the real one, or a migration's historical one.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {}
    for name, permissions in role_permissions(Permission).items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = set(permissions.values_list("pk", flat=True))
        held = set(group.permissions.values_list("pk", flat=True))
        if wanted != held:
            group.permissions.set(wanted)
        groups[name] = group
    return groups


def holds_more_than(account, actor):
    """Whether ``account`` holds anything ``actor`` does not: then ``actor`` may not change it,
    set its password or delete it, since whoever does could log in as its holder.

    A superuser holds everything, so only a superuser changes a superuser's account, and a
    superuser may change any account. Otherwise ``account`` holds more when one of the
    permissions it holds, through its groups or directly, is not among ``actor``'s. What an
    account holds counts whether or not it is active (``get_all_permissions()`` is empty for an
    inactive account, and reactivating it would hand its permissions to whoever did).
    """
    if actor.is_superuser:
        return False
    if account.is_superuser:
        return True
    Permission = global_apps.get_model("auth", "Permission")
    held = Permission.objects.filter(Q(user=account) | Q(group__user=account)).values_list(
        "content_type__app_label", "codename"
    )
    actor_holds = actor.get_all_permissions()
    return any(f"{app_label}.{codename}" not in actor_holds for app_label, codename in held)


def assignable_groups(actor):
    """The groups ``actor`` may give an account: those whose every permission ``actor`` holds.

    Giving a group that holds more would raise the account above ``actor``, or raise
    ``actor``'s own account.
    """
    Group = global_apps.get_model("auth", "Group")
    if actor.is_superuser:
        return Group.objects.all()
    held = actor.get_all_permissions()
    within = [
        group.pk
        for group in Group.objects.prefetch_related("permissions__content_type")
        if all(
            f"{permission.content_type.app_label}.{permission.codename}" in held
            for permission in group.permissions.all()
        )
    ]
    return Group.objects.filter(pk__in=within)


def _named(Permission, pairs):
    permissions = Permission.objects.none()
    for app_label, codename in pairs:
        permissions |= Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    return permissions
