"""The reports' dashboard and pages: their figures, charts and formats, and what they cost."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from itp.models import Theme
from regions.models import Government
from teams.models import Secondment
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
)
from tests.html import body
from workshops.models import Event, Registration

from .catalogue import REPORT_NAMES, REPORT_URLS
from .downloads import MILAN

pytestmark = pytest.mark.django_db


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
            cache.clear()  # what the page costs to build, not to fetch from the cache
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


def test_dashboard_charts_write_plain_numbers_even_past_a_thousand(
    demo_coordinator_client, monkeypatch
):
    # Every government gets its own bar, so that the drawing grows past a thousand units.
    monkeypatch.setattr("itp.site.charts.MOST_BARS", 100)
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


def test_report_page_shows_the_first_rows_and_says_the_downloads_have_them_all(
    demo_coordinator_client, monkeypatch
):
    monkeypatch.setattr("itp.reports.display.PAGE_ROWS", 2)
    secondments = Secondment.objects.filter(status__in=Secondment.Status.held).count()

    page = demo_coordinator_client.get("/reports/secondments/").content.decode()
    download = demo_coordinator_client.get("/reports/secondments.csv")

    table = page.split("<tbody")[1].split("</tbody>")[0]
    assert table.count('<tr role="row">') == 2
    assert f"The first 2 of {secondments} rows are shown; the downloads have them all." in page
    assert len(body(download).decode().strip().splitlines()) > secondments > 2
