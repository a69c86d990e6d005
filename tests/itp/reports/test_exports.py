"""What the report downloads contain: CSV, XLSX and PDF, read back as a spreadsheet program or
a PDF viewer would, and checked against the database."""

import csv
import datetime
import io
import re

import pytest
from django.db.models import Q
from django.utils import timezone
from pypdf import PdfReader

from itp.common.spreadsheets import FORMULA_TRIGGERS
from itp.models import Learning
from itp.templatetags.report_cells import breakable
from regions.models import Government, Person
from teams.models import Deliverable, InnovationTeam, Membership, Secondment
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

from .downloads import MILAN, column, csv_sections, pdf_text, squeezed, workbook

pytestmark = pytest.mark.django_db

HELD_STATUSES = (
    Secondment.Status.APPROVED,
    Secondment.Status.UNDER_WAY,
    Secondment.Status.COMPLETED,
)

# Each report's query string, and the header row of each of its sections.
QUERIES = {
    "programme-summary": "",
    "participation": "",
    "attendance": f"?event={MILAN}",
    "teams": "",
    "secondments": "",
}
HEADERS = {
    "programme-summary": [
        ["Measure", "Value"],
        ["Kind", "Events"],
        ["Status", "Teams"],
        ["Status", "Deliverables"],
        [
            "Government",
            "Population",
            "GDP (bn USD)",
            "Emissions (Mt CO2e)",
            "Industry share (%)",
            "Events hosted",
            "Participants",
            "Registrations",
            "Attendance rate (%)",
            "Teams",
            "Secondments out",
            "Secondment-days",
            "Learnings",
        ],
    ],
    "participation": [
        [
            "Government",
            "People",
            "Registrations",
            "Attended",
            "Attendance rate (%)",
            "Events attended",
            "Team memberships",
            "Secondments out",
            "Secondments in",
            "Secondment-days out",
            "Secondment-days in",
        ]
    ],
    "attendance": [
        ["Event", "Event date", "Name", "Government", "Organisation", "Job title", "Status"],
        ["Event", "Event date", "Place", "Name", "Government", "Organisation", "Job title"],
    ],
    "teams": [
        ["Team", "Name", "Role", "Government or organisation", "From", "To"],
        ["Team", "Deliverable", "Kind", "Due", "Status", "Overdue", "Visibility"],
    ],
    "secondments": [
        ["Person", "Home government", "Host", "Starts", "Ends", "Days", "Status", "Theme"]
    ],
}
FORMULA_NAMES = ['=HYPERLINK("http://x")', "+SUM(1,2)", "-2+3", "@cmd", "\t=1+1"]


def held_secondments():
    return Secondment.objects.filter(status__in=HELD_STATUSES)


def days(secondment):
    return (secondment.ends_on - secondment.starts_on).days + 1


@pytest.mark.parametrize("name", list(QUERIES))
def test_report_csv_header_rows_are_the_column_headers(demo_coordinator_client, name):
    response = demo_coordinator_client.get(f"/reports/{name}.csv{QUERIES[name]}")

    assert [section[0] for section in csv_sections(response)] == HEADERS[name]


@pytest.mark.parametrize("name", [name for name in QUERIES if name != "attendance"])
def test_report_csv_is_streamed_with_a_dated_filename(demo_coordinator_client, name):
    response = demo_coordinator_client.get(f"/reports/{name}.csv{QUERIES[name]}")

    today = timezone.localdate().isoformat()
    assert response.streaming is True
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="itp-{name}-{today}.csv"'


@pytest.mark.parametrize(
    ("format", "content_type"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("pdf", "application/pdf"),
    ],
)
def test_report_download_filename_names_report_date_and_extension(
    demo_coordinator_client, format, content_type
):
    response = demo_coordinator_client.get(f"/reports/secondments.{format}")

    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="itp-secondments-{today}.{format}"'
    )


