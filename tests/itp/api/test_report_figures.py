"""The coordinators' report figures through the API: the same figures as the report classes
give the report pages, with the same filters and the same permission."""

import datetime
from decimal import Decimal

import pytest
from django.utils.functional import Promise
from rest_framework.test import APIClient

from itp.reports.filters import ReportFilters
from itp.reports.registry import REPORTS
from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF
from teams.models import Secondment
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    PersonFactory,
    QuestionFactory,
    RegistrationFactory,
    SecondmentFactory,
    ThemeFactory,
    UserFactory,
)
from workshops.models import Registration

pytestmark = pytest.mark.django_db

PAST = datetime.datetime(2025, 5, 6, 9, tzinfo=datetime.UTC)


@pytest.fixture
def api():
    client = APIClient()
    client.force_login(UserFactory(is_staff=True, roles=[COORDINATORS]))
    return client


@pytest.fixture
def programme():
    """Two governments, a theme, a held workshop with seats, a waitlist and an answer, a
    team and a secondment."""
    theme = ThemeFactory(slug="heat")
    lombardy = GovernmentFactory(slug="lombardy", name="Lombardy", themes=[theme])
    silesia = GovernmentFactory(slug="silesia", name="Silesia")
    workshop = EventFactory(
        slug="milan-workshop",
        starts_at=PAST,
        ends_at=PAST + datetime.timedelta(hours=8),
        host_government=lombardy,
        themes=[theme],
        capacity=2,
    )
    QuestionFactory(event=workshop, label="Dietary needs")
    people = [PersonFactory(government=government) for government in (lombardy, lombardy, silesia)]
    RegistrationFactory(event=workshop, person=people[0], status=Registration.Status.ATTENDED)
    RegistrationFactory(event=workshop, person=people[1], status=Registration.Status.ABSENT)
    RegistrationFactory(
        event=workshop, person=people[2], status=Registration.Status.WAITLISTED, waitlist_order=1
    )
    InnovationTeamFactory(theme=theme, lead_government=lombardy)
    SecondmentFactory(
        person=people[2],
        host_government=lombardy,
        theme=theme,
        status=Secondment.Status.COMPLETED,
        starts_on=datetime.date(2025, 1, 6),
        ends_on=datetime.date(2025, 3, 28),
    )
    return {"theme": theme, "lombardy": lombardy, "workshop": workshop}


def as_json(value):
    """A value of a report's row as JSON holds it."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    return value


def class_figures(report):
    return [
        [[as_json(value) for value in row] for row in section.rows] for section in report.sections()
    ]


@pytest.mark.parametrize(
    ("name", "query", "filters"),
    [
        ("programme-summary", "", {}),
        ("participation", "", {}),
        ("participation", "?government=lombardy&theme=heat", {"government", "theme"}),
        ("teams", "?from=2025-01-01&to=2025-12-31", {"date_from", "date_to"}),
        ("secondments", "?theme=heat", {"theme"}),
        ("attendance", "?event=milan-workshop", {"event"}),
        ("feedback", "?from=2025-01-01", {"date_from"}),
    ],
)
def test_report_figures_equal_the_report_pages_figures(api, programme, name, query, filters):
    values = {
        "government": programme["lombardy"],
        "theme": programme["theme"],
        "event": programme["workshop"],
        "date_from": datetime.date(2025, 1, 1),
        "date_to": datetime.date(2025, 12, 31),
    }
    report = REPORTS[name](ReportFilters(**{key: values[key] for key in filters}))

    response = api.get(f"/api/v1/reports/{name}/{query}")

    figures = response.json()
    assert (figures["report"], figures["title"]) == (name, str(report.title))
    assert figures["filters"] == report.filters.as_query()
    assert [section["title"] for section in figures["sections"]] == [
        str(section.title) for section in report.sections()
    ]
    assert [
        [column["title"] for column in section["columns"]] for section in figures["sections"]
    ] == [[str(column.header) for column in section.columns] for section in report.sections()]
    assert [section["rows"] for section in figures["sections"]] == class_figures(report)


def test_participation_figures_are_numbers(api, programme):
    response = api.get("/api/v1/reports/participation/?government=lombardy")

    (section,) = response.json()["sections"]
    (row,) = section["rows"]
    headers = [column["title"] for column in section["columns"]]
    figures = dict(zip(headers, row, strict=True))
    assert (figures["Government"], figures["Registrations"], figures["Attended"]) == (
        "Lombardy",
        2,
        1,
    )
    assert figures["Attendance rate (%)"] == 50.0
    assert section["columns"][1] == {"title": "People", "kind": "integer"}


def test_report_figures_show_a_new_registration_on_the_next_request(api, programme):
    def lombardy_registrations():
        response = api.get("/api/v1/reports/participation/?government=lombardy")
        (section,) = response.json()["sections"]
        headers = [column["title"] for column in section["columns"]]
        return dict(zip(headers, section["rows"][0], strict=True))["Registrations"]

    before = lombardy_registrations()
    RegistrationFactory(
        event=programme["workshop"],
        person=PersonFactory(government=programme["lombardy"]),
        status=Registration.Status.ATTENDED,
    )

    assert (before, lombardy_registrations()) == (2, 3)


def test_reports_list_names_every_report_with_its_filters(api):
    response = api.get("/api/v1/reports/")

    reports = {report["name"]: report for report in response.json()}
    assert list(reports) == list(REPORTS)
    assert reports["attendance"]["filters"] == ["event", "government"]
    assert reports["participation"]["filters"] == ["from", "to", "government", "theme"]
    assert reports["teams"]["url"] == "http://testserver/api/v1/reports/teams/"
    assert reports["teams"]["html_url"] == "http://testserver/reports/teams/"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("participation/?from=yesterday", "from"),
        ("participation/?from=2025-02-01&to=2025-01-01", "to"),
        ("participation/?government=" + "x" * 5000, "government"),
        ("participation/?theme=nope", "theme"),
        ("attendance/", "event"),
        ("attendance/?event=no-such-event", "event"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api, query, field):
    response = api.get(f"/api/v1/reports/{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == [field]
    assert "x" * 300 not in response.content.decode()


def test_an_unknown_report_is_a_404(api):
    response = api.get("/api/v1/reports/nope/")

    assert response.status_code == 404
    assert response.json()["status"] == 404


@pytest.mark.parametrize(
    ("roles", "status"),
    [([PARTICIPANTS], 403), ([], 403), ([PROGRAMME_STAFF], 200), ([COORDINATORS], 200)],
)
def test_only_holders_of_the_export_permission_read_the_figures(roles, status):
    client = APIClient()
    client.force_login(UserFactory(roles=roles))

    statuses = {
        client.get(path).status_code for path in ("/api/v1/reports/", "/api/v1/reports/teams/")
    }

    assert statuses == {status}


def test_anonymous_visitors_are_refused_the_figures():
    response = APIClient().get("/api/v1/reports/teams/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"] == "Authentication credentials were not provided."
