"""The reports' pages and downloads: who may see them, what the filters do, what is recorded,
and what the pages cost."""

import csv
import datetime
import io
import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from itp.models import ReportDownload, Theme
from regions.models import Government, Person
from teams.models import InnovationTeam, Secondment
from tests.conftest import demo_user
from tests.factories import (
    DeliverableFactory,
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
    SecondmentFactory,
    UserFactory,
)
from tests.html import body
from workshops.models import Event, Registration

pytestmark = pytest.mark.django_db

MILAN = "milan-kick-off-workshop-2019"
REPORT_NAMES = ["programme-summary", "participation", "attendance", "teams", "secondments"]
EVENT_QUERY = {"attendance": f"?event={MILAN}"}
REPORT_URLS = [
    "/reports/",
    *(f"/reports/{name}/{EVENT_QUERY.get(name, '')}" for name in REPORT_NAMES),
    *(
        f"/reports/{name}.{format}{EVENT_QUERY.get(name, '')}"
        for name in REPORT_NAMES
        for format in ("csv", "xlsx", "pdf")
    ),
]
SELECT_A_VALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."


def csv_rows(response):
    return list(csv.reader(io.StringIO(body(response).decode().removeprefix("\ufeff"))))


def section_rows(response, index=0):
    """The rows of one section of a report page, as the view hands them to the template."""
    return response.context["sections"][index]["rows"]


def test_report_urls_send_anonymous_visitors_to_log_in(client, demo):
    redirects = {url: client.get(url) for url in REPORT_URLS}

    assert {url: (r.status_code, r.url) for url, r in redirects.items()} == {
        url: (302, f"/accounts/login/?next={quote(url, safe='/')}") for url in REPORT_URLS
    }
    assert ReportDownload.objects.count() == 0


def test_report_urls_refuse_participants_without_export_permission(client, demo):
    client.force_login(demo_user("demo-participant"))

    statuses = {url: client.get(url).status_code for url in REPORT_URLS}

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
    assert "/reports/attendance.csv" not in content
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


FILTER_FIELDS = {
    "programme-summary": ["from", "to", "government", "theme"],
    "participation": ["from", "to", "government", "theme"],
    "attendance": ["event", "government"],
    "teams": ["from", "to", "government", "theme"],
    "secondments": ["from", "to", "government", "theme"],
}


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_report_form_shows_only_the_filters_the_report_honours(demo_coordinator_client, name):
    response = demo_coordinator_client.get(f"/reports/{name}/{EVENT_QUERY.get(name, '')}")

    content = response.content.decode()
    fields = ("from", "to", "government", "theme", "event")
    shown = sorted(
        (field for field in fields if f'name="{field}"' in content),
        key=lambda field: content.index(f'name="{field}"'),
    )
    assert shown == FILTER_FIELDS[name]


def test_report_download_links_carry_only_the_filters_the_report_honours(demo_coordinator_client):
    response = demo_coordinator_client.get(
        f"/reports/attendance/?event={MILAN}&government=wales&theme=sustainable-hydrogen&from=2020-01-01"
    )

    content = response.content.decode()
    assert f'href="/reports/attendance.csv?government=wales&amp;event={MILAN}"' in content
    assert "theme=" not in content.split('id="downloads-heading"')[1]
    assert "from=" not in content.split('id="downloads-heading"')[1]


def test_report_dates_are_picked_with_date_inputs_labelled_with_their_format(
    demo_coordinator_client,
):
    response = demo_coordinator_client.get("/reports/secondments/?from=2020-01-01")

    content = response.content.decode()
    assert '<input type="date" name="from" value="2020-01-01"' in content
    assert '<input type="date" name="to"' in content
    assert 'for="id_from"' in content
    assert 'aria-describedby="id_from_helptext"' in content
    assert "The first day counted, as YYYY-MM-DD." in content


def test_participation_filtered_by_government_has_one_row(demo_coordinator_client):
    page = demo_coordinator_client.get("/reports/participation/?government=lombardy")
    download = demo_coordinator_client.get("/reports/participation.csv?government=lombardy")

    assert [row[0] for row in section_rows(page)] == ["Lombardy"]
    assert [row[0] for row in csv_rows(download)[1:]] == ["Lombardy"]


def test_participation_without_filter_has_a_row_per_active_government(demo_coordinator_client):
    response = demo_coordinator_client.get("/reports/participation/")

    assert [row[0] for row in section_rows(response)] == list(
        Government.objects.filter(is_active=True).order_by("name").values_list("name", flat=True)
    )


