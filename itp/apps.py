from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItpConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "itp"
    verbose_name = _("Industry Transition Platform")
