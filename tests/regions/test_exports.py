"""The people export (regions/exports.py): its columns are the people import's."""

import pytest

from regions.exports import PeopleExport
from regions.models import Person
from regions.resources import PersonResource
from tests.factories import GovernmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_people_export_has_the_columns_of_the_people_import_in_its_order():
    (section,) = PeopleExport(Person.objects.all()).sections()

    assert [column.header for column in section.columns] == PersonResource().expected_headers()


def test_people_export_writes_each_cell_as_the_import_reads_it_back():
    government = GovernmentFactory(name="Lombardy")
    PersonFactory(
        name="Anna Rossi",
        email="anna@lombardy.example",
        kind=Person.Kind.GOVERNMENT_OFFICIAL,
        job_title="Energy adviser",
        government=government,
        organisation=None,
        consents_to_public_listing=True,
    )

    (section,) = PeopleExport(Person.objects.all()).sections()

    assert list(section.rows) == [
        (
            "Anna Rossi",
            "anna@lombardy.example",
            "Government official",
            "Energy adviser",
            "Lombardy",
            "",
            "yes",
        )
    ]
