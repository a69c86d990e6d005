"""The benchmark behind `make bench`: each figure of issue 16 beside its baseline and target.

    make bench                    # or: .venv/bin/python bench/run.py [--duration 10]
    .venv/bin/python bench/run.py --save-baseline [--output PATH]   # the code before the work
    .venv/bin/python bench/run.py --pages /api/ --duration 5        # only these pages, printed

On PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/itp_bench,
created when missing) with scale-1 synthetic data (`manage.py generate_scale_data --scale 1`,
generated once and reused):

1. serves the app with gunicorn in production settings (2 workers) and loads every public
   page, /reports/ and each report page (for a coordinator) with wrk (bench/pages.py,
   bench/load.py); asks the server for the public feed again with its ETag (bench/feed.py);
2. builds the public feed uncached in this process (bench/feed.py);
3. times the CSV and XLSX exports against PostgreSQL's COPY (bench/export_ratios.py);
4. times the admin and report pages one request at a time with bench/admin_pages.py and
   bench/report_pages.py when the tree has them (bench/single_requests.py);
5. saves the raw figures to bench/results.json (bench/baseline.json with --save-baseline) and
   writes bench/RESULTS.md: each figure beside its baseline, its target, met or missed.
"""

import argparse
import contextlib
import datetime
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

import export_ratios
import feed
import figures
import load
import pages
import single_requests

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/itp_bench"
SCALE = 1