def test_programme_summary_csv_activity_matches_the_database(demo_coordinator_client):
    published = Event.objects.filter(status=Event.Status.PUBLISHED)
    registrations = Registration.objects.filter(event__in=published)
    seats = registrations.filter(status__in=["registered", "attended", "absent"]).count()
    attended = registrations.filter(status=Registration.Status.ATTENDED).count()
    today = timezone.localdate()

    response = demo_coordinator_client.get("/reports/programme-summary.csv")

    activity = csv_sections(response)[0]
    assert dict(activity[1:]) == {
        "Events held": str(published.filter(ends_at__lte=timezone.now()).count()),
        "Registrations": str(registrations.count()),
        "Attendance rate (%)": f"{attended * 100 / seats:.1f}",
        "Teams": str(InnovationTeam.objects.count()),
        "Overdue deliverables": str(
            Deliverable.objects.filter(due_on__lt=today)
            .exclude(status=Deliverable.Status.DONE)
            .count()
        ),
        "Secondments": str(held_secondments().count()),
        "Secondment-days": str(sum(days(secondment) for secondment in held_secondments())),
        "Learnings published": str(Learning.objects.filter(is_published=True).count()),
    }


def test_programme_summary_csv_counts_events_by_kind(demo_coordinator_client):
    EventFactory(kind=Event.Kind.STUDY_VISIT)
    EventFactory(kind=Event.Kind.WEBINAR, status=Event.Status.DRAFT)
    published = Event.objects.filter(status=Event.Status.PUBLISHED)
    kinds = dict(Event.Kind.choices)

    response = demo_coordinator_client.get("/reports/programme-summary.csv")

    by_kind = csv_sections(response)[1]
    assert dict(by_kind[1:]) == {
        str(kinds[kind]): str(published.filter(kind=kind).count())
        for kind in set(published.values_list("kind", flat=True))
    }


def test_programme_summary_csv_by_government_matches_the_database(demo_coordinator_client):
    expected = []
    for government in Government.objects.filter(is_active=True).order_by("name"):
        registrations = Registration.objects.filter(
            person__government=government, event__status=Event.Status.PUBLISHED
        )
        expected.append(
            [
                government.name,
                str(government.population),
                str(registrations.values("person").distinct().count()),
                str(registrations.count()),
                str(held_secondments().filter(home_government=government).count()),
            ]
        )

    response = demo_coordinator_client.get("/reports/programme-summary.csv")

    rows = csv_sections(response)[4]
    assert [[row[0], row[1], row[6], row[7], row[10]] for row in rows[1:]] == expected


def test_programme_summary_counts_each_team_once_per_government(demo_coordinator_client):
    expected = {
        government.name: str(
            InnovationTeam.objects.filter(
                Q(lead_government=government) | Q(member_governments=government)
            )
            .distinct()
            .count()
        )
        for government in Government.objects.filter(is_active=True)
    }

    response = demo_coordinator_client.get("/reports/programme-summary.csv")

    rows = csv_sections(response)[4]
    # Lombardy leads one team of four governments and belongs to no other.
    assert expected["Lombardy"] == "1"
    assert {row[0]: row[9] for row in rows[1:]} == expected


def test_participation_csv_has_one_row_per_government_matching_the_database(
    demo_coordinator_client,
):
    expected = []
    for government in Government.objects.filter(is_active=True).order_by("name"):
        registrations = Registration.objects.filter(person__government=government)
        expected.append(
            [
                government.name,
                str(Person.objects.filter(government=government).count()),
                str(registrations.count()),
                str(registrations.filter(status=Registration.Status.ATTENDED).count()),
                str(Membership.objects.filter(person__government=government).count()),
                str(held_secondments().filter(home_government=government).count()),
                str(held_secondments().filter(host_government=government).count()),
                str(sum(map(days, held_secondments().filter(home_government=government)))),
                str(sum(map(days, held_secondments().filter(host_government=government)))),
            ]
        )

    response = demo_coordinator_client.get("/reports/participation.csv")

    (rows,) = csv_sections(response)
    assert [[*row[0:4], *row[6:11]] for row in rows[1:]] == expected


