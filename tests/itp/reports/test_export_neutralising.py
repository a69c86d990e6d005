"""What a download does with text a spreadsheet program would run or refuse: formulas, also
behind a separator, and control characters."""

import csv
import io

import pytest

from itp.common.spreadsheets import FORMULA_TRIGGERS
from regions.models import Person
from teams.models import Secondment
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
    SecondmentFactory,
)
from tests.html import body

from .downloads import column, csv_sections, workbook

pytestmark = pytest.mark.django_db


FORMULA_NAMES = ['=HYPERLINK("http://x")', "+SUM(1,2)", "-2+3", "@cmd", "\t=1+1"]


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

    rows, _waitlist, _pending = csv_sections(response)
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
        '"Event","Event date","Name","Government","Organisation","Job title","Status","Mode"'
    )
    # Every line but the empty ones between the seat holders, the waitlist and the requests.
    assert all(line.startswith('"') and line.endswith('"') for line in lines if line)
    assert lines.count("") == 2


def test_attendance_xlsx_keeps_separated_formulas_as_plain_text(
    demo_coordinator_client, separated_formulas
):
    response = demo_coordinator_client.get("/reports/attendance.xlsx?event=separated-formulas")

    sheet = workbook(response).active
    cells = [cell for row in sheet.iter_rows(min_row=2, min_col=3, max_col=6) for cell in row]
    assert sorted({cell.value for cell in cells}) == sorted(SEPARATED_FORMULAS)
    assert {cell.data_type for cell in cells} == {"s"}


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
