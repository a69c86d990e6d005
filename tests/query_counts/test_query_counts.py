"""Every page of the site costs the same number of queries with ten times the data.

Each URL of the site (the admin aside) has cases here: a page requested as the role that sees
the most of it. Every case is counted once with a small programme and once with ten times as
much of everything the page shows; the counts must be equal, so a query run once per row
(an N+1) fails. The cases are checked against the URL resolver like the permission matrix:
a URL added without a case here fails the test.

Streamed responses (CSV, XLSX, the deliverable file) are read inside the count, and so are
the e-mails that registering and cancelling send once their transaction commits.
"""

import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.html import body
from tests.test_permission_matrix import site_routes
from workshops.models import Message

from .cases import CASES, LARGE, SMALL
from .programme import fill_in, populate, rows_per_round

pytestmark = pytest.mark.django_db


def statements_of(client, case, focus, django_capture_on_commit_callbacks):
    """The SQL one request runs to render its page (the cache emptied first: a page cached for
    visitors costs one query), with the e-mails it sends after its transaction commits."""
    cache.clear()
    client.logout()
    user = case.prepare(focus) if case.prepare else focus.users[case.role]
    if user is not None:
        client.force_login(user)
    path = fill_in(case.path, focus)
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        if case.body is None:
            response = getattr(client, case.method)(path, case.data)
        else:
            response = getattr(client, case.method)(
                path, case.body, content_type="application/json"
            )
        body(response)
    assert response.status_code == case.status, case.label
    return [query["sql"] for query in queries.captured_queries]


def statements_of_every_case(client, focus, django_capture_on_commit_callbacks):
    return {
        case.label: statements_of(client, case, focus, django_capture_on_commit_callbacks)
        for cases in CASES.values()
        for case in cases
    }


def shape(sql):
    """A statement with its literal values blanked, so repeats of one query look alike."""
    sql = re.sub(r"'[^']*'|%s|\b\d+\b", "?", sql)
    return re.sub(r"IN \((\?, )*\?\)", "IN (…)", sql)


def growth(label, small, large):
    """What a page ran more often with more data: where its N+1 is."""
    grown = Counter(map(shape, large)) - Counter(map(shape, small))
    repeated = "; ".join(f"{times}× {statement[:200]}" for statement, times in grown.items())
    return f"{label}: {len(small)} queries, then {len(large)}; more of: {repeated}"


def test_every_url_of_the_site_has_query_count_cases():
    assert sorted(site_routes()) == sorted(CASES)


def test_every_page_costs_the_same_queries_with_ten_times_the_data(
    client, focus, django_capture_on_commit_callbacks
):
    populate(SMALL, focus)
    small = statements_of_every_case(client, focus, django_capture_on_commit_callbacks)
    populate(LARGE - SMALL, focus)

    large = statements_of_every_case(client, focus, django_capture_on_commit_callbacks)

    sent = Message.objects.filter(status=Message.Status.SENT)
    assert Counter(sent.values_list("kind", flat=True)) == {
        "confirmed": 4,
        "waitlisted": 4,
        "promoted": 4,
        "place_cancelled": 6,
    }
    assert rows_per_round(focus) == {
        "governments with the focus theme": 1,
        "events hosted": 1,
        "sessions of the webinar": 1,
        "registrations for the webinar": 2,
        "registrations of the participant": 1,
        "teams of the participant": 1,
        "secondments of the participant": 1,
        "members of the team": 2,
        "deliverables of the team": 3,
        "learnings about the government": 1,
        "API tokens of the participant": 1,
        "themes of the learning": 1,
        "sessions the participant speaks at": 1,
        "materials of the webinar and its sessions": 9,
        "materials of the learning": 3,
    }
    grown = [
        growth(label, small[label], large[label])
        for label in small
        if len(small[label]) != len(large[label])
    ]
    assert grown == [], "\n".join(grown)
