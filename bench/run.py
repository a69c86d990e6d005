"""The benchmark behind `make bench`: pages under load and exports against PostgreSQL's COPY.

    make bench            # or: .venv/bin/python bench/run.py [--duration 10] [--skip-data]

On PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/itp_bench,
created when missing) with scale-1 synthetic data (`manage.py generate_scale_data --scale 1`,
generated once and reused):

1. serves the app with gunicorn in production settings (2 workers) and loads each page with
   wrk, reporting throughput, median and 99th-percentile latency, and each page's throughput as
   a ratio to /healthz measured in the same run;
2. times the CSV and XLSX exports of 100,000 registrations against PostgreSQL's own
   ``COPY (same query) TO STDOUT WITH CSV``, with Python's peak memory at 10,000 and 100,000
   rows;
3. writes the figures, the machine and the date to bench/RESULTS.md.
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/itp_bench"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
WORKERS = 2
CONNECTIONS = 8
SCALE = 1
EXPORT_SIZES = (10_000, 100_000)

# Production settings, except plain HTTP on the loopback interface.
SERVER_ENVIRONMENT = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_LOG_LEVEL": "WARNING",
    "GUNICORN_WORKERS": str(WORKERS),
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    "GUNICORN_LOG_LEVEL": "warning",
}

TARGETS = {"page": 0.5, "csv": 3.0, "xlsx": 10.0, "memory_mib": 50}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--skip-data", action="store_true", help="use the database's data as it is")
    arguments = parser.parse_args()
    if arguments.duration < 1:
        parser.error("--duration must be at least 1 second")

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("The benchmark runs on PostgreSQL: set BENCH_DATABASE_URL=postgres://...")
    os.environ["DATABASE_URL"] = database_url
    os.environ.update(SERVER_ENVIRONMENT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")
    wrk = find_wrk()
    create_database(database_url)

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    prepare(skip_data=arguments.skip_data)
    cookie = coordinator_cookie()
    pages = pages_to_load()
    page_rows = load_pages(wrk, pages, cookie, arguments.duration)
    export_rows = measure_exports()
    write_results(page_rows, export_rows, arguments.duration)


def find_wrk():
    """wrk, the HTTP load generator, installed from Debian's packages when missing."""
    wrk = shutil.which("wrk")
    if wrk is None and os.geteuid() == 0:
        print("Installing wrk (Debian package)…", file=sys.stderr)
        subprocess.run(
            ["apt-get", "install", "-y", "--no-install-recommends", "wrk"],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is needed: apt-get install wrk")
    return wrk


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


def coordinator_cookie():
    """A session cookie of a coordinator, for /reports/."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from itp.roles import COORDINATORS, setup_roles

    setup_roles()
    user, _created = get_user_model().objects.get_or_create(
        username="bench-coordinator", defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name=COORDINATORS))
    settings.AXES_ENABLED = False
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def pages_to_load():
    """(label, path, needs the coordinator's cookie) for each page measured."""
    from django.db.models import Count

    from regions.models import Government
    from workshops.models import Event

    government = Government.objects.filter(is_active=True).order_by("name").first()
    # The published event with the longest agenda: the heaviest event page.
    event = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .annotate(agenda=Count("sessions"))
        .order_by("-agenda", "starts_at")
        .first()
    )
    return [
        ("/healthz", "/healthz", False),
        ("/", "/", False),
        ("/governments/", "/governments/", False),
        ("a government profile", government.get_absolute_url(), False),
        ("/events/", "/events/", False),
        ("an event page", event.get_absolute_url(), False),
        ("/events/calendar.ics", "/events/calendar.ics", False),
        ("/teams/", "/teams/", False),
        ("/reports/ (coordinator)", "/reports/", True),
    ]


def load_pages(wrk, pages, cookie, duration):
    """Serve with gunicorn and put each page under load; the rows of the results table."""
    log = tempfile.NamedTemporaryFile(prefix="itp-bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(f"{BASE}/healthz")
        results = {}
        for label, path, logged_in in pages:
            headers = ["-H", f"Cookie: {cookie}"] if logged_in else []
            check(path, headers)
            # A short warm-up fills each worker's caches and connections first.
            run_wrk(wrk, path, headers, 2)
            results[label] = run_wrk(wrk, path, headers, duration)
            print(f"{label}: {results[label]['rps']:.0f} requests/s", file=sys.stderr)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    ceiling = results["/healthz"]["rps"]
    return [
        (label, path, results[label], results[label]["rps"] / ceiling)
        for label, path, _logged_in in pages
    ]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"The server did not answer {url} within {seconds} s")


def check(path, headers):
    """Refuse to measure a page that does not answer 200: an error page is fast."""
    request = urllib.request.Request(BASE + path)
    if headers:
        request.add_header(*headers[1].split(": ", 1))
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        if response.status != 200:
            sys.exit(f"{path} answered {response.status}")


def run_wrk(wrk, path, headers, duration):
    output = subprocess.run(
        [wrk, "--latency", f"-t{WORKERS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "30s"]
        + headers
        + [BASE + path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"{path}: {errors[1]} error responses under load:\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": milliseconds(re.search(r"\s50%\s+(\S+)", output)[1]),
        "p99": milliseconds(re.search(r"\s99%\s+(\S+)", output)[1]),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
    }


def milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def measure_exports():
    """CSV and XLSX exports of the first 10,000 and 100,000 registrations, each against COPY
    of the same query; rows of the export table."""
    from django.db import connection

    from itp.common.exporting import writers as exporters
    from workshops.exports import RegistrationsExport
    from workshops.models import Registration

    rows = []
    for size in EXPORT_SIZES:
        last = Registration.objects.order_by("pk").values_list("pk", flat=True)[size - 1 : size]
        if not last:
            print(f"Fewer than {size:,} registrations; export sizes skipped.", file=sys.stderr)
            continue
        queryset = Registration.objects.filter(pk__lte=last[0])
        report = RegistrationsExport(queryset)
        copy_seconds = time_copy(connection, report)
        for format in ("csv", "xlsx"):
            began = time.perf_counter()
            export(exporters, RegistrationsExport(queryset), format)
            seconds = time.perf_counter() - began
            tracemalloc.start()
            export(exporters, RegistrationsExport(queryset), format)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rows.append((size, format, seconds, copy_seconds, peak))
            print(
                f"{size:,} rows {format}: {seconds:.2f} s, COPY {copy_seconds:.2f} s, "
                f"peak {peak / 2**20:.1f} MiB",
                file=sys.stderr,
            )
    return rows


def export(exporters, report, format):
    if format == "csv":
        for _line in exporters.csv_rows(report):
            pass
    else:
        with tempfile.TemporaryFile() as handle:
            exporters.write_xlsx(report, handle)


def time_copy(connection, report):
    """PostgreSQL writing the export's own query as CSV, read to the end by the client."""
    sql, params = report.values().query.sql_with_params()
    with connection.cursor() as cursor:
        query = cursor.mogrify(sql, params).decode()
        sink = _Sink()
        began = time.perf_counter()
        cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH CSV HEADER", sink)
        return time.perf_counter() - began


class _Sink:
    def write(self, data):
        return len(data)


def write_results(page_rows, export_rows, duration):
    from django.db import connection
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {timezone.now():%Y-%m-%d %H:%M} UTC with `make bench` on {platform.node()}: "
        f"{os.cpu_count()} cores, {memory_gib():.0f} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, PostgreSQL {postgres}. "
        f"Scale-{SCALE} synthetic data (`manage.py generate_scale_data --scale {SCALE}`).",
        "",
        "## Pages",
        "",
        f"gunicorn with production settings and {WORKERS} workers; wrk with {WORKERS} threads "
        f"and {CONNECTIONS} connections, {duration} s per page after a 2 s warm-up, on the same "
        "machine. The ratio is the page's throughput over `/healthz`'s in the same run; the "
        f"target is at least {TARGETS['page']:.0%}.",
        "",
        "| page | path | requests/s | median | 99th percentile | ratio to /healthz | target |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, path, result, ratio in page_rows:
        met = (
            "met" if ratio >= TARGETS["page"] else f"missed ({TARGETS['page'] / ratio:.1f}× short)"
        )
        decimals = 0 if result["rps"] >= 10 else 1
        lines.append(
            f"| {label} | `{path}` | {result['rps']:,.{decimals}f} | {result['p50']:.1f} ms |"
            f" {result['p99']:.1f} ms | {ratio:.2f} | {'—' if label == '/healthz' else met} |"
        )
    lines += [
        "",
        "## Exports",
        "",
        "The registrations export (the admin's *Export selected* action and the reports' code) "
        "against PostgreSQL's `COPY (same query) TO STDOUT WITH CSV` of the same columns, "
        f"measured in the same run. Targets: CSV within {TARGETS['csv']:.0f}× COPY, XLSX within "
        f"{TARGETS['xlsx']:.0f}×, peak memory at 100,000 rows no more than "
        f"{TARGETS['memory_mib']} MB above that at 10,000. Peak memory is what Python allocated "
        "during the export (tracemalloc).",
        "",
        "| rows | format | time | COPY | ratio to COPY | target | peak memory |",
        "| ---: | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    peaks = {}
    for size, format, seconds, copy_seconds, peak in export_rows:
        ratio = seconds / copy_seconds
        target = TARGETS[format]
        met = "met" if ratio <= target else f"missed ({ratio / target:.1f}× over)"
        peaks[(size, format)] = peak
        lines.append(
            f"| {size:,} | {format.upper()} | {seconds:.2f} s | {copy_seconds:.3f} s |"
            f" {ratio:.1f}× | {met} | {peak / 2**20:.1f} MiB |"
        )
    small, large = EXPORT_SIZES
    growth = [
        f"{format.upper()} {(peaks[large, format] - peaks[small, format]) / 2**20:+.1f} MiB"
        for format in ("csv", "xlsx")
        if (large, format) in peaks and (small, format) in peaks
    ]
    if growth:
        lines += ["", f"Peak memory from 10,000 to 100,000 rows: {'; '.join(growth)}."]
    target = ROOT / "bench" / "RESULTS.md"
    target.write_text("\n".join(lines) + "\n")
    print(f"Wrote {target.relative_to(ROOT)}", file=sys.stderr)


def memory_gib():
    try:
        with open("/proc/meminfo") as meminfo:
            return int(meminfo.readline().split()[1]) / 2**20
    except OSError:
        return 0


if __name__ == "__main__":
    started = datetime.datetime.now()
    main()
    print(f"Benchmark took {datetime.datetime.now() - started}.", file=sys.stderr)
