import sys

from django.core.management.base import BaseCommand, CommandError

from itp.common.exporting import writers
from itp.reports.base import ReportNeedsAnEvent
from itp.reports.filters import ReportFilterForm
from itp.reports.registry import REPORTS


class Command(BaseCommand):
    help = (
        "Write a report to a file, exactly as /reports/<name>.<format> would: "
        f"NAME is one of {', '.join(REPORTS)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="the report: " + ", ".join(REPORTS))
        parser.add_argument("--format", required=True, help="csv, xlsx or pdf")
        parser.add_argument("--output", required=True, metavar="FILE", help="where to write")
        parser.add_argument(
            "--from", dest="from", metavar="DATE", help="YYYY-MM-DD; not for attendance"
        )
        parser.add_argument(
            "--to", dest="to", metavar="DATE", help="YYYY-MM-DD; not for attendance"
        )
        parser.add_argument("--government", metavar="SLUG")
        parser.add_argument("--theme", metavar="SLUG", help="not for attendance")
        parser.add_argument("--event", metavar="SLUG", help="for the attendance report only")

    def handle(self, *args, name, format, output, **options):
        if name not in REPORTS:
            raise CommandError(f"Unknown report “{name}”; choose one of {', '.join(REPORTS)}.")
        if format not in writers.FORMATS:
            raise CommandError(f"Unknown format “{format}”; choose csv, xlsx or pdf.")
        report_class = REPORTS[name]
        query = {key: options[key] for key in ("from", "to", "government", "theme", "event")}
        form = ReportFilterForm(
            {key: value for key, value in query.items() if value},
            fields=report_class.filter_names,
        )
        # A filter the report would ignore is refused: the file would not say what was asked.
        honoured = [ReportFilterForm.QUERY_NAMES.get(field, field) for field in form.fields]
        ignored = [f"--{key}" for key, value in query.items() if value and key not in honoured]
        if ignored:
            raise CommandError(
                f"The {name} report does not take {', '.join(ignored)}; it takes "
                + ", ".join(f"--{key}" for key in honoured)
                + "."
            )
        if not form.is_valid():
            raise CommandError(form.error_text())
        report = report_class(form.filters())
        try:
            sections = report.sections()
        except ReportNeedsAnEvent as missing:
            raise CommandError(str(missing)) from missing
        progress = Progress(self.stderr)
        try:
            if format == "csv":
                with open(output, "w", encoding="utf-8", newline="") as file:
                    for line in writers.csv_rows(report, sections):
                        file.write(line)
                        progress()
            elif format == "xlsx":
                writers.write_xlsx(report, output, sections, progress=progress)
            else:
                pdf = writers.pdf_bytes(report, sections, base_url="http://localhost/")
                with open(output, "wb") as file:
                    file.write(pdf)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        progress.finish()
        self.stdout.write(self.style.SUCCESS(f"Wrote {report.title} to {output}."))


class Progress:
    """A row counter on standard error every thousand rows: redrawn in place on a terminal,
    a line each time when standard error goes to a file or a log."""

    def __init__(self, stream):
        self.stream = stream
        self.rows = 0
        self.live = getattr(sys.stderr, "isatty", lambda: False)()

    def __call__(self):
        self.rows += 1
        if self.rows % 1000 == 0:
            if self.live:
                self.stream.write(f"\r{self.rows:,} rows", ending="")
                self.stream.flush()
            else:
                self.stream.write(f"{self.rows:,} rows")

    def finish(self):
        if self.rows >= 1000:
            self.stream.write(
                f"\r{self.rows:,} rows written." if self.live else f"{self.rows:,} rows written."
            )
