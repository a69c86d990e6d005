"""Who may use the API's personal, coordinator and staff routes: Django permissions and the
signed-in person's own records, checked as DRF permission classes.

Each view lists the defaults of ``REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]`` first (signed
in, and whatever a token's scope allows), then its own role check, so that a check added to the
defaults holds on every route.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.settings import api_settings

from itp.reports.views import ReportPermissionMixin

# The report pages' permission: the figures are the reports', for the same people.
EXPORT_REPORTS = ReportPermissionMixin.permission_required
# The admin's permission to see registrations (staff and coordinators hold it).
VIEW_REGISTRATIONS = "workshops.view_registration"


def with_defaults(*permission_classes):
    """The default permission classes, followed by ``permission_classes``."""
    return [*api_settings.DEFAULT_PERMISSION_CLASSES, *permission_classes]


class HasPersonRecord(BasePermission):
    """The signed-in account is tied to a participant (``view.person``), whose records the
    personal routes show."""

    message = _("Your account is not linked to a participant yet; ask the programme staff.")

    def has_permission(self, request, view):
        return view.person is not None


class CanExportReports(BasePermission):
    """Holds the permission the report pages ask for (coordinators and programme staff)."""

    def has_permission(self, request, view):
        return request.user.has_perm(EXPORT_REPORTS)


class CanViewRegistrations(BasePermission):
    """Holds the admin's permission to view registrations."""

    def has_permission(self, request, view):
        return request.user.has_perm(VIEW_REGISTRATIONS)
