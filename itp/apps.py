from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ItpConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "itp"
    verbose_name = _("Industry Transition Platform")

    def ready(self):
        from .common import caching
        from .common.content_languages import keep_original_columns_in_english

        post_migrate.connect(update_roles, sender=self, dispatch_uid="itp-update-roles")
        # Every write to the programme's data moves the version cached pages are keyed by.
        caching.install()
        # modeltranslation registered the content's languages in its own ready(), earlier.
        keep_original_columns_in_english()


def update_roles(sender, using="default", **kwargs):
    """After ``migrate``: give the roles the permissions of models added since."""
    from django.contrib.auth.management import create_permissions

    from .roles import setup_roles

    # Apps later in INSTALLED_APPS get their permissions after this signal; create them now.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    setup_roles()
