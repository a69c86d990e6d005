"""Django's admin app with the programme's site as its default site (``admin.site``).

INSTALLED_APPS names this config instead of ``django.contrib.admin`` ("Overriding the default
admin site" in Django's documentation). The site class is named by its path, not imported:
this module is read with the settings, before any model may be imported.
"""

from django.contrib.admin.apps import AdminConfig


class ProgrammeAdminConfig(AdminConfig):
    default_site = "itp.site.admin_dashboard.ProgrammeAdminSite"
