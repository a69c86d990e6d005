import json

from django.core.management.base import BaseCommand, CommandError

from itp.privacy.personal_data import UnknownPerson, find_person, personal_data


class Command(BaseCommand):
    help = (
        "Write everything the programme holds about the person with this e-mail address as "
        "JSON: their record, login account, registrations, talks, team memberships, "
        "secondments and the record's change history."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's e-mail address (case is ignored)")
        parser.add_argument(
            "--output", metavar="FILE", help="write to FILE instead of the standard output"
        )

    def handle(self, *args, email, output=None, **options):
        try:
            person = find_person(email)
        except UnknownPerson as error:
            raise CommandError(str(error)) from error
        document = json.dumps(personal_data(person), indent=2, ensure_ascii=False)
        if output is None:
            self.stdout.write(document)
            return
        try:
            with open(output, "w", encoding="utf-8") as file:
                file.write(document + "\n")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stderr.write(f"Wrote the data held about {person.email} to {output}.")