def test_teams_csv_lists_every_membership(demo_coordinator_client):
    expected = [
        [
            membership.team.name,
            membership.person.name,
            membership.get_role_display(),
            str(membership.person.government or membership.person.organisation or ""),
            membership.started_on.isoformat(),
            membership.ended_on.isoformat() if membership.ended_on else "",
        ]
        for membership in Membership.objects.all()
    ]

    response = demo_coordinator_client.get("/reports/teams.csv")

    members = csv_sections(response)[0]
    assert sorted(members[1:]) == sorted(expected)


def test_teams_csv_marks_overdue_deliverables(demo_coordinator_client):
    today = timezone.localdate()
    expected = [
        [
            deliverable.team.name,
            deliverable.title,
            deliverable.due_on.isoformat(),
            deliverable.get_status_display(),
            "overdue"
            if deliverable.due_on < today and deliverable.status != Deliverable.Status.DONE
            else "",
        ]
        for deliverable in Deliverable.objects.all()
    ]

    response = demo_coordinator_client.get("/reports/teams.csv")

    deliverables = csv_sections(response)[1]
    rows = [[row[0], row[1], row[3], row[4], row[5]] for row in deliverables[1:]]
    assert sorted(rows) == sorted(expected)
    assert column(deliverables, "Overdue").count("overdue") == 1


def test_secondments_csv_has_one_row_per_held_secondment_with_its_duration(
    demo_coordinator_client,
):
    SecondmentFactory(person=PersonFactory(name="Cancelled Secondee"), status="cancelled")
    expected = [
        [
            secondment.person.name,
            secondment.home_government.name,
            str(secondment.host_government or secondment.host_organisation),
            secondment.starts_on.isoformat(),
            secondment.ends_on.isoformat(),
            str(days(secondment)),
            secondment.get_status_display(),
            secondment.theme.name,
        ]
        for secondment in held_secondments().order_by("starts_on")
    ]

    response = demo_coordinator_client.get("/reports/secondments.csv")

    (rows,) = csv_sections(response)
    assert rows[1:] == expected
    # The completed demo secondment ran from 3 February to 30 April 2020.
    assert [rows[1][0], column(rows, "Days")[0]] == ["Callum Reid", "88"]
    assert {"Proposed", "Cancelled"}.isdisjoint(column(rows, "Status"))


@pytest.mark.parametrize("name", list(QUERIES))
def test_report_xlsx_has_a_sheet_per_section_with_bold_frozen_header(demo_coordinator_client, name):
    response = demo_coordinator_client.get(f"/reports/{name}.xlsx{QUERIES[name]}")

    sheets = workbook(response).worksheets
    assert [[cell.value for cell in sheet[1]] for sheet in sheets] == HEADERS[name]
    assert [sheet.freeze_panes for sheet in sheets] == ["A2"] * len(HEADERS[name])
    assert all(cell.font.b for sheet in sheets for cell in sheet[1])


def test_programme_summary_xlsx_sheets_are_named_after_sections(demo_coordinator_client):
    response = demo_coordinator_client.get("/reports/programme-summary.xlsx")

    assert workbook(response).sheetnames == [
        "Activity",
        "Events by kind",
        "Teams by status",
        "Deliverables by status",
        "By government",
    ]


@pytest.mark.parametrize(
    ("name", "sheet", "numbers", "dates"),
    [
        pytest.param(
            "programme-summary",
            4,
            ["Population", "GDP (bn USD)", "Participants", "Registrations", "Secondment-days"],
            [],
            id="programme-summary",
        ),
        pytest.param(
            "participation",
            0,
            HEADERS["participation"][0][1:],
            [],
            id="participation",
        ),
        pytest.param("teams", 0, [], ["From"], id="teams-members"),
        pytest.param("teams", 1, [], ["Due"], id="teams-deliverables"),
        pytest.param("secondments", 0, ["Days"], ["Starts", "Ends"], id="secondments"),
    ],
)
def test_report_xlsx_numbers_and_dates_are_typed_cells(
    demo_coordinator_client, name, sheet, numbers, dates
):
    response = demo_coordinator_client.get(f"/reports/{name}.xlsx")

    rows = list(workbook(response).worksheets[sheet].iter_rows(values_only=True))
    assert len(rows) > 1
    for header in numbers:
        assert {type(value) for value in column(rows, header)} <= {int, float}, header
    for header in dates:
        assert {type(value) for value in column(rows, header)} == {datetime.datetime}, header


