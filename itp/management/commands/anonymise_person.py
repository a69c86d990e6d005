from django.core.management.base import BaseCommand, CommandError

from itp.privacy.personal_data import UnknownPerson, anonymise_person, find_person


class Command(BaseCommand):
    help = (
        "Replace the name and e-mail address of the person with this e-mail address by a "
        "placeholder and close their login account. Their registrations, memberships and "
        "secondments stay, so report totals do not change. This cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's e-mail address (case is ignored)")

    def handle(self, *args, email, **options):
        try:
            person = find_person(email)
        except UnknownPerson as error:
            raise CommandError(str(error)) from error
        person = anonymise_person(person=person)
        self.stdout.write(
            self.style.SUCCESS(f"Anonymised: the person is now “{person.name}”; login closed.")
        )
