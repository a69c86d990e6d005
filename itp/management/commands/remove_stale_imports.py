from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from itp.common.importing.previews import FOLDER, remove_pending_previews

# No upload is a century old; an age beyond the calendar would make no cutoff date at all.
MAX_HOURS = 100 * 365 * 24


class Command(BaseCommand):
    help = (
        "Remove the uploads of the admin's import previews that were never confirmed, once "
        f"they are older than --older-than hours: each is a file, personal data and all, "
        f"waiting under MEDIA_ROOT/{FOLDER}/. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=24,
            metavar="HOURS",
            help="remove the previews written more than HOURS ago (by default 24; 0 for all)",
        )

    def handle(self, *args, older_than, **options):
        if not 0 <= older_than <= MAX_HOURS:
            raise CommandError(
                f"--older-than is a number of hours, 0 or more and at most {MAX_HOURS:,}."
            )
        removed = remove_pending_previews(older_than=timedelta(hours=older_than))
        for name, written in removed:
            written = timezone.localtime(written).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"Removed {FOLDER}/{name}, uploaded {written}")
        previews = "import preview" if len(removed) == 1 else "import previews"
        self.stdout.write(f"Removed {len(removed)} {previews} older than {older_than} hours.")
