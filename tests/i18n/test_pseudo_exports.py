"""The admin's exports in the pseudo-language: the XLSX headers are translated, and a file
exported in one language is read back by the import in another."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from itp.common.exporting.writers import csv_rows, write_xlsx
from itp.common.importing.reading import read_dataset
from regions.exports import PeopleExport
from regions.models import Person
from regions.resources import PersonResource
from tests.factories import PersonFactory
from tests.i18n.pseudo import Escapes
from workshops.exports import RegistrationsExport
from workshops.models import Registration

pytestmark = [pytest.mark.django_db, pytest.mark.once]


def xlsx_of(export):
    content = io.BytesIO()
    write_xlsx(export, content)
    return content.getvalue()


@pytest.mark.parametrize(
    ("export_class", "model"), [(PeopleExport, Person), (RegistrationsExport, Registration)]
)
def test_selection_export_xlsx_headers_read_translated(demo, pseudo_language, export_class, model):
    (sheet,) = load_workbook(io.BytesIO(xlsx_of(export_class(model.objects.all())))).worksheets
    headers = [sheet.title] + [str(cell.value) for cell in sheet[1]]

    assert [header for header in headers if Escapes().left_untranslated(header)] == []


def test_selection_export_csv_headers_stay_the_import_column_names(pseudo_language):
    lines = list(csv_rows(PeopleExport(Person.objects.none())))

    assert lines[1].strip().split(",") == [
        f'"{header}"' for header in PersonResource().expected_headers()
    ]


def test_people_xlsx_exported_in_one_language_is_read_by_the_import_in_another(
    pseudo_language,
):
    PersonFactory()
    content = xlsx_of(PeopleExport(Person.objects.all()))
    dataset = read_dataset(content, "xlsx")
    resource = PersonResource()

    with translation.override("en"):
        resource.normalise_headers(dataset)

    assert "⟦Name⟧" in load_workbook(io.BytesIO(content)).worksheets[0]["A1"].value
    assert dataset.headers == resource.expected_headers()