def test_secondments_filtered_by_dates_keeps_only_overlapping_ones(demo_coordinator_client):
    # The demo's completed secondment ran from 3 February to 30 April 2020.
    for name, starts_on, ends_on in [
        ("Ends the day before", datetime.date(2020, 1, 1), datetime.date(2020, 4, 29)),
        ("Inside", datetime.date(2020, 5, 1), datetime.date(2020, 5, 31)),
        ("Starts on the last day", datetime.date(2020, 6, 30), datetime.date(2020, 9, 30)),
        ("Starts the day after", datetime.date(2020, 7, 1), datetime.date(2020, 8, 1)),
    ]:
        SecondmentFactory(
            person=PersonFactory(name=name),
            starts_on=starts_on,
            ends_on=ends_on,
            status=Secondment.Status.COMPLETED,
        )

    response = demo_coordinator_client.get("/reports/secondments/?from=2020-04-30&to=2020-06-30")

    assert [row[0] for row in section_rows(response)] == [
        "Callum Reid",
        "Inside",
        "Starts on the last day",
    ]


def test_secondments_filtered_by_government_keeps_those_from_or_to_it(demo_coordinator_client):
    response = demo_coordinator_client.get("/reports/secondments/?government=lombardy")

    assert [(row[0], row[1], row[2]) for row in section_rows(response)] == [
        ("Mathieu Leroy", "Hauts-de-France", "Lombardy"),
        ("Chiara Colombo", "Lombardy", "Silesia"),
    ]


def test_teams_filtered_by_theme_keeps_that_themes_teams(demo_coordinator_client):
    other = InnovationTeamFactory(name="Another theme's team")
    MembershipFactory(team=other)
    DeliverableFactory(team=other)
    hydrogen = Theme.objects.get(slug="sustainable-hydrogen")

    response = demo_coordinator_client.get("/reports/teams/?theme=sustainable-hydrogen")

    expected = set(InnovationTeam.objects.filter(theme=hydrogen).values_list("name", flat=True))
    assert expected == {"Hydrogen in heavy industry"}
    assert {row[0] for row in section_rows(response, 0)} == expected
    assert {row[0] for row in section_rows(response, 1)} == expected


def test_attendance_filtered_by_government_keeps_its_people(demo_coordinator_client):
    response = demo_coordinator_client.get(f"/reports/attendance/?event={MILAN}&government=wales")

    assert sorted(row[2] for row in section_rows(response)) == sorted(
        Person.objects.filter(government__slug="wales").values_list("name", flat=True)
    )


def test_participation_filtered_by_dates_counts_only_events_in_range(demo_coordinator_client):
    lombardy = Government.objects.get(slug="lombardy")
    upcoming = Registration.objects.filter(
        person__government=lombardy, event__starts_at__date__gte=datetime.date(2020, 1, 1)
    ).count()

    response = demo_coordinator_client.get("/reports/participation/?from=2020-01-01")

    (row,) = [row for row in section_rows(response) if row[0] == "Lombardy"]
    assert (row[2], row[3]) == (upcoming, 0)  # registrations; the 2019 attendance is left out


def test_programme_summary_filtered_by_government_totals_only_its_registrations(
    demo_coordinator_client,
):
    scotland = Government.objects.get(slug="scotland")

    response = demo_coordinator_client.get("/reports/programme-summary/?government=scotland")

    activity = dict(section_rows(response, 0))
    (by_government,) = section_rows(response, 4)
    expected = Registration.objects.filter(person__government=scotland).count()
    assert by_government[7] == expected
    assert activity["Registrations"] == expected


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


def test_dashboard_shows_headline_figures(demo_coordinator_client):
    response = demo_coordinator_client.get("/reports/")

    content = response.content.decode()
    governments = Government.objects.filter(is_active=True).count()
    assert f'data-figure="governments">{governments}</dd>' in content
    assert 'data-figure="emissions">1,273 Mt CO2e</dd>' in content
    registrations = Registration.objects.filter(event__status=Event.Status.PUBLISHED).count()
    assert (
        '<tr role="row"><td role="cell" data-label="Measure">Registrations</td>'
        f'<td role="cell" data-label="Value" class="text-end">{registrations}</td></tr>'
    ) in content


def test_dashboard_draws_each_chart_with_a_table_under_it(demo_coordinator_client):
    response = demo_coordinator_client.get("/reports/")

    content = response.content.decode()
    sections = content.split('<section aria-labelledby="section-')[1:]
    titles = [section.split("</h2>")[0].split(">")[-1] for section in sections]
    charted = [
        title
        for title, section in zip(titles, sections, strict=True)
        if "<svg" in section and section.index("<svg") < section.index("<table")
    ]
    assert titles == [
        "Activity",
        "Events by kind",
        "Teams by status",
        "Deliverables by status",
        "By government",
    ]
    assert charted == titles[1:]
    assert all("<table" in section for section in sections)
    assert "<script>" not in content


