import os

from django.core.management.base import BaseCommand

from itp.demo.programme import DEMO_USERS, load_demo_data


class Command(BaseCommand):
    help = (
        "Create or update the demo programme (themes, organisations, the ten governments, "
        "people and the demo users). Safe to run again: a second run changes nothing. "
        "The demo users get the password in ITP_DEMO_PASSWORD, or a generated one."
    )

    def handle(self, *args, **options):
        password = os.environ.get("ITP_DEMO_PASSWORD") or None
        result = load_demo_data(password=password)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        usernames = ", ".join(username for username, *_ in DEMO_USERS)
        if result.password_generated:
            self.stdout.write(
                f"Created the demo users {', '.join(result.users_created)} with the generated "
                f"password: {result.password}\n(set ITP_DEMO_PASSWORD to choose one)"
            )
            unchanged = [name for name, *_ in DEMO_USERS if name not in result.users_created]
            if unchanged:
                self.stdout.write(
                    f"The demo users {', '.join(unchanged)} already existed; "
                    "their passwords are unchanged."
                )
        elif password is not None:
            self.stdout.write(f"The demo users {usernames} have the password in ITP_DEMO_PASSWORD.")
        else:
            self.stdout.write(
                f"The demo users {usernames} already exist; their passwords are unchanged."
            )
