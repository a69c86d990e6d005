"""What the PDF report downloads show, and that every column and long name stays on the page."""

import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from itp.templatetags.report_cells import breakable
from regions.models import Government, Person
from teams.models import Deliverable, InnovationTeam, Secondment
from tests.factories import (
    DeliverableFactory,
    EventFactory,
    GovernmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
    SecondmentFactory,
)
from tests.html import body
from tests.pdf_layout import missing_headers, runs_cut_off
from workshops.models import Event, Registration

from .catalogue import HEADERS, QUERIES, days, held_secondments
from .downloads import MILAN, pdf_text, squeezed

pytestmark = [pytest.mark.django_db, pytest.mark.once]


def pdf_expectations(name):
    """The title and the texts, computed from the database, that the report's PDF shows."""
    if name == "programme-summary":
        secondment_days = sum(map(days, held_secondments()))
        return "Programme summary", [
            f"Registrations {Registration.objects.count()}",
            f"Secondment-days {secondment_days}",
            "No filters: the whole programme.",
        ]
    if name == "participation":
        lombardy = Government.objects.get(slug="lombardy")
        registrations = Registration.objects.filter(person__government=lombardy)
        return "Participation", [
            f"Lombardy {Person.objects.filter(government=lombardy).count()} "
            f"{registrations.count()} {registrations.filter(status='attended').count()}"
        ]
    if name == "attendance":
        milan = Event.objects.get(slug=MILAN)
        names = milan.registrations.filter(status__in=Registration.Status.holding_seat).values_list(
            "person__name", flat=True
        )
        return "Sign-in sheet", [
            "Signature",
            milan.title,
            "Palazzo Lombardia, Milan",
            f"{len(names)} seat holders",
            *names,
        ]
    if name == "feedback":
        milan = Event.objects.get(slug=MILAN)
        asked = milan.registrations.filter(status="attended").count()
        return "Feedback", [
            f"{milan.title} 9 Apr 2019 {asked} 8 {Decimal(800) / asked:.1f} 4.00 0 1 1 3 3",
            "Too little on small and medium-sized firms.",
        ]
    if name == "teams":
        return "Innovation teams", [
            *InnovationTeam.objects.values_list("name", flat=True),
            *Deliverable.objects.values_list("title", flat=True),
            "overdue",
        ]
    return "Secondment register", [
        f"{secondment.person.name} {secondment.home_government.name} {secondment.host}"
        for secondment in held_secondments()
    ] + [
        f"{days(secondment)} {secondment.get_status_display()}" for secondment in held_secondments()
    ]


@pytest.mark.parametrize("name", list(QUERIES))
def test_report_pdf_shows_title_figures_and_page_numbers(demo_coordinator_client, name):
    title, expected = pdf_expectations(name)

    response = demo_coordinator_client.get(f"/reports/{name}.pdf{QUERIES[name]}")

    text, pages = pdf_text(response)
    assert body(response).startswith(b"%PDF-")
    assert text.startswith(f"Industry Transition Platform {title} ")
    assert "Generated" in text
    assert [item for item in expected if squeezed(item) not in squeezed(text)] == []
    assert f"Page 1 of {pages}" in text


def test_report_pdf_wraps_a_name_too_long_for_its_column(demo_coordinator_client):
    event = EventFactory(slug="long-name")
    RegistrationFactory(event=event, person=PersonFactory(name="X" * 200))

    response = demo_coordinator_client.get("/reports/attendance.pdf?event=long-name")

    lines = []
    PdfReader(io.BytesIO(body(response))).pages[0].extract_text(
        visitor_text=lambda text, *_: lines.append(text.strip()) if "XXX" in text else None
    )
    assert "".join(lines) == "X" * 200
    assert max(len(line) for line in lines) < 60  # a line per column width, not off the page


def test_report_pdf_breaks_only_words_longer_than_any_real_one():
    assert breakable("Industrieanlagenbau Rheinland-Pfalz") == "Industrieanlagenbau Rheinland-Pfalz"
    assert breakable("Fiona " + "X" * 35) == "Fiona " + "\u200b".join(["X" * 10] * 3 + ["X" * 5])
    assert breakable(42) == 42


