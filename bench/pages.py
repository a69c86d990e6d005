"""Which pages `make bench` puts under load, and their figures against the targets of issue 16.

Every public page, and the public API's lists and one event (issue 20), each as a share of
/healthz's throughput in the same run (target: at least half), and, for a coordinator,
/reports/ (median at most 250 ms) and each report page without filters and with a combination
of its filters (median at most 500 ms). A page that this tree does not have (an older commit,
for the baseline) is skipped with a note.
"""

import datetime
import functools
import sys
import time

import load
from figures import figure, not_measured

PAGE_SHARE = 0.5
# The public API's collections: (address under /api/v1/, the route's basename).
API_LISTS = [
    ("governments", "government"),
    ("themes", "theme"),
    ("events", "event"),
    ("teams", "team"),
    ("secondments", "secondment"),
    ("learnings", "learning"),
    ("people", "person"),
]
DASHBOARD_MS = 250
REPORT_MS = 500


def coordinator_cookie():
    """A session cookie of a coordinator, for the reports. The user and its session are the
    only rows the benchmark writes."""
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
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def public_pages(notes):
    """(label, path, request headers) of each public page this tree has; a missing one adds to
    ``notes``."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from regions.models import Government
    from teams.models import InnovationTeam
    from workshops.models import Event

    def longest_agenda():
        return (
            Event.objects.filter(status=Event.Status.PUBLISHED)
            .annotate(agenda=Count("sessions"))
            .order_by("-agenda", "starts_at")
            .first()
        )

    def largest_team():
        return (
            InnovationTeam.objects.annotate(size=Count("memberships", distinct=True))
            .order_by("-size", "name")
            .first()
        )

    def a_learning():
        from itp.models import Learning

        return Learning.objects.published().order_by("-published_on", "pk").first()

    def busiest_speaker():
        from regions.models import Person

        return (
            Person.objects.listed()
            .annotate(talks=Count("sessions_spoken_at"))
            .order_by("-talks", "pk")
            .first()
        )

    candidates = [
        ("/healthz", lambda: reverse("healthz")),
        ("/", lambda: reverse("home")),
        ("/governments/", lambda: reverse("regions:government-list")),
        (
            "a government profile",
            lambda: Government.objects.filter(is_active=True).order_by("name").first(),
        ),
        ("/events/", lambda: reverse("workshops:event-list")),
        ("the event with the longest agenda", longest_agenda),
        ("/events/calendar.ics", lambda: reverse("workshops:events-feed")),
        # The whole document (1.5 MB), for the rare client that takes no compression.
        (
            "/events/calendar.ics, for a client that takes no gzip",
            lambda: reverse("workshops:events-feed"),
            {},
        ),
        ("/teams/", lambda: reverse("teams:team-list")),
        ("the largest team", largest_team),
        ("/secondments/", lambda: reverse("teams:secondment-list")),
        ("/learnings/", lambda: reverse("learnings:learning-list")),
        ("a learning", a_learning),
        ("/learnings/feed/", lambda: reverse("learnings:learning-feed")),
        ("/events/calendar/ (this month)", lambda: reverse("workshops:event-calendar-month")),
        ("/people/", lambda: reverse("person-list")),
        ("the person who speaks most", busiest_speaker),
        ("/search/?q=hydrogen", lambda: reverse("search") + "?q=hydrogen"),
        # The public API's lists (their first page) and one event with its agenda.
        *(
            (f"/api/v1/{collection}/", functools.partial(reverse, f"api:{basename}-list"))
            for collection, basename in API_LISTS
        ),
        (
            "the event with the longest agenda (API)",
            lambda: reverse("api:event-detail", kwargs={"slug": longest_agenda().slug}),
        ),
    ]
    pages = []
    for label, find, *headers in candidates:
        try:
            found = find()
        except (NoReverseMatch, ImportError, AttributeError) as error:
            # AttributeError too: a detail of something the database lacks (None.slug).
            notes.append(f"{label}: not in this version ({error.__class__.__name__}: {error}).")
            continue
        if found is None:
            notes.append(f"{label}: none in the database, not measured.")
            continue
        path = found if isinstance(found, str) else found.get_absolute_url()
        pages.append((label, path, headers[0] if headers else load.CLIENT_HEADERS))
    return pages


def report_pages(notes):
    """(label, path, target in ms) of /reports/ and of each report page, without filters and
    with a combination of the filters it honours."""
    from django.urls import NoReverseMatch, reverse

    try:
        from itp.reports.filters import ReportFilterForm
        from itp.reports.registry import REPORTS

        dashboard = reverse("reports:dashboard")
    except (ImportError, NoReverseMatch) as error:
        notes.append(f"Reports: not in this version ({error}).")
        return []
    values = filter_values()
    query_names = getattr(ReportFilterForm, "QUERY_NAMES", {})
    pages = [("/reports/", dashboard, DASHBOARD_MS)]
    for name, report in REPORTS.items():
        path = reverse("reports:report", kwargs={"name": name})
        filters = [field for field in getattr(report, "filter_names", ()) if field in values]
        combinations = [("no filter", [])]
        if "event" in filters:
            combinations.append(("the event", ["event"]))
        if filters and filters != ["event"]:
            combinations.append((describe(filters), filters))
        for description, fields in combinations:
            query = "&".join(f"{query_names.get(field, field)}={values[field]}" for field in fields)
            pages.append(
                (f"{name}, {description}", f"{path}?{query}" if query else path, REPORT_MS)
            )
    return pages


def filter_values():
    """A value for each report filter: the government whose people registered most, the theme
    of the most events, the twelve months up to today, the event with most registrations."""
    from django.db.models import Count

    from itp.models import Theme
    from regions.models import Government
    from workshops.models import Event

    today = datetime.date.today()
    values = {
        "date_from": (today - datetime.timedelta(days=365)).isoformat(),
        "date_to": today.isoformat(),
    }
    government = (
        Government.objects.annotate(registrations=Count("people__registrations"))
        .order_by("-registrations", "name")
        .first()
    )
    theme = (
        Theme.objects.annotate(event_count=Count("events")).order_by("-event_count", "name").first()
    )
    event = (
        Event.objects.annotate(registered=Count("registrations"))
        .order_by("-registered", "starts_at")
        .first()
    )
    for name, found in (("government", government), ("theme", theme), ("event", event)):
        if found is not None:
            values[name] = found.slug
    return values


def describe(filters):
    names = {"date_from": "dates", "date_to": "dates"}
    described = []
    for field in filters:
        name = names.get(field, field)
        if name not in described:
            described.append(name)
    return ", ".join(described)


def measure(wrk, duration, cookie, notes, only=None):
    """Each page fetched once (it must answer 200: an error page is fast), then under load;
    the figures. Call with the server running. ``only``: texts, of which a page's label or
    path must contain one to be measured (/healthz always is: the shares need it)."""
    public = [page for page in public_pages(notes) if chosen(page, only)]
    reports = [page for page in report_pages(notes) if chosen(page, only)]
    results = {}
    for label, path, headers in public:
        results[label] = measure_one(wrk, path, headers, duration)
    figures = []
    ceiling = results.get("/healthz", {}).get("rps")
    for label, path, _headers in public:
        result = results[label]
        if "status" in result:
            figures.append(
                not_measured(
                    "pages",
                    label,
                    _failure(result["status"]),
                    path=path,
                    unit="share",
                    target=PAGE_SHARE,
                    better="higher",
                )
            )
        elif label == "/healthz":
            figures.append(figure("pages", label, result["rps"], unit="rps", path=path, **result))
        else:
            figures.append(
                figure(
                    "pages",
                    label,
                    result["rps"] / ceiling if ceiling else None,
                    unit="share",
                    target=PAGE_SHARE,
                    better="higher",
                    path=path,
                    note=_none_done(result, duration)
                    or (None if ceiling else "no /healthz figure to compare with"),
                    **result,
                )
            )
    for label, path, target in reports:
        result = measure_one(wrk, path, {"Cookie": cookie}, duration)
        if "status" in result:
            figures.append(
                not_measured("reports", label, _failure(result["status"]), path=path, target=target)
            )
            continue
        # A page slower than the load's duration finishes no request in it: its median is
        # known to be longer than that, not what it is.
        at_least = not result["requests"]
        figures.append(
            figure(
                "reports",
                label,
                duration * 1000 if at_least else result["p50"],
                unit="load-ms",
                target=target,
                better="lower",
                path=path,
                note=_none_done(result, duration),
                at_least=at_least,
                **result,
            )
        )
    return figures


def chosen(page, only):
    label, path = page[:2]
    if only is None or label == "/healthz":
        return True
    return any(text in label or text in path for text in only)


def measure_one(wrk, path, headers, duration):
    began = time.perf_counter()
    status, _headers, _body = load.fetch(path, headers)
    if status != 200:
        print(f"{path} answered {status}: not measured", file=sys.stderr)
        return {"status": status}
    result = load.load(wrk, path, headers, duration, request_seconds=time.perf_counter() - began)
    if not result["requests"]:
        print(f"{path}: no request done in {duration} s of load", file=sys.stderr)
    print(
        f"{path}: {result['rps']:.1f} requests/s, median {result['p50']:.1f} ms",
        file=sys.stderr,
    )
    return result


def _none_done(result, duration):
    return None if result["requests"] else f"no request done in {duration} s of load"


def _failure(status):
    return f"answered {status}" if isinstance(status, int) else status