def test_secondments_xlsx_values_match_the_database(demo_coordinator_client):
    expected = [
        (
            secondment.person.name,
            datetime.datetime.combine(secondment.starts_on, datetime.time()),
            datetime.datetime.combine(secondment.ends_on, datetime.time()),
            days(secondment),
        )
        for secondment in held_secondments().order_by("starts_on")
    ]

    response = demo_coordinator_client.get("/reports/secondments.xlsx")

    sheet = workbook(response).active
    rows = [
        (row[0], row[3], row[4], row[5]) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert rows == expected
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["F"].width) == (24, 8)


def test_programme_summary_xlsx_registrations_total_is_a_number(demo_coordinator_client):
    response = demo_coordinator_client.get("/reports/programme-summary.xlsx")

    activity = workbook(response)["Activity"]
    values = dict(activity.iter_rows(min_row=2, values_only=True))
    assert values["Registrations"] == Registration.objects.count()
    assert values["Secondments"] == held_secondments().count()


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


@pytest.fixture
def formula_attendees():
    """An event whose attendees' names a spreadsheet would run as formulas."""
    event = EventFactory(slug="formula-workshop")
    government = GovernmentFactory(name="@Government")
    for name in FORMULA_NAMES:
        RegistrationFactory(event=event, person=PersonFactory(name=name, government=government))
    return event


def test_attendance_csv_makes_formula_names_inert(demo_coordinator_client, formula_attendees):
    response = demo_coordinator_client.get("/reports/attendance.csv?event=formula-workshop")

    rows, _waitlist = csv_sections(response)
    # A tab is also a separator: the "=" after it gets an apostrophe of its own.
    assert sorted(column(rows, "Name")) == sorted(
        ['\'=HYPERLINK("http://x")', "'+SUM(1,2)", "'-2+3", "'@cmd", "'\t'=1+1"]
    )
    assert set(column(rows, "Government")) == {"'@Government"}


def test_attendance_xlsx_makes_formula_names_inert_text(demo_coordinator_client, formula_attendees):
    response = demo_coordinator_client.get("/reports/attendance.xlsx?event=formula-workshop")

    sheet = workbook(response).active
    names = [row[2] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in names) == sorted("'" + name for name in FORMULA_NAMES)
    assert {cell.data_type for cell in names} == {"s"}


def test_xlsx_keeps_numbers_numeric_beside_formula_text(demo_coordinator_client):
    person = PersonFactory(name='=HYPERLINK("http://x")')
    SecondmentFactory(person=person, status=Secondment.Status.APPROVED)

    response = demo_coordinator_client.get("/reports/secondments.xlsx")

    sheet = workbook(response).active
    (row,) = [row for row in sheet.iter_rows(min_row=2) if row[0].value.startswith("'")]
    assert (row[0].value, row[0].data_type) == ('\'=HYPERLINK("http://x")', "s")
    assert (row[5].value, row[5].data_type) == (90, "n")
    assert row[3].is_date


def test_participation_xlsx_counts_stay_numbers_for_a_formula_named_government(
    demo_coordinator_client,
):
    government = GovernmentFactory(name="-Minus Region")
    RegistrationFactory(person=PersonFactory(government=government))

    response = demo_coordinator_client.get("/reports/participation.xlsx")

    sheet = workbook(response).active
    (row,) = [row for row in sheet.iter_rows(min_row=2) if row[0].value == "'-Minus Region"]
    assert [(cell.value, cell.data_type) for cell in row[:3]] == [
        ("'-Minus Region", "s"),
        (1, "n"),
        (1, "n"),
    ]


