"""Time of importing 5,000 people from CSV and XLSX, with the people import of the admin and
of ``manage.py import_people``.

    .venv/bin/python bench/imports.py            # a throw-away SQLite database
    DATABASE_URL=postgres://... .venv/bin/python bench/imports.py   # an EMPTY PostgreSQL one

It creates ten governments and ten organisations, writes a file of synthetic people (each
with a government or an organisation, named by name or by slug), and times: reading the file;
the dry run (the admin's preview) of a file of new people; the import itself; importing the
same file again (every row unchanged); and a file in which every tenth job title changed. The
figures go to bench/imports-results-<database>.md, with the number of queries of each step.
"""

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")
# Debug off, as in production (with it on, Django records every query, which costs time).
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "a-key-for-the-import-benchmark-only")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

import tablib  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from itp.common.importing.reading import read_dataset  # noqa: E402
from regions.models import Government, Organisation, Person  # noqa: E402
from regions.resources import PersonResource  # noqa: E402

ROWS = 5_000
HEADERS = ["Name", "E-mail", "Kind", "Job title", "Government", "Organisation", "Listed publicly"]


def create_affiliations():
    governments = [
        Government.objects.get_or_create(
            slug=f"bench-region-{n}",
            defaults={
                "name": f"Bench region {n}",
                "country": "IT",
                "kind": "region",
                "time_zone": "Europe/Rome",
            },
        )[0]
        for n in range(10)
    ]
    organisations = [
        Organisation.objects.get_or_create(
            slug=f"bench-company-{n}", defaults={"name": f"Bench company {n}", "kind": "industry"}
        )[0]
        for n in range(10)
    ]
    return governments, organisations


def people_file(governments, organisations, format_name, *, changed_every=0):
    dataset = tablib.Dataset(headers=HEADERS)
    for n in range(ROWS):
        government = governments[n % 10] if n % 3 else None
        organisation = None if government else organisations[n % 10]
        job_title = "Energy officer"
        if changed_every and n % changed_every == 0:
            job_title = "Senior energy officer"
        dataset.append(
            [
                f"Bench person {n}",
                f"bench-{n}@example.org",
                "Government official" if government else "industry_expert",
                job_title,
                # Half by name, half by slug, in any case.
                (government.name if n % 2 else government.slug.upper()) if government else "",
                organisation.name if organisation else "",
                "yes" if n % 2 else "no",
            ]
        )
    if format_name == "csv":
        return ("\ufeff" + dataset.export("csv")).encode()
    return dataset.export("xlsx")


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(step, function):
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        began = time.perf_counter()
        value = function()
        seconds = time.perf_counter() - began
    return step, seconds, counter.count, value


def measure(format_name, governments, organisations):
    new = people_file(governments, organisations, format_name)
    changed = people_file(governments, organisations, format_name, changed_every=10)
    steps = []

    def run(content, dry_run):
        result = PersonResource().import_data(read_dataset(content, format_name), dry_run=dry_run)
        assert result.is_valid(), result.error_lines()[:5]
        return result.summary()

    steps.append(timed("read the file", lambda: len(read_dataset(new, format_name))))
    steps.append(timed("preview (dry run), all new", lambda: run(new, True)))
    steps.append(timed("import, all new", lambda: run(new, False)))
    steps.append(timed("import again, all unchanged", lambda: run(new, False)))
    steps.append(timed("import, every tenth updated", lambda: run(changed, False)))
    Person.objects.filter(email__startswith="bench-").delete()
    return steps


def main():
    call_command("migrate", verbosity=0)
    if Person.objects.exclude(email__startswith="bench-").exists():
        sys.exit("This database holds real people; give the benchmark an empty one.")
    governments, organisations = create_affiliations()
    lines = []
    for format_name in ("csv", "xlsx"):
        for step, seconds, queries, value in measure(format_name, governments, organisations):
            summary = value if isinstance(value, str) else f"{value:,} rows"
            lines.append(
                f"| {format_name.upper()} | {step} | {seconds:.2f} s | {ROWS / seconds:,.0f} |"
                f" {queries:,} | {summary} |"
            )
            print(lines[-1], flush=True)
    vendor = connection.vendor
    result = [
        "# Import benchmark",
        "",
        f"Measured {timezone.now():%Y-%m-%d %H:%M} UTC on {platform.node()}: {os.cpu_count()} "
        f"cores, Python {platform.python_version()}, {vendor} database, {ROWS:,} people. Run "
        "`.venv/bin/python bench/imports.py` to measure again.",
        "",
        "| format | step | time | rows per second | queries | outcome |",
        "| --- | --- | ---: | ---: | ---: | --- |",
        *lines,
        "",
    ]
    target = ROOT / "bench" / f"imports-results-{vendor}.md"
    target.write_text("\n".join(result))
    print(f"Wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
