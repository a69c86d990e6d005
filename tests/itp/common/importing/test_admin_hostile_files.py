"""The admin's import pages against hostile files, leftover uploads and tampered confirmations."""

import pytest

from itp.privacy.personal_data import anonymise_person
from regions.models import Person
from tests import hostile_spreadsheets
from tests.factories import GovernmentFactory, PersonFactory
from tests.html import messages_of

from .admin_imports import CSV, PEOPLE, PEOPLE_CSV, XLSX, confirm, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads_in_a_temporary_folder")]


PREVIEW_GONE = "This preview has expired or was already imported; upload the file again."


def waiting_uploads(settings):
    """The names of the uploads waiting under MEDIA_ROOT for their import's confirmation."""
    folder = settings.MEDIA_ROOT / "django-import-export"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    ("name", "make_content", "message"),
    [
        (
            "sparse-bomb.xlsx",
            hostile_spreadsheets.sparse_bomb,
            "Row 1,048,576 has a value in column XFD; an import reads at most 50 columns.",
        ),
        (
            "million-rows.xlsx",
            lambda: hostile_spreadsheets.many_rows(1_000_000),
            "The workbook unpacks to 165.0 MB; an import here reads at most 10 MB unpacked.",
        ),
        (
            "huge-cell.xlsx",
            lambda: hostile_spreadsheets.huge_cell(300_000_000),
            "The workbook unpacks to 300.0 MB; an import here reads at most 10 MB unpacked.",
        ),
        (
            "large.csv",
            lambda: hostile_spreadsheets.csv_rows(1_100_000),
            "The file is 51.7 MB; an import here reads at most 5 MB. Split it into smaller "
            "files; or have people imported with manage.py import_people",
        ),
        (
            "100000-rows.csv",
            lambda: hostile_spreadsheets.csv_rows(100_000),
            "The file has more than 5,000 records (row 5,002 holds one); an import here reads "
            "at most 5,000.",
        ),
    ],
)
def test_file_beyond_a_limit_is_refused_on_the_form_and_leaves_nothing(
    staff_client, settings, name, make_content, message
):
    format_choice = XLSX if name.endswith(".xlsx") else CSV

    response = upload(staff_client, PEOPLE, make_content(), name=name, format_choice=format_choice)

    assert message in " ".join(response.context["form"].errors["import_file"])
    assert len(response.content) < 200_000
    assert (Person.objects.count(), waiting_uploads(settings)) == (0, [])


@pytest.mark.parametrize(
    ("name", "content", "format_choice"),
    [
        ("people.csv", "Name\nGiulia Müller\n".encode("latin-1"), CSV),
        ("people.xlsx", PEOPLE_CSV.encode(), XLSX),
        ("people.csv", b"Name,E-mail\r\n", CSV),
        ("people.csv", b"Full name\nGiulia\n", CSV),
        ("people.csv", PEOPLE_CSV.replace("Officer", "x" * 1_001).encode(), CSV),
    ],
)
def test_refused_upload_is_removed_at_once(staff_client, settings, name, content, format_choice):
    response = upload(staff_client, PEOPLE, content, name=name, format_choice=format_choice)

    assert "confirm_form" not in response.context
    assert waiting_uploads(settings) == []


def test_confirming_the_same_import_twice_says_the_preview_has_expired(staff_client):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode())
    confirm(staff_client, PEOPLE, preview)
    Person.objects.filter(email="giulia@lombardy.example").delete()

    again = confirm(staff_client, PEOPLE, preview)

    assert again["Location"] == f"{PEOPLE}import/"
    assert messages_of(again) == [
        "Imported people: 2 new, 0 updated, 0 unchanged, 0 rows with errors.",
        PREVIEW_GONE,
    ]
    assert list(Person.objects.values_list("email", flat=True)) == ["marco@lombardy.example"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("import_file_name", "0123456789abcdef0123456789abcdef"),
        ("import_file_name", "people.csv"),
        ("import_file_name", "../people.csv"),
        ("import_file_name", "../../../people.csv"),
        ("import_file_name", "{outside}"),
        ("import_file_name", "x" * 5_000),
        ("import_file_name", "0123456789abcdef\x000123456789abcdef"),
        ("import_file_name", ""),
        ("format", "7"),
        ("format", "-1"),
        ("format", "csv"),
        ("format", ""),
        ("resource", "1"),
        ("resource", "people"),
    ],
)
def test_tampered_confirmation_is_refused_and_reads_no_other_file(
    staff_client, settings, field, value
):
    """Valid people files lie inside the import folder under a name no preview has, and
    outside it; a confirmation naming either, or naming the preview with a format or
    resource that is not offered, imports nothing."""
    GovernmentFactory(name="Lombardy", slug="lombardy")
    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode())
    (settings.MEDIA_ROOT / "django-import-export" / "people.csv").write_text(PEOPLE_CSV)
    outside = settings.MEDIA_ROOT / "people.csv"
    outside.write_text(PEOPLE_CSV)
    tampered = {**preview.context["confirm_form"].initial, field: value.format(outside=outside)}

    response = staff_client.post(f"{PEOPLE}process_import/", tampered)

    assert response["Location"] == f"{PEOPLE}import/"
    assert messages_of(response) == [PREVIEW_GONE]
    assert Person.objects.count() == 0


def test_confirmation_in_another_offered_format_says_the_file_cannot_be_read(staff_client):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode())
    as_xlsx = {**preview.context["confirm_form"].initial, "format": XLSX}

    response = staff_client.post(f"{PEOPLE}process_import/", as_xlsx)

    assert response["Location"] == f"{PEOPLE}import/"
    assert messages_of(response) == [
        "The file is not an Excel workbook (.xlsx), whatever its name says. Save it from the "
        "spreadsheet program as “Excel workbook (.xlsx)”, or as CSV UTF-8 and import it as CSV."
    ]
    assert Person.objects.count() == 0


def test_anonymising_a_person_removes_pending_previews(staff_client, settings):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    marco = PersonFactory(email="marco@lombardy.example", name="Marco")
    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode())
    waiting = waiting_uploads(settings)

    anonymise_person(person=marco)
    left = waiting_uploads(settings)
    done = confirm(staff_client, PEOPLE, preview)

    assert (len(waiting), left) == (1, [])
    assert messages_of(done) == [PREVIEW_GONE]
    assert not Person.objects.filter(email="marco@lombardy.example").exists()
