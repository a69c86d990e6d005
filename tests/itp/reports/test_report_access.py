"""Who may see the reports' pages and downloads, what a bad request gets, and which downloads
are recorded."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission

from itp.models import ReportDownload
from tests.conftest import demo_user
from tests.factories import (
    UserFactory,
)
from tests.html import body

from .catalogue import REPORT_URLS
from .downloads import MILAN

pytestmark = pytest.mark.django_db


SELECT_A_VALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."


def test_report_urls_send_anonymous_visitors_to_log_in(client, demo):
    redirects = {url: client.get(url) for url in REPORT_URLS}

    assert {url: (r.status_code, r.url) for url, r in redirects.items()} == {
        url: (302, f"/accounts/login/?next={quote(url, safe='/')}") for url in REPORT_URLS
    }
    assert ReportDownload.objects.count() == 0


def test_report_urls_refuse_participants_without_export_permission(demo_participant_client):
    statuses = {url: demo_participant_client.get(url).status_code for url in REPORT_URLS}

    assert statuses == dict.fromkeys(REPORT_URLS, 403)
    assert ReportDownload.objects.count() == 0


def test_report_urls_refuse_staff_without_export_permission(client, demo):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename="view_registration"))
    client.force_login(staff)

    statuses = {url: client.get(url).status_code for url in REPORT_URLS}

    assert statuses == dict.fromkeys(REPORT_URLS, 403)


@pytest.mark.parametrize(
    "url",
    ["/reports/nope/", "/reports/nope.csv", "/reports/nope.pdf", "/reports/teams.doc"],
)
def test_unknown_report_or_format_is_not_found(demo_coordinator_client, url):
    response = demo_coordinator_client.get(url)

    assert response.status_code == 404
    assert ReportDownload.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/reports/participation/?from=2020-02-31", "From: Enter a valid date."),
        ("/reports/participation.csv?from=2020-02-31", "From: Enter a valid date."),
        (
            "/reports/secondments/?from=2020-05-01&to=2020-04-01",
            "To: The end date is before the start date.",
        ),
        (
            "/reports/secondments.xlsx?from=2020-05-01&to=2020-04-01",
            "To: The end date is before the start date.",
        ),
        ("/reports/participation/?government=nope", f"Government: {SELECT_A_VALID_CHOICE}"),
        ("/reports/participation.pdf?government=nope", f"Government: {SELECT_A_VALID_CHOICE}"),
        ("/reports/teams.csv?theme=nope", f"Theme: {SELECT_A_VALID_CHOICE}"),
        ("/reports/attendance.csv?event=nope", f"Event: {SELECT_A_VALID_CHOICE}"),
        ("/reports/attendance.csv", "Choose an event for the attendance report."),
        ("/reports/attendance.pdf", "Choose an event for the attendance report."),
        ("/reports/attendance/?event=", "Choose an event for the attendance report."),
    ],
)
def test_bad_filter_is_a_bad_request_with_its_message(demo_coordinator_client, url, message):
    response = demo_coordinator_client.get(url)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert ReportDownload.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    ["/reports/attendance.csv", "/reports/attendance.xlsx", "/reports/attendance.pdf"],
)
def test_attendance_download_without_event_is_a_page_that_asks_for_one(
    demo_coordinator_client, url
):
    response = demo_coordinator_client.get(url)

    content = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Attendance</h1>" in content
    assert '<select name="event"' in content
    assert 'action="/reports/attendance/"' in content
    # No download link (the language menu may bring the person back to this address).
    assert 'href="/reports/attendance.csv' not in content
    assert ReportDownload.objects.count() == 0


def test_attendance_page_without_event_offers_the_events_and_no_downloads(demo_coordinator_client):
    response = demo_coordinator_client.get("/reports/attendance/")

    content = response.content.decode()
    choices = list(response.context["form"].fields["event"].queryset)
    assert "Choose an event to see who holds a seat" in content
    assert "sections" not in response.context
    assert "/reports/attendance.csv" not in content
    assert "/reports/attendance.pdf" not in content
    assert choices == sorted(choices, key=lambda event: event.starts_at, reverse=True)
    assert '<option value="milan-kick-off-workshop-2019">ITP kick-off workshop, Milan, ' in content


def test_attendance_page_links_downloads_of_the_chosen_event(demo_coordinator_client):
    response = demo_coordinator_client.get(f"/reports/attendance/?event={MILAN}")

    content = response.content.decode()
    for format in ("csv", "xlsx", "pdf"):
        assert f'href="/reports/attendance.{format}?event={MILAN}"' in content
    assert "PDF sign-in sheet" in content


@pytest.mark.parametrize(
    ("url", "report", "format", "filters"),
    [
        (
            "/reports/participation.csv?government=lombardy",
            "participation",
            "csv",
            {"government": "lombardy"},
        ),
        (
            "/reports/secondments.xlsx?from=2020-01-01&to=2020-12-31&theme=sustainable-hydrogen",
            "secondments",
            "xlsx",
            {"from": "2020-01-01", "to": "2020-12-31", "theme": "sustainable-hydrogen"},
        ),
        (f"/reports/attendance.pdf?event={MILAN}", "attendance", "pdf", {"event": MILAN}),
        ("/reports/teams.csv", "teams", "csv", {}),
    ],
)
def test_report_download_is_recorded_with_user_and_filters(
    demo_coordinator_client, url, report, format, filters
):
    body(demo_coordinator_client.get(url))

    assert list(
        ReportDownload.objects.values_list("user__username", "report", "format", "filters")
    ) == [("demo-coordinator", report, format, filters)]


def test_report_page_is_not_recorded_as_a_download(demo_coordinator_client):
    demo_coordinator_client.get("/reports/participation/?government=lombardy")

    assert ReportDownload.objects.count() == 0


def test_report_downloads_are_listed_in_the_admin_for_staff(client, demo_coordinator_client):
    body(demo_coordinator_client.get("/reports/participation.csv?government=lombardy"))
    client.force_login(demo_user("demo-staff"))

    response = client.get("/admin/itp/reportdownload/")

    (download,) = response.context["cl"].result_list
    assert (download.user.username, download.report, download.format, download.filters) == (
        "demo-coordinator",
        "participation",
        "csv",
        {"government": "lombardy"},
    )
    content = response.content.decode()
    assert "demo-coordinator" in content
    assert "{&quot;government&quot;: &quot;lombardy&quot;}" in content
