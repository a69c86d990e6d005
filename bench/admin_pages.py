"""The admin at scale 1: every change list (unfiltered, with each filter, with the filters'
counts) and the change form of each model's largest object, timed with Django's test client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/itp_bench \\
        .venv/bin/python bench/admin_pages.py [--write]

Each page is asked for once to warm up, then five times: the median is reported, with the
number of queries the page ran. The database is only read: a superuser to look with (and the
e-mail messages the outbox would hold, which the synthetic data leaves out) are made in a
transaction that is rolled back at the end. ``--write`` also writes bench/admin-results.md.

``measure(database_url)`` is the same in an already set-up Django process (``make bench``).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/itp_bench"
RESULTS = ROOT / "bench" / "admin-results.md"
RUNS = 5
TARGET_MS = 500

# Production settings, except plain HTTP and the test client's host.
ENVIRONMENT = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_LOG_LEVEL": "WARNING",
}

# The models whose admin pages are measured, in the order of the table.
MODELS = (
    "regions.Person",
    "regions.Organisation",
    "regions.Government",
    "workshops.Event",
    "workshops.Session",
    "workshops.Registration",
    "workshops.Message",
    "teams.InnovationTeam",
    "teams.Membership",
    "teams.Deliverable",
    "teams.Secondment",
    "itp.Learning",
)


def measure(database_url):
    """Time every admin page at the data of ``database_url``, which must be the database of
    this process's default connection. Returns ``(label, path, median_ms, queries)`` rows.
    Nothing is left written: all runs in one transaction, rolled back."""
    from django.db import connection, transaction

    _check_is_default_database(database_url)
    with transaction.atomic():
        client = _superuser_client()
        _fill_the_outbox(connection)
        rows = []
        for label, path in _pages(client.user):
            rows.append((label, path, *_time_page(client, path)))
            print(*rows[-1], sep="\t", file=sys.stderr)
        transaction.set_rollback(True)
    return rows


def _check_is_default_database(database_url):
    import environ
    from django.db import connection

    wanted = environ.Env.db_url_config(database_url)
    actual = connection.settings_dict
    if (wanted["NAME"], wanted.get("HOST"), str(wanted.get("PORT") or "")) != (
        actual["NAME"],
        actual["HOST"],
        str(actual["PORT"] or ""),
    ):
        raise ValueError(f"{database_url} is not this process's default database")


def _superuser_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser("admin-bench", "admin-bench@example.org")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.user = user
    return client


def _fill_the_outbox(connection):
    """One message per registration, as the confirmations would have made them (the
    synthetic data has none). Inserted in the transaction that is rolled back."""
    from workshops.models import Message

    if Message.objects.exists():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO workshops_message
                (kind, person_id, event_id, recipient, key, status, created_at, sent_at,
                 attempts, last_error)
            SELECT 'confirmation', r.person_id, r.event_id, p.email, '', 'sent',
                   r.created_at, r.created_at, 1, ''
            FROM workshops_registration r JOIN regions_person p ON p.id = r.person_id
            """
        )


def _time_page(client, path):
    """The median milliseconds and the queries of a page; ``None`` and the error for a page
    that fails (in a savepoint, so that the other pages are still measured)."""
    from django.db import DatabaseError, connection, transaction
    from django.test.utils import CaptureQueriesContext

    try:
        with transaction.atomic():
            response = client.get(path)
    except DatabaseError as error:
        return None, f"error: {str(error).splitlines()[0]}"
    if response.status_code != 200:
        return None, f"answered {response.status_code}"
    timings = []
    for _run in range(RUNS):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return round(statistics.median(timings)), len(queries.captured_queries)


def _pages(user):
    from django.apps import apps
    from django.contrib import admin

    for label in MODELS:
        model = apps.get_model(label)
        model_admin = admin.site.get_model_admin(model)
        yield from _change_list_pages(model_admin, user)
        yield from _change_form_pages(model_admin)


def _change_list_pages(model_admin, user):
    from django.test import RequestFactory
    from django.urls import reverse

    opts = model_admin.opts
    name = opts.verbose_name_plural
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    yield f"{name}: list", url
    request = RequestFactory().get(url)
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    for spec in changelist.filter_specs:
        query = _busiest_choice(model_admin, spec) or _first_choice(changelist, spec)
        if query:
            yield f"{name}: by {spec.title}", url + query
    if changelist.filter_specs:
        yield f"{name}: list with counts", url + "?_facets=True"


def _busiest_choice(model_admin, spec):
    """For a filter by a relation, the related row with the most rows in the list: the
    page a reader of the largest event or government sees."""
    from django.contrib.admin.filters import RelatedFieldListFilter
    from django.db.models import Count

    if not isinstance(spec, RelatedFieldListFilter):
        return None
    busiest = (
        model_admin.model._default_manager.exclude(**{f"{spec.field_path}__isnull": True})
        .values(spec.field_path)
        .annotate(rows=Count("pk"))
        .order_by("-rows")
        .first()
    )
    return f"?{spec.lookup_kwarg}={busiest[spec.field_path]}" if busiest else None


def _first_choice(changelist, spec):
    choices = [choice for choice in spec.choices(changelist) if not choice.get("selected")]
    return choices[0]["query_string"] if choices else None


def _change_form_pages(model_admin):
    from django.urls import reverse

    opts = model_admin.opts
    largest = _largest(model_admin.model)
    if largest is None:
        return
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[largest.pk])
    yield f"{opts.verbose_name}: form of the largest", url


# What makes an object large: the rows its change form shows or counts.
LARGEST_BY = {
    "person": "registrations",
    "organisation": "people",
    "government": "people",
    "event": "sessions",
    "session": "speakers",
    "innovationteam": "memberships",
}


def _largest(model):
    from django.db.models import Count

    queryset = model._default_manager.order_by("pk")
    relation = LARGEST_BY.get(model._meta.model_name)
    if relation:
        queryset = queryset.annotate(rows=Count(relation)).order_by("-rows", "pk")
    return queryset.first()


def markdown(rows):
    """The rows as a markdown table, pages over the target marked."""
    lines = [
        "| page | path | median ms | queries |",
        "| --- | --- | ---: | ---: |",
    ]
    for label, path, median_ms, queries in rows:
        over = " **over**" if median_ms is None or median_ms > TARGET_MS else ""
        lines.append(f"| {label} | `{path}` | {median_ms}{over} | {queries} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.name}")
    arguments = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    os.environ["DATABASE_URL"] = database_url
    for key, value in ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    load_before = os.getloadavg()[0]
    table = markdown(measure(database_url))
    load_after = os.getloadavg()[0]
    print(table)
    if arguments.write:
        today = datetime.date.today().isoformat()
        RESULTS.write_text(
            f"# Admin pages at scale 1\n\nMeasured {today} by `bench/admin_pages.py`: Django's "
            f"test client in production settings, median of {RUNS} after one warm-up, on "
            f"{os.cpu_count()} cores (load average {load_before:.1f} before the run, "
            f"{load_after:.1f} after: other work on the machine lengthens the times). "
            f"Target: {TARGET_MS} ms.\n\n{table}\n"
        )


if __name__ == "__main__":
    main()
