"""Time and peak memory of the CSV and XLSX exports at 10,000 and 100,000 registrations.

    .venv/bin/python bench/exports.py            # a throw-away SQLite database
    DATABASE_URL=postgres://... .venv/bin/python bench/exports.py   # an EMPTY PostgreSQL one

It creates synthetic people, events and registrations with bulk inserts, exports them with the
same code as the admin's "Export selected" action and the reports, and writes the figures to
bench/exports-results-<database>.md, on PostgreSQL beside COPY of the same query. Peak memory
is what Python allocated during the export (tracemalloc), so it shows whether memory grows
with the rows.
"""

import datetime
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from itp.common.exporting import writers as exporters  # noqa: E402
from regions.models import Government, Person  # noqa: E402
from workshops.exports import RegistrationsExport  # noqa: E402
from workshops.models import Event, Registration  # noqa: E402

SIZES = (10_000, 100_000)
PEOPLE_PER_EVENT = 100


def create_rows(total):
    """Grow the registrations to ``total``: 100 people per event, all registered."""
    government = Government.objects.get_or_create(
        slug="bench-region",
        defaults={"name": "Bench region", "country": "IT", "kind": "region", "time_zone": "UTC"},
    )[0]
    have = Registration.objects.count()
    events_needed = (total - have) // PEOPLE_PER_EVENT
    start = timezone.now() + datetime.timedelta(days=30)
    first = Event.objects.count()
    events = Event.objects.bulk_create(
        Event(
            title=f"Bench workshop {first + n}",
            slug=f"bench-workshop-{first + n}",
            kind="workshop",
            status="published",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=8),
            time_zone="Europe/Rome",
        )
        for n in range(events_needed)
    )
    people = list(Person.objects.filter(government=government)[:PEOPLE_PER_EVENT])
    if not people:
        people = Person.objects.bulk_create(
            Person(
                name=f"Bench person {n}",
                slug=f"bench-person-{n}",
                email=f"bench-{n}@example.org",
                kind="government_official",
                government=government,
                calendar_token=f"bench-token-{n}",
            )
            for n in range(PEOPLE_PER_EVENT)
        )
    Registration.objects.bulk_create(
        (
            Registration(event=event, person=person, status="registered")
            for event in events
            for person in people
        ),
        batch_size=5000,
    )


def export(format):
    report = RegistrationsExport(Registration.objects.all())
    if format == "csv":
        return sum(len(line) for line in exporters.csv_rows(report))
    with tempfile.TemporaryFile() as handle:
        exporters.write_xlsx(report, handle)
        return handle.tell()


def copy_seconds():
    """PostgreSQL's COPY of the export's own query as CSV, read to the end by the client:
    the floor an export is compared with (None on other databases)."""
    if connection.vendor != "postgresql":
        return None
    sql, params = RegistrationsExport(Registration.objects.all()).values().query.sql_with_params()
    with connection.cursor() as cursor:
        query = cursor.mogrify(sql, params).decode()
        began = time.perf_counter()
        cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH CSV HEADER", _Sink())
        return time.perf_counter() - began


class _Sink:
    def write(self, data):
        return len(data)


def measure(format):
    """Time one run as it is; then peak memory in a second run (tracing slows Python down)."""
    began = time.perf_counter()
    size = export(format)
    seconds = time.perf_counter() - began
    tracemalloc.start()
    export(format)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, size


def main():
    call_command("migrate", verbosity=0)
    if Registration.objects.exclude(event__slug__startswith="bench-").exists():
        sys.exit("This database holds real registrations; give the benchmark an empty one.")
    lines = []
    for size in SIZES:
        create_rows(size)
        if connection.vendor == "postgresql":
            # The statistics autovacuum keeps on a real database; without them the planner
            # guesses, and COPY of 100,000 fresh rows takes ten times as long.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        rows = Registration.objects.count()
        copy = copy_seconds()
        for format in ("csv", "xlsx"):
            seconds, peak, output = measure(format)
            against_copy = f"{copy:.3f} s | {seconds / copy:.1f}×" if copy else "– | –"
            lines.append(
                f"| {rows:,} | {format.upper()} | {seconds:.2f} s | {against_copy} |"
                f" {rows / seconds:,.0f} | {peak / 2**20:.1f} MiB | {output / 2**20:.1f} MiB |"
            )
            print(lines[-1], flush=True)
    vendor = connection.vendor
    result = [
        "# Export benchmark",
        "",
        f"Measured {timezone.now():%Y-%m-%d %H:%M} UTC on {platform.node()}: {os.cpu_count()} "
        f"cores, Python {platform.python_version()}, {vendor} database. Run "
        "`.venv/bin/python bench/exports.py` to measure again.",
        "",
        "On PostgreSQL the CSV is written by the database (itp/common/exporting/database.py) "
        "and compared with `COPY` of the export's query; the targets are 2× for CSV and 10× "
        "for XLSX.",
        "",
        "| registrations | format | time | COPY | ratio | rows per second "
        "| peak memory (Python) | file |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *lines,
        "",
    ]
    target = ROOT / "bench" / f"exports-results-{vendor}.md"
    target.write_text("\n".join(result))
    print(f"Wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
