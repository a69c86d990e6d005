"""Create the three roles (Programme staff, Coordinators, Participants) with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from itp.roles import setup_roles


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create them now so the
    # groups can be given theirs.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    setup_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("itp", "0004_report_permission"),
        ("regions", "0001_initial"),
        ("teams", "0001_initial"),
        ("workshops", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
