"""CSV written by PostgreSQL (itp/common/exporting/database.py): byte for byte what the
Python writer makes of the same rows, hostile text included; Python writes it elsewhere."""

import datetime
import io
import random

import pytest
from django.db import connection
from openpyxl import load_workbook

from itp.common.exporting import writers
from itp.common.exporting.selections import ExtraColumn
from itp.common.exporting.tables import TEXT, Column, Section
from itp.common.spreadsheets import (
    FIELD_JOINER,
    INERT_CSV_POSTGRESQL,
    MAY_NEED_AN_APOSTROPHE_IN_ROW_POSTGRESQL,
    inert,
    inert_csv_field,
)
from regions.exports import PeopleExport
from regions.models import Person
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
)
from workshops.exports import RegistrationsExport
from workshops.models import Mode, Registration

pytestmark = pytest.mark.django_db


def postgresql_only(test):
    marks = (
        pytest.mark.postgresql,
        pytest.mark.skipif(connection.vendor != "postgresql", reason="CSV written by PostgreSQL"),
    )
    for mark in marks:
        test = mark(test)
    return test


HOSTILE_TEXTS = [
    '=HYPERLINK("http://x")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "|cmd",
    "%0A=1",
    "\t=1+1",
    "\r=1+1",
    "Fiona;=1+1;x",
    "Fiona, -2+3",
    'x;" =1',
    "line one\r\nline two\n@three",
    'Say "hi", then leave',
    "'=already quoted",
    "\u00a0=non-breaking space first",
    "Zoë Ødegård — 東京",
    "",
]


@pytest.fixture
def hostile_registrations():
    """Registrations whose every text column holds text a spreadsheet would run or split,
    of every status, some on the waitlist, some of people of no government or organisation."""
    statuses = [choice for choice, _label in Registration.Status.choices]
    event = EventFactory(
        title="=Event, \"quoted\"\n'title'",
        starts_at=datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.UTC),
    )
    for number, text in enumerate(HOSTILE_TEXTS):
        person = PersonFactory(
            name=text,
            email=f"{text}{number}@example.org",
            job_title=text,
            kind=[choice for choice, _label in Person.Kind.choices][number % 2],
            government=GovernmentFactory(name=f"{text} {number}") if number % 3 else None,
            organisation=OrganisationFactory(name=f"{text}#{number}") if number % 2 else None,
            consents_to_public_listing=bool(number % 2),
        )
        registration = RegistrationFactory(event=event, person=person)
        status = statuses[number % len(statuses)]
        moment = datetime.datetime(2026, 1, 2, 3, 4, 5, 250000 * (number % 2), tzinfo=datetime.UTC)
        Registration.objects.filter(pk=registration.pk).update(
            status=status,
            waitlist_order=number if status == Registration.Status.WAITLISTED else None,
            created_at=moment,
            mode=Mode.ONLINE if number % 2 else Mode.IN_PERSON,
        )
    return Registration.objects.all()


def in_python(section):
    """The section as the Python writer writes it."""
    return Section(section.title, section.columns, section.rows)


def csv_text(export, sections):
    return "".join(writers.csv_rows(export, sections))


@postgresql_only
def test_database_csv_of_hostile_registrations_and_people_is_the_python_csv(hostile_registrations):
    exports = [RegistrationsExport(hostile_registrations), PeopleExport(Person.objects.all())]
    sections = [section for export in exports for section in export.sections()]
    python_sections = [in_python(section) for export in exports for section in export.sections()]

    database_csv = csv_text(exports[0], sections)

    assert all(section.csv_lines is not None for section in sections)
    assert database_csv == csv_text(exports[0], python_sections)
    assert all(
        text in database_csv
        for text in ("'=HYPERLINK", "Fiona;'=1+1;x", "Waitlisted", "Online", "In person", ".250000")
    )


@postgresql_only
def test_xlsx_cells_of_hostile_registrations_are_the_rows_made_inert(hostile_registrations):
    export = RegistrationsExport(hostile_registrations)
    (section,) = export.sections()
    handle = io.BytesIO()

    writers.write_xlsx(export, handle)

    (python_section,) = export.sections()
    expected = [
        [None if value == "" else inert(value) for value in row] for row in python_section.rows
    ]
    sheet = load_workbook(io.BytesIO(handle.getvalue())).active
    read = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    dates = [
        index for index, column in enumerate(section.columns) if column.header.endswith("date")
    ]
    for row in expected:  # a date reads back as a date and time at midnight
        for index in dates:
            row[index] = datetime.datetime.combine(row[index], datetime.time())
    assert read == expected


# Random text of the characters that matter to the rule, and the joiner (stored rows may hold
# control characters that the models refuse today).
ALPHABET = [*"ab '\"=+-@|%\t\r\n,;1", "\u00a0", "\u3000", "\x0b", "é", "＝", FIELD_JOINER]


def random_texts(chooser, count):
    return [
        "".join(chooser.choice(ALPHABET) for _ in range(chooser.randint(0, 8)))
        for _ in range(count)
    ]


@postgresql_only
def test_postgresql_inert_rule_is_the_python_rule_for_random_text():
    texts = random_texts(random.Random(16), 5000)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT regexp_replace(text, %s, '''', 'g') "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS texts(text, number) ORDER BY number",
            [INERT_CSV_POSTGRESQL, texts],
        )
        made_inert = [text for (text,) in cursor.fetchall()]

    assert made_inert == [inert_csv_field(text) for text in texts]


@postgresql_only
def test_a_row_the_database_leaves_as_it_is_needs_nothing_made_inert():
    """The test of a whole row (``CSVLine``) says yes whenever one of its fields needs an
    apostrophe; a NULL field is left out of the joined text."""
    chooser = random.Random(17)
    rows = [
        [chooser.choice([*random_texts(chooser, 4), None]) for _ in range(3)] for _ in range(5000)
    ]

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT concat_ws(%s, first, second, third) ~ %s FROM unnest(%s::text[], "
            "%s::text[], %s::text[]) WITH ORDINALITY AS rows(first, second, third, number) "
            "ORDER BY number",
            [
                FIELD_JOINER,
                MAY_NEED_AN_APOSTROPHE_IN_ROW_POSTGRESQL,
                *([row[column] for row in rows] for column in range(3)),
            ],
        )
        tested = [may_need for (may_need,) in cursor.fetchall()]

    needing = [
        any(text is not None and inert_csv_field(text) != text for text in row) for row in rows
    ]
    assert all(may_need for may_need, needs in zip(tested, needing, strict=True) if needs)
    # The test spares the rule on most rows that need nothing.
    assert sum(not may_need for may_need in tested) > 0


class UntranslatableExport(RegistrationsExport):
    def extra_columns(self):
        return [ExtraColumn(Column("Shouted name", TEXT), "person__name", str.upper)]


@postgresql_only
def test_export_with_a_column_the_database_cannot_write_is_written_in_python():
    RegistrationFactory(person=PersonFactory(name="=anna"))

    (section,) = UntranslatableExport(Registration.objects.all()).sections()

    assert section.csv_lines is None
    assert csv_text(None, [section]).endswith('"Registered","\'=ANNA"\r\n')


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the Python writer's database")
def test_csv_on_other_databases_is_written_in_python():
    RegistrationFactory()

    (section,) = RegistrationsExport(Registration.objects.all()).sections()

    assert section.csv_lines is None
