from django.core.management.base import BaseCommand

from itp.roles import ROLE_DESCRIPTIONS, setup_roles


class Command(BaseCommand):
    help = (
        "Create or update the groups Programme staff, Coordinators and Participants with "
        "their permissions. Safe to run again: a second run changes nothing."
    )

    def handle(self, *args, **options):
        groups = setup_roles()
        for name, group in groups.items():
            count = group.permissions.count()
            self.stdout.write(f"{name}: {count} permissions ({ROLE_DESCRIPTIONS[name]})")