def main():
    arguments = parse_arguments()
    baseline_path = arguments.baseline or BENCH / "baseline.json"
    if arguments.report_only:
        run = figures.load(arguments.output or BENCH / "results.json")
        if run is None:
            sys.exit("No results to write up: run the benchmark first.")
        write_results_page(run, figures.load(baseline_path))
        return
    began = time.monotonic()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("The benchmark runs on PostgreSQL: set BENCH_DATABASE_URL=postgres://...")
    os.environ["DATABASE_URL"] = database_url
    os.environ.update(load.SERVER_ENVIRONMENT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")
    wrk = load.find_wrk()
    create_database(database_url)

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    prepare(skip_data=arguments.skip_data)
    notes, measured, phases = [], [], {}
    cookie = pages.coordinator_cookie()
    if arguments.pages:
        with load.gunicorn(ROOT, PYTHON):
            measured = pages.measure(wrk, arguments.duration, cookie, notes, only=arguments.pages)
        print_figures(measured, notes)
        if arguments.output:
            figures.save(arguments.output, {"duration": arguments.duration, "figures": measured})
        return
    with timed(phases, "pages under load"), load.gunicorn(ROOT, PYTHON):
        measured += pages.measure(wrk, arguments.duration, cookie, notes)
        measured.append(feed.not_modified_over_http())
    with timed(phases, "feed"):
        measured += feed.build_in_process()
    with timed(phases, "exports"):
        measured += export_ratios.measure(notes)
    with timed(phases, "single requests"):
        measured += single_requests.measure(database_url, notes)
    run = {
        "commit": commit(),
        "measured": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "duration": arguments.duration,
        "machine": machine(),
        "cache": cache_backend(),
        "seconds": round(time.monotonic() - began),
        "phases": phases,
        "methods": methods(arguments.duration),
        "notes": notes,
        "figures": measured,
    }
    output = arguments.output or BENCH / (
        "baseline.json" if arguments.save_baseline else "results.json"
    )
    figures.save(output, run)
    print(f"Wrote {output}", file=sys.stderr)
    if not arguments.save_baseline:
        write_results_page(run, figures.load(baseline_path))
    print(f"The benchmark took {datetime.timedelta(seconds=run['seconds'])}.", file=sys.stderr)


def print_figures(measured, notes):
    """The figures of a partial run (--pages), one a line: nothing is saved unless asked."""
    for item in measured:
        value = item["value"]
        shown = "not measured" if value is None else f"{value:.2f} {item['unit']}"
        if item["unit"] == "share" and value is not None:
            shown = f"{value:.0%} of /healthz"
        median = item["detail"].get("p50")
        print(
            f"{item['label']}: {shown}"
            + (f", median {median:.1f} ms" if median is not None else "")
            + (f" ({item['note']})" if item["note"] else "")
        )
    for note in notes:
        print(f"Note: {note}")


@contextlib.contextmanager
def timed(phases, name):
    began = time.monotonic()
    yield
    phases[name] = round(time.monotonic() - began)
    print(f"{name}: {phases[name]} s", file=sys.stderr)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--skip-data", action="store_true", help="use the database's data as it is")
    parser.add_argument(
        "--save-baseline",
        action="store_true",
        help="save the figures as the baseline (bench/baseline.json), not as this run's; "
        "bench/RESULTS.md is left alone",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where the figures go (default bench/results.json, or bench/baseline.json with "
        "--save-baseline); with --report-only, where they are read from",
    )
    parser.add_argument(
        "--baseline", type=Path, help="the baseline to compare with (default bench/baseline.json)"
    )
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="TEXT",
        help="measure only the pages under load whose label or path contains one of these "
        "texts (and /healthz, which the shares need), print their figures and stop: nothing "
        "else is measured, and neither results.json nor RESULTS.md is written (--output "
        "saves the figures)",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="measure nothing: write bench/RESULTS.md from the saved results and baseline",
    )
    arguments = parser.parse_args()
    if arguments.duration < 1:
        parser.error("--duration must be at least 1 second")
    return arguments


def create_database(url):
    """Create the benchmark's database when it does not exist yet."""
    import psycopg2
    from psycopg2 import sql

    match = re.match(r"postgres(?:ql)?://(?P<server>[^/]*)/(?P<name>[^?]+)", url)
    if match is None:
        sys.exit(f"Cannot read the database name from {url}")
    name = match["name"]
    connection = psycopg2.connect(url[: match.start("name")] + "postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.", file=sys.stderr)
    connection.close()


def prepare(*, skip_data):
    from django.core.management import call_command

    from regions.models import Government

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not skip_data and not Government.objects.filter(slug__startswith="scale-").exists():
        print("Generating scale-1 data (once; later runs reuse it)…", file=sys.stderr)
        call_command("generate_scale_data", scale=SCALE)


def commit():
    """The commit measured, and whether the code (bench/ aside) differs from it."""

    def git(*command):
        return subprocess.run(
            ["git", "-C", str(ROOT), *command], capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench")
    return f"{head} with uncommitted changes" if changed else head


def machine():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return (
        f"{platform.node()}: {os.cpu_count()} cores, {memory_gib():.0f} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, PostgreSQL {postgres}"
    )


def cache_backend():
    from django.conf import settings

    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def memory_gib():
    try:
        with open("/proc/meminfo") as meminfo:
            return int(meminfo.readline().split()[1]) / 2**20
    except OSError:
        return 0


def methods(duration):
    """How each group of figures was measured, for RESULTS.md."""
    load_text = (
        f"gunicorn with production settings and {load.WORKERS} workers; wrk with "
        f"{load.WORKERS} threads and {load.CONNECTIONS} connections, {duration} s per page after "
        f"a {load.WARM_UP_SECONDS} s warm-up, on the same machine."
    )
    return {
        "pages": load_text + " Each page's throughput as a share of `/healthz`'s in the same "
        "run (routing, middleware and one query: the framework's ceiling), with its median. "
        "Every request says `Accept-Encoding: gzip, deflate, br`, as browsers and calendar "
        "programs do (the site compresses only the public feed), except the feed's second "
        "row, which asks for the document as it is. (The before figures were measured "
        "without that header, when the site compressed nothing.)",
        "reports": load_text + " Logged in as a coordinator; the median latency under that "
        "load, with the throughput.",
        "feed": f"The build: Django's test client in the benchmark's process, every cache "
        f"cleared before each of {feed.BUILDS} builds. The 304: the gunicorn server asked "
        "again with the ETag of its first response in `If-None-Match`.",
        "exports": "The registrations export (`csv_rows` and `write_xlsx`, as the admin's "
        "action and the reports) against `COPY (same query) TO STDOUT WITH CSV HEADER`, in the "
        "same run; peak memory is what Python allocated during the export (tracemalloc). "
        "Targets at 100,000 rows.",
        "admin": "bench/admin_pages.py: Django's test client in the benchmark's process, one "
        "request at a time, median and queries.",
        "report-requests": "bench/report_pages.py: each view called in the benchmark's "
        "process, one request at a time, median and queries; the issue's targets (250 ms "
        "for `/reports/`, 500 ms for a report page) asked without load.",
    }


def write_results_page(run, baseline):
    machine_line = (
        f"Measured with `make bench` on {run['machine']}; scale-{SCALE} synthetic data "
        f"(`manage.py generate_scale_data --scale {SCALE}`); cache backend {run['cache']}; "
        f"the run took {datetime.timedelta(seconds=run['seconds'])}"
        + (f" ({_phases(run['phases'])})." if run.get("phases") else ".")
    )
    target = BENCH / "RESULTS.md"
    target.write_text(figures.results_page(run, baseline, machine_line=machine_line))
    print(f"Wrote {target}", file=sys.stderr)


def _phases(phases):
    return ", ".join(
        f"{name} {datetime.timedelta(seconds=seconds)}" for name, seconds in phases.items()
    )


if __name__ == "__main__":
    main()
