"""How long /search/ takes to answer, uncached, for a visitor and for staff, query by query.

    .venv/bin/python bench/search.py                  # itp_search_bench at 127.0.0.1
    .venv/bin/python bench/search.py --repeats 15 --explain
    BENCH_DATABASE_URL=postgres://user@host:5432/other_db .venv/bin/python bench/search.py

The database is one made by ``manage.py generate_scale_data --scale 1`` (see README.md); the
target is 100 ms for every query. Each query (a common word, a rare one, an accented name,
several words, one type, hostile input, a very long query, a word nothing matches) is requested
through Django's test client (the whole middleware stack and the visitors' cache wrapper),
once to warm up and then ``REPEATS`` times with the cache emptied before each: the cost of the
first request after any write. The median and the slowest time and the number of queries are
printed, as a visitor and as a member of the staff (who also finds drafts).

Everything runs in one transaction that is rolled back (the staff user and its session are
made inside it), so the database is left exactly as it was. ``--explain`` also prints, for
the big tables, the plan of a common word's matches, to show their GIN index at work.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/itp_search_bench"
REPEATS = 9
TARGET_MS = 100

# Production settings (as bench/run.py serves them), except plain HTTP.
ENVIRONMENT = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_LOG_LEVEL": "WARNING",
}

QUERIES = {
    "common word": {"q": "industrial"},
    "common word, events only": {"q": "industrial", "type": "events"},
    "common word, page 3 of sessions": {"q": "heat", "type": "sessions", "page": "3"},
    "rare word": {"q": "krugersdorp"},
    "accented name": {"q": "Gutiérrez"},
    "unaccented name": {"q": "gutierrez"},
    "several words": {"q": "waste heat recovery steel"},
    "quoted phrase and or": {"q": '"process heat" or hydrogen -cement'},
    "hostile": {"q": "&|!():* ' \" \x00 <script>"},
    "very long": {"q": "hydrogen " * 1200},
    "no match": {"q": "zeppelinfabrik"},
}
# The big tables, whose plans --explain prints: the GIN index must be used on each.
BIG_TABLES = ("events", "sessions", "people", "learnings")


def timed(client, query, repeats):
    """(median ms, slowest ms, queries, median ms in SQL, median ms of this process's CPU) of
    ``repeats`` requests after one warm-up. On a busy machine the CPU time and the time in
    SQL say more than the wall clock."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get("/search/", query)
        if response.status_code != 200:
            raise RuntimeError(f"/search/ {query!r:.80} answered {response.status_code}")

    get()
    times, counts, sql_times, python_times = [], set(), [], []
    for _ in range(repeats):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            began, began_cpu = time.perf_counter(), time.process_time()
            get()
            times.append((time.perf_counter() - began) * 1000)
            python_times.append((time.process_time() - began_cpu) * 1000)
        counts.add(len(queries.captured_queries))
        sql_times.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
    return (
        statistics.median(times),
        max(times),
        max(counts),
        statistics.median(sql_times),
        statistics.median(python_times),
    )


def clients():
    """A visitor's client and a staff member's, the latter made in the transaction."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from itp.roles import PROGRAMME_STAFF

    staff = get_user_model().objects.create(username="bench-search-staff", is_staff=True)
    staff.groups.add(*type(staff).groups.rel.model.objects.filter(name=PROGRAMME_STAFF))
    staff_client = Client()
    staff_client.force_login(staff)
    return {"anonymous": Client(), "staff": staff_client}


def explain():
    """How each big table's matches are found, for a common word and a rarer one: the
    planner scans a small table whole when a word is in a good share of its rows (reading
    the stored vectors is cheap), and goes through the GIN index otherwise."""
    from django.contrib.auth.models import AnonymousUser

    from itp.search.backends import backend_for
    from itp.search.sources import SOURCES_BY_NAME

    for word in ("industrial", "krugersdorp"):
        backend = backend_for(word)
        print(f"\n## The matches of “{word}”\n")
        for name in BIG_TABLES:
            source = SOURCES_BY_NAME[name]
            queryset = backend.matches(source, source.visible_to(AnonymousUser()))
            table = queryset.model._meta.db_table
            plan = queryset.explain(analyze=True)
            scans = [
                line.strip().split("  (")[0].removeprefix("->  ")
                for line in plan.splitlines()
                if f" on {table}" in line or f"on {table}_search" in line
            ]
            total = plan.splitlines()[-1].strip()
            print(f"- {name} ({queryset.count()} matches): {'; '.join(scans)}; {total}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--explain", action="store_true", help="print the big tables' plans")
    arguments = parser.parse_args()
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection, transaction

    print(f"/search/ on {connection.vendor}, {arguments.repeats} requests each, uncached;")
    print(f"target: at most {TARGET_MS} ms.\n")
    print("| query | as | median | slowest | queries | in SQL | Python CPU | target |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    slowest = 0.0
    with transaction.atomic():
        for role, client in clients().items():
            for label, query in QUERIES.items():
                median, most, count, sql, python = timed(client, query, arguments.repeats)
                slowest = max(slowest, most)
                verdict = "met" if most <= TARGET_MS else "missed"
                print(
                    f"| {label} | {role} | {median:.1f} ms | {most:.1f} ms | {count} "
                    f"| {sql:.1f} ms | {python:.1f} ms | {verdict} |"
                )
        if arguments.explain and connection.vendor == "postgresql":
            explain()
        transaction.set_rollback(True)
    print(f"\nSlowest request: {slowest:.1f} ms; load average {os.getloadavg()[0]:.1f}.")


if __name__ == "__main__":
    main()
