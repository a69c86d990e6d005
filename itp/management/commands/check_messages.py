import tempfile

from django.core.management.base import BaseCommand, CommandError

from itp.common.catalogues import (
    catalogue_path,
    catalogue_problems,
    read_catalogue,
    source_template,
    translated_languages,
)


class Command(BaseCommand):
    help = (
        "Check that every language's catalogue (locale/<language>/LC_MESSAGES/django.po) "
        "holds exactly the messages the sources mark today, each translated and none fuzzy. "
        "Runs makemessages on a temporary copy of the sources; the working tree is left as "
        "it is. `make update-messages` brings the catalogues up to date."
    )

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory() as directory:
            template = read_catalogue(source_template(directory))
        failures = 0
        for language in translated_languages():
            path = catalogue_path(language)
            if not path.exists():
                self.stderr.write(f"{path}: no catalogue")
                failures += 1
                continue
            for problem, messages in catalogue_problems(path, template).items():
                if messages:
                    failures += len(messages)
                    self.stderr.write(f"{path}: {len(messages)} {problem}:")
                    for message in messages:
                        self.stderr.write("    " + message.replace("\x04", " | "))
        if failures:
            raise CommandError(f"{failures} problems in the catalogues; see above.")
        self.stdout.write(f"{len(template.messages)} messages, all translated in every language.")
