"""The programme's three roles, as Django groups with their permissions.

Programme staff change everything in the admin; coordinators see everything in the admin and
export reports; participants use the site's own pages and have no admin permissions. Staff
and coordinators both manage login accounts. The groups are brought to this state by a data
migration, after every ``migrate`` and by ``manage.py setup_roles``; running it again changes
nothing.
"""

from django.apps import apps as global_apps
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

ROLE_DESCRIPTIONS = {
    PROGRAMME_STAFF: _("add, change and delete everything in the admin; export reports"),
    COORDINATORS: _("see everything in the admin; export reports"),
    PARTICIPANTS: _("the participant pages and registration; no admin"),
}


def role_permissions(Permission):
    """The permissions each role should hold, as querysets of ``Permission``."""
    programme = Permission.objects.filter(content_type__app_label__in=PROGRAMME_APPS)
    users = _named(Permission, MANAGE_USERS)
    return {
        PROGRAMME_STAFF: (programme | users).distinct(),
        COORDINATORS: (
            programme.filter(codename__startswith="view_").exclude(
                codename=VIEW_TEAM_ONLY_DELIVERABLES[1]
            )
            | _named(Permission, [EXPORT_REPORTS])
            | users
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


def _named(Permission, pairs):
    permissions = Permission.objects.none()
    for app_label, codename in pairs:
        permissions |= Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    return permissions