def printed_headers(name):
    """The column headers a report's PDF shows: those of its sections, except for the
    attendance report, whose PDF is a sign-in sheet."""
    if name == "attendance":
        return ["Name", "Organisation and job title", "Signature"]
    return [header for headers in HEADERS[name] for header in headers]


LONG_GOVERNMENT = "Autonomous Province of Bolzano – South Tyrol"
LONG_ORGANISATION = "European Association for Low-Carbon Steel and Metal Industry"


@pytest.fixture
def long_names(demo):
    """A government and an organisation whose names are as long as real ones get, in every
    report: registered for Milan, on a secondment, in a team, owing a deliverable."""
    assert len(LONG_ORGANISATION) == 60
    government = GovernmentFactory(name=LONG_GOVERNMENT, slug="bolzano-south-tyrol")
    organisation = OrganisationFactory(name=LONG_ORGANISATION)
    official = PersonFactory(name="Maximilian Oberhollenzer-Wassertheurer", government=government)
    expert = PersonFactory(
        name="Anne-Sophie Vandenberghe", government=None, organisation=organisation
    )
    milan = Event.objects.get(slug=MILAN)
    RegistrationFactory(event=milan, person=official, status=Registration.Status.ATTENDED)
    RegistrationFactory(event=milan, person=expert, status=Registration.Status.ATTENDED)
    SecondmentFactory(
        person=official,
        host_government=None,
        host_organisation=organisation,
        status=Secondment.Status.APPROVED,
    )
    team = InnovationTeam.objects.order_by("name").first()
    MembershipFactory(team=team, person=expert)
    DeliverableFactory(team=team, title=f"Roadmap for {LONG_ORGANISATION}")


@pytest.mark.parametrize("name", list(QUERIES))
def test_report_pdf_draws_every_column_on_the_page(demo_coordinator_client, name):
    response = demo_coordinator_client.get(f"/reports/{name}.pdf{QUERIES[name]}")

    pdf = body(response)
    assert missing_headers(pdf, printed_headers(name)) == []
    assert runs_cut_off(pdf) == []


@pytest.mark.parametrize(
    ("name", "names"),
    [
        ("programme-summary", [LONG_GOVERNMENT, "North Rhine-Westphalia"]),
        ("participation", [LONG_GOVERNMENT, "North Rhine-Westphalia"]),
        ("attendance", [LONG_GOVERNMENT, LONG_ORGANISATION]),
        ("teams", [LONG_ORGANISATION, f"Roadmap for {LONG_ORGANISATION}"]),
        ("secondments", [LONG_GOVERNMENT, LONG_ORGANISATION]),
    ],
)
def test_report_pdf_keeps_long_names_on_the_page(demo_coordinator_client, long_names, name, names):
    response = demo_coordinator_client.get(f"/reports/{name}.pdf{QUERIES[name]}")

    pdf = body(response)
    assert missing_headers(pdf, [*printed_headers(name), *names]) == []
    assert runs_cut_off(pdf) == []


def test_report_pdf_writes_dates_and_figures_in_the_site_s_formats(demo_coordinator_client):
    scotland = Secondment.objects.get(person__name="Callum Reid")

    response = demo_coordinator_client.get("/reports/secondments.pdf?from=2020-01-01&to=2020-12-31")

    text, _pages = pdf_text(response)
    generated = re.search(r"Generated (.+?)\. Filters: (.+?) Secondments Person ", text)
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} UTC", generated[1])
    assert generated[2] == "From: 1 January 2020; To: 31 December 2020"
    assert squeezed(f"{scotland.starts_on:%-d %b %Y}") in squeezed(text)
    assert scotland.starts_on.isoformat() not in text


def test_programme_summary_pdf_writes_populations_with_thousands_separators(
    demo_coordinator_client,
):
    response = demo_coordinator_client.get("/reports/programme-summary.pdf")

    text, _pages = pdf_text(response)
    assert "39,560,000" in text
    assert "39560000" not in squeezed(text)
