import argparse
import dataclasses
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from itp.common.importing.formats import FORMATS
from itp.common.importing.limits import COMMAND_LIMITS, ImportFileError
from itp.common.importing.reading import read_dataset
from itp.common.progress import Progress
from regions.resources import PersonResource


def positive_number(text):
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError("must be a whole number of 1 or more")
    return number


class Command(BaseCommand):
    help = (
        "Import people from a CSV or XLSX file with the columns of the admin's people export "
        "(Name, E-mail, Kind, Job title, Government, Organisation, Listed publicly), exactly "
        "as the admin's import does. Nothing is written unless every row is valid. It reads at "
        f"most {COMMAND_LIMITS.max_bytes // 1_000_000} MB "
        f"({COMMAND_LIMITS.max_unpacked_bytes // 1_000_000} MB unpacked for XLSX), "
        f"{COMMAND_LIMITS.max_rows:,} records (see --max-rows), {COMMAND_LIMITS.max_columns} "
        f"columns and {COMMAND_LIMITS.max_cell_characters:,} characters in a cell, and refuses "
        "a larger file before reading it whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the CSV or XLSX file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report; write nothing"
        )
        parser.add_argument(
            "--format",
            dest="format_name",
            metavar="FORMAT",
            help="csv or xlsx; by default the file's extension",
        )
        parser.add_argument(
            "--max-rows",
            type=positive_number,
            default=COMMAND_LIMITS.max_rows,
            metavar="N",
            help=f"refuse a file of more than N records (by default {COMMAND_LIMITS.max_rows:,})",
        )

    def handle(self, *args, file, dry_run, format_name, max_rows, **options):
        path = Path(file)
        format_name = (format_name or path.suffix.removeprefix(".")).lower()
        if format_name not in FORMATS:
            raise CommandError(
                f"Unknown format “{format_name}”; give a .csv or .xlsx file, or --format csv "
                "or --format xlsx."
            )
        limits = dataclasses.replace(COMMAND_LIMITS, max_rows=max_rows)
        try:
            limits.check_size(path.stat().st_size)
            dataset = read_dataset(path.read_bytes(), format_name, limits=limits)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}.") from error
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from error

        total = len(dataset)
        # A line on standard error now and then, for files that take a while.
        progress = Progress(self.stderr)
        progress.start("rows read", total)
        resource = PersonResource(progress=lambda row_number: progress.advance())
        result = resource.import_data(dataset, dry_run=dry_run)
        progress.finish()

        self.stdout.write(result.summary())
        for line in result.error_lines():
            self.stdout.write(line)
        if not result.is_valid():
            raise CommandError(f"{file} has errors; nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {total:,} rows from {file}."))