# A formula after a separator that a spreadsheet program may split on, whatever the file's own
# separator: a semicolon (the list separator of many European locales), a comma, a tab.
SEPARATED_FORMULAS = ["Fiona;=1+1;x", "Fiona,=1+1,x", "x\t=1+1"]


@pytest.fixture
def separated_formulas():
    """Attendees of one event whose name, job title, government and organisation each hide a
    formula behind a separator."""
    event = EventFactory(slug="separated-formulas")
    registrations = []
    for text in SEPARATED_FORMULAS:
        person = PersonFactory(
            name=text,
            job_title=text,
            government=GovernmentFactory(name=text),
            organisation=OrganisationFactory(name=text),
        )
        registrations.append(RegistrationFactory(event=event, person=person))
    return registrations


def live_formulas(content):
    """The cells of a CSV download that a spreadsheet program would run, read as programs read
    it: with quoting respected, split on semicolons, and separately on commas and on tabs."""
    text = content.decode("utf-8").removeprefix("\ufeff")
    return [
        (delimiter, cell)
        for delimiter in (";", ",", "\t")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for cell in row
        if cell.startswith(FORMULA_TRIGGERS) or cell.lstrip().startswith(FORMULA_TRIGGERS)
    ]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/reports/attendance.csv?event=separated-formulas"),
        ("get", "/reports/participation.csv"),
        ("post", "/admin/regions/person/"),
        ("post", "/admin/workshops/registration/"),
    ],
)
def test_csv_downloads_keep_a_formula_behind_a_separator_inert(
    demo_coordinator_client, separated_formulas, method, url
):
    selected = {
        "/admin/regions/person/": [registration.person for registration in separated_formulas],
        "/admin/workshops/registration/": separated_formulas,
    }.get(url)
    if selected:
        data = {"action": "export_csv", "_selected_action": [item.pk for item in selected]}
        response = demo_coordinator_client.post(url, data)
    else:
        response = demo_coordinator_client.get(url)

    content = body(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert all(text.split("=")[0] in content.decode() for text in SEPARATED_FORMULAS)
    assert live_formulas(content) == []


def test_csv_download_quotes_every_field(demo_coordinator_client, separated_formulas):
    response = demo_coordinator_client.get("/reports/attendance.csv?event=separated-formulas")

    lines = body(response).decode("utf-8").removeprefix("\ufeff").splitlines()
    assert lines[0] == (
        '"Event","Event date","Name","Government","Organisation","Job title","Status"'
    )
    # Every line but the empty one between the seat holders and the waitlist.
    assert all(line.startswith('"') and line.endswith('"') for line in lines if line)
    assert lines.count("") == 1


def test_attendance_xlsx_keeps_separated_formulas_as_plain_text(
    demo_coordinator_client, separated_formulas
):
    response = demo_coordinator_client.get("/reports/attendance.xlsx?event=separated-formulas")

    sheet = workbook(response).active
    cells = [cell for row in sheet.iter_rows(min_row=2, min_col=3, max_col=6) for cell in row]
    assert sorted({cell.value for cell in cells}) == sorted(SEPARATED_FORMULAS)
    assert {cell.data_type for cell in cells} == {"s"}


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


def test_attendance_xlsx_drops_control_characters_stored_before_they_were_refused(
    demo_coordinator_client,
):
    # Rows written before single-line fields refused control characters (or through the ORM)
    # still hold them; openpyxl refuses such text, and the export must not fail on it.
    event = EventFactory(slug="stored-control-characters")
    person = PersonFactory(name="Fiona")
    Person.objects.filter(pk=person.pk).update(name="Fi\x0bona Mac\x1bLeod")
    RegistrationFactory(event=event, person=person)

    response = demo_coordinator_client.get(f"/reports/attendance.xlsx?event={event.slug}")

    assert response.status_code == 200
    rows = list(workbook(response).active.iter_rows(values_only=True))
    assert column(rows, "Name") == ["Fiona MacLeod"]


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