def test_dashboard_offers_every_report_s_downloads_before_its_figures(demo_coordinator_client):
    response = demo_coordinator_client.get("/reports/")

    content = response.content.decode()
    downloads, rest = content.split('id="figures-heading"')
    downloads = downloads.split('id="downloads-heading"')[1]
    missing = [
        link
        for name in REPORT_NAMES
        if name != "attendance"
        for link in (
            f'href="/reports/{name}/"',
            *(f'href="/reports/{name}.{format}"' for format in ("csv", "xlsx", "pdf")),
        )
        if link not in downloads
    ]
    assert missing == []
    assert [report.name for report in response.context["reports"]] == REPORT_NAMES
    assert 'class="chart"' not in downloads
    assert 'class="chart"' in rest


def test_dashboard_sends_attendance_downloads_to_the_choice_of_an_event(demo_coordinator_client):
    response = demo_coordinator_client.get("/reports/")

    content = response.content.decode()
    assert "/reports/attendance." not in content
    assert content.count('href="/reports/attendance/"') == 2
    assert "Choose an event to download" in content


def grow_programme_tenfold():
    """Ten times the demo's events, registrations, secondments and teams, with every relation
    a row can show filled in (organisations, hosts, themes), so a missing join shows up."""
    governments = list(Government.objects.order_by("slug"))
    themes = list(Theme.objects.order_by("slug"))
    organisations = OrganisationFactory.create_batch(5)
    milan = Event.objects.get(slug=MILAN)
    people = [
        PersonFactory(government=governments[n % 10], organisation=organisations[n % 5])
        for n in range(40)
    ]
    experts = [PersonFactory(government=None, organisation=organisations[n % 5]) for n in range(9)]
    for n in range(45):
        event = EventFactory(host_government=governments[n % 10], themes=[themes[n % 5]])
        Registration.objects.bulk_create(
            RegistrationFactory.build(event=event, person=person) for person in people[n % 5 :: 5]
        )
    Registration.objects.bulk_create(
        RegistrationFactory.build(event=milan, person=person, status="attended")
        for person in people
    )
    for n, person in enumerate(people[:36]):
        host = (
            {"host_government": governments[(n + 3) % 10]}
            if n % 2
            else {"host_government": None, "host_organisation": organisations[n % 5]}
        )
        SecondmentFactory(
            person=person, theme=themes[n % 5], status=Secondment.Status.APPROVED, **host
        )
    for n in range(27):
        team = InnovationTeamFactory(
            lead_government=governments[n % 10],
            theme=themes[n % 5],
            member_governments=[governments[(n + 1) % 10], governments[(n + 2) % 10]],
        )
        MembershipFactory(team=team, person=people[n])
        MembershipFactory(team=team, person=experts[n % 9], role="expert_adviser")
        DeliverableFactory(team=team)


def test_report_pages_run_the_same_queries_with_ten_times_the_data(demo_coordinator_client):
    pages = [url for url in REPORT_URLS if not url.endswith((".xlsx", ".pdf"))]

    def queries_per_page():
        counts = {}
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                body(demo_coordinator_client.get(url))
            counts[url] = len(queries)
        return counts

    queries_per_page()  # the first requests fill caches that later ones use
    with_demo = queries_per_page()
    registrations = Registration.objects.count()
    grow_programme_tenfold()

    with_ten_times = queries_per_page()

    assert Registration.objects.count() >= 10 * registrations
    assert with_ten_times == with_demo


def test_dashboard_charts_write_plain_numbers_even_past_a_thousand(demo_coordinator_client):
    for government in GovernmentFactory.create_batch(60):
        PersonFactory(government=government)

    response = demo_coordinator_client.get("/reports/")

    charts = re.findall(r"<svg\b.*?</svg>", response.content.decode(), re.DOTALL)
    numbers = [
        value
        for chart in charts
        for value in re.findall(r'\s(?:x|y|width|height|font-size|viewBox)="([^"]*)"', chart)
    ]
    assert [number for number in numbers if not re.fullmatch(r"[\d.]+( [\d.]+)*", number)] == []
    assert max(float(number) for number in numbers if " " not in number) > 1000


def test_report_page_writes_dates_short_and_numbers_grouped(demo_coordinator_client):
    scotland = Secondment.objects.get(person__name="Callum Reid")

    content = demo_coordinator_client.get("/reports/secondments/").content.decode()
    summary = demo_coordinator_client.get("/reports/programme-summary/").content.decode()

    assert f'data-label="Starts">{scotland.starts_on:%-d %b %Y}</td>' in content
    assert 'data-label="Population" class="text-end">39,560,000</td>' in summary
