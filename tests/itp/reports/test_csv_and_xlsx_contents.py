"""What the CSV and XLSX report downloads contain, read back as a spreadsheet program would
and checked against the database."""

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone

from itp.models import Learning
from regions.models import Government, Person
from teams.models import Deliverable, InnovationTeam, Membership
from tests.factories import EventFactory, PersonFactory, SecondmentFactory
from workshops.models import Event, Registration

from .catalogue import HEADERS, QUERIES, days, held_secondments
from .downloads import column, csv_sections, workbook

pytestmark = pytest.mark.django_db


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
