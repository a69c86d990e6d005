"""How long the coordinators' report pages take to build, uncached, one request at a time.

    .venv/bin/python bench/report_pages.py                  # itp_bench at 127.0.0.1
    .venv/bin/python bench/report_pages.py --profile participation
    BENCH_DATABASE_URL=postgres://user@host:5432/other_db .venv/bin/python bench/report_pages.py

`/reports/` and each report's page with each filter it offers (none, dates, a government, a
theme, all together; the attendance report with its event, alone and with a government) are
requested for a coordinator, once to warm up and then ``REPEATS`` times with the cache emptied
before each (the cost the first request after any write pays); the median time and
the number of queries are reported, with the time spent in SQL and this process's CPU time
(steadier than the wall clock on a busy machine). ``--profile TEXT`` profiles the
pages whose label contains TEXT with cProfile and prints where the time goes.

The requests go straight to the views (``RequestFactory``: no middleware, the same for every
page and measured by `/healthz` in `make bench`) inside one read-only transaction that is
rolled back, so the database is left exactly as it was: the benchmark's data may be shared.
The coordinator is the first active member of the coordinators' group; without one, an
unsaved superuser stands in.

``measure()`` runs in any process where Django is set up (`make bench` calls it).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/itp_bench"
REPEATS = 5

# Production settings (as bench/run.py serves them), except plain HTTP.
ENVIRONMENT = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_LOG_LEVEL": "WARNING",
}


def pages():
    """(label, path) of `/reports/` and of every report page with each of its filters."""
    from django.db.models import Count

    from itp.models import Theme
    from itp.reports.registry import REPORTS
    from regions.models import Government
    from workshops.models import Event

    # The most active government (by its people's registrations), the first theme, a year
    # in the middle of the data, and the published event with the most registrations.
    government = (
        Government.objects.filter(is_active=True)
        .annotate(registrations=Count("people__registrations"))
        .order_by("-registrations", "name")
        .first()
    )
    theme = Theme.objects.order_by("name").first()
    event = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .annotate(registered=Count("registrations"))
        .order_by("-registered", "starts_at")
        .first()
    )
    first = Event.objects.order_by("starts_at").values_list("starts_at", flat=True).first()
    year = first.year + 1 if first else 2025
    filters = {
        "no filter": "",
        "dates": f"from={year}-01-01&to={year}-12-31",
        "government": f"government={government.slug}" if government else "",
        "theme": f"theme={theme.slug}" if theme else "",
    }
    filters["all filters"] = "&".join(value for value in filters.values() if value)
    result = [("/reports/", "/reports/")]
    for name, report in REPORTS.items():
        if "event" in report.filter_names:
            choices = {"no event": ""}
            if event:
                choices["event"] = f"event={event.slug}"
                if government:
                    choices["event and government"] = (
                        f"event={event.slug}&government={government.slug}"
                    )
        else:
            choices = filters
        for label, query in choices.items():
            path = f"/reports/{name}/" + (f"?{query}" if query else "")
            result.append((f"{name}: {label}", path))
    return result


def coordinator():
    """The first active coordinator, or an unsaved superuser when there is none."""
    from django.contrib.auth import get_user_model

    from itp.roles import COORDINATORS

    user_model = get_user_model()
    user = user_model.objects.filter(is_active=True, groups__name=COORDINATORS).first()
    return user or user_model(username="bench-reports", is_active=True, is_superuser=True)


def request_page(path, user):
    """The view's response to ``path`` for ``user``, rendered; its status must be 200."""
    from django.test import RequestFactory
    from django.urls import resolve

    request = RequestFactory().get(path)
    request.user = user
    match = resolve(request.path_info)
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response


def timed(path, user, repeats):
    """(median ms, queries, median ms in SQL, median ms of this process's CPU) of ``repeats``
    requests after one warm-up. On a busy machine the CPU time is the steadier figure."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request_page(path, user)
    times, sql_times, python_times, counts = [], [], [], set()
    for _ in range(repeats):
        # Built, not read from the cache: what the first request after any write pays.
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            began, began_cpu = time.perf_counter(), time.process_time()
            request_page(path, user)
            times.append((time.perf_counter() - began) * 1000)
            python_times.append((time.process_time() - began_cpu) * 1000)
        counts.add(len(queries.captured_queries))
        sql_times.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
    return (
        statistics.median(times),
        max(counts),
        statistics.median(sql_times),
        statistics.median(python_times),
    )


def read_only():
    """A transaction that writes nothing: read-only on PostgreSQL, rolled back anyway."""
    from contextlib import contextmanager

    from django.db import connection, transaction

    @contextmanager
    def transaction_rolled_back():
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION READ ONLY")
            yield
            transaction.set_rollback(True)

    return transaction_rolled_back()


def measure(repeats=REPEATS):
    """Each report page's median time and query count: a list of (label, path, median ms,
    queries)."""
    return [row[:4] for row in measure_with_sql(repeats)]


def measure_with_sql(repeats=REPEATS):
    """As ``measure()``, each row with the median milliseconds spent in SQL and in this
    process's CPU after it."""
    with read_only():
        user = coordinator()
        return [(label, path, *timed(path, user, repeats)) for label, path in pages()]


def profile(text, limit=25):
    """Print cProfile's view of the pages whose label contains ``text``."""
    with read_only():
        user = coordinator()
        for label, path in pages():
            if text not in label:
                continue
            request_page(path, user)
            profiler = cProfile.Profile()
            profiler.enable()
            request_page(path, user)
            profiler.disable()
            print(f"\n## {label}: {path}")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(limit)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--profile", metavar="TEXT", help="profile the pages named so")
    arguments = parser.parse_args()
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if arguments.profile:
        profile(arguments.profile)
        return
    print("| page | path | median | queries | in SQL | Python CPU |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for label, path, median, queries, sql, python in measure_with_sql(arguments.repeats):
        print(
            f"| {label} | `{path}` | {median:.1f} ms | {queries} | {sql:.1f} ms | {python:.1f} ms |"
        )


if __name__ == "__main__":
    main()
