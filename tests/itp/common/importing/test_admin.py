"""The admin's import pages and template downloads (itp.common.importing.admin): for programme staff
only, with a preview before anything is written."""

import io
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from itp.privacy.personal_data import anonymise_person
from itp.roles import COORDINATORS, PROGRAMME_STAFF
from regions.models import Organisation, Person
from tests import hostile_spreadsheets
from tests.factories import EventFactory, GovernmentFactory, OrganisationFactory, PersonFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db

PEOPLE = "/admin/regions/person/"
ORGANISATIONS = "/admin/regions/organisation/"
REGISTRATIONS = "/admin/workshops/registration/"
CSV, XLSX = "0", "1"  # the import form's choices of format

PEOPLE_CSV = (
    "\ufeffName,E-mail,Kind,Job title,Government,Organisation,Listed publicly\r\n"
    "Giulia Ferraro,giulia@lombardy.example,Government official,Officer,Lombardy,,yes\r\n"
    "Marco Rossi,marco@lombardy.example,Government official,,lombardy,,no\r\n"
)


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    """Uploads wait for confirmation under MEDIA_ROOT; keep them out of the project."""
    settings.MEDIA_ROOT = tmp_path


def member_of(role, username):
    user = get_user_model().objects.create_user(username, password="a-password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff_client(client):
    client.force_login(member_of(PROGRAMME_STAFF, "amelia"))
    return client


@pytest.fixture
def coordinator_client(client):
    client.force_login(member_of(COORDINATORS, "chidi"))
    return client


def upload(client, changelist, content, name="people.csv", format_choice=CSV):
    return client.post(
        f"{changelist}import/",
        {"import_file": SimpleUploadedFile(name, content), "format": format_choice},
    )


def confirm(client, changelist, preview):
    """Post the preview's confirmation form, as the Confirm import button does."""
    return client.post(f"{changelist}process_import/", preview.context["confirm_form"].initial)


IMPORT_URLS = [
    f"{changelist}{page}"
    for changelist in (PEOPLE, ORGANISATIONS, REGISTRATIONS)
    for page in ("import/", "import-template.csv", "import-template.xlsx")
]


@pytest.mark.parametrize("url", IMPORT_URLS)
def test_coordinator_may_not_import_or_download_templates(coordinator_client, url):
    assert coordinator_client.get(url).status_code == 403


def test_coordinator_may_not_confirm_an_import(coordinator_client):
    response = coordinator_client.post(f"{PEOPLE}process_import/", {"format": CSV})

    assert response.status_code == 403
    assert Person.objects.count() == 0


@pytest.mark.parametrize("changelist", [PEOPLE, ORGANISATIONS, REGISTRATIONS])
def test_coordinator_sees_no_import_button_and_staff_do(client, changelist):
    coordinator = member_of(COORDINATORS, "chidi")
    staff = member_of(PROGRAMME_STAFF, "amelia")
    pages = []
    for user in (coordinator, staff):
        client.force_login(user)
        pages.append(client.get(changelist).content.decode())

    link = f"href='{changelist}import/'"
    assert (link in pages[0], link in pages[1]) == (False, True)


@pytest.mark.parametrize("url", IMPORT_URLS)
def test_anonymous_user_is_sent_to_the_admin_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_download_the_csv_template(staff_client):
    response = staff_client.get(f"{PEOPLE}import-template.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="person-import-template.csv"'
    # Every field quoted, as in every CSV the site writes (see itp.common.spreadsheets).
    assert b"".join(response.streaming_content).decode() == (
        '\ufeff"Name","E-mail","Kind","Job title","Government","Organisation","Listed publicly"\r\n'
    )


@pytest.mark.parametrize(
    ("changelist", "headers"),
    [
        (
            PEOPLE,
            ["Name", "E-mail", "Kind", "Job title", "Government", "Organisation"]
            + ["Listed publicly"],
        ),
        (ORGANISATIONS, ["Name", "Kind", "Country", "City", "Website"]),
        (REGISTRATIONS, ["E-mail", "Event"]),
    ],
)
def test_staff_download_the_xlsx_template_with_the_header_row(staff_client, changelist, headers):
    response = staff_client.get(f"{changelist}import-template.xlsx")

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [headers]
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_unknown_template_format_is_not_found(staff_client):
    assert staff_client.get(f"{PEOPLE}import-template.ods").status_code == 404


def test_import_page_links_the_templates(staff_client):
    body = staff_client.get(f"{PEOPLE}import/").content.decode()

    assert f'href="{PEOPLE}import-template.csv"' in body
    assert f'href="{PEOPLE}import-template.xlsx"' in body
    assert "People are matched by e-mail address" in body


def test_staff_import_people_through_preview_and_confirmation(staff_client):
    lombardy = GovernmentFactory(name="Lombardy", slug="lombardy")
    PersonFactory(email="marco@lombardy.example", name="Marco", government=lombardy)

    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode())
    previewed = Person.objects.count()
    done = confirm(staff_client, PEOPLE, preview)

    body = preview.content.decode()
    assert "1 new, 1 updated, 0 unchanged, 0 rows with errors." in body
    assert previewed == 1
    assert done.status_code == 302
    assert sorted(Person.objects.values_list("email", "name", "government")) == [
        ("giulia@lombardy.example", "Giulia Ferraro", lombardy.pk),
        ("marco@lombardy.example", "Marco Rossi", lombardy.pk),
    ]
    assert Person.history.filter(history_user__username="amelia").count() == 2


def test_people_exported_by_the_admin_action_import_back_unchanged(staff_client):
    lombardy = GovernmentFactory(name="Lombardy", slug="lombardy")
    silesia = GovernmentFactory(name="Śląskie", slug="silesia", country="PL")
    PersonFactory(name="Giulia Ferraro", government=lombardy)
    PersonFactory(name="Przemysław Olchawa", government=silesia, job_title="")
    PersonFactory(
        name="Anna Ricci",
        kind=Person.Kind.INDUSTRY_EXPERT,
        government=None,
        organisation=OrganisationFactory(name="ORI Martin"),
        consents_to_public_listing=False,
    )
    people = list(Person.objects.values_list("pk", flat=True))
    export = staff_client.post(PEOPLE, {"action": "export_xlsx", "_selected_action": people})
    content = b"".join(export.streaming_content)

    preview = upload(staff_client, PEOPLE, content, name="people.xlsx", format_choice=XLSX)
    confirm(staff_client, PEOPLE, preview)

    assert f"0 new, 0 updated, {len(people)} unchanged, 0 rows with errors." in (
        preview.content.decode()
    )
    assert LogEntry.objects.count() == 0


def test_confirmation_that_fails_after_a_valid_preview_writes_nothing_and_says_so(staff_client):
    lombardy = GovernmentFactory(name="Lombardy", slug="lombardy")
    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode())
    lombardy.delete()  # between the preview and the confirmation

    done = confirm(staff_client, PEOPLE, preview)

    assert done["Location"] == f"{PEOPLE}import/"
    assert [str(message) for message in get_messages(done.wsgi_request)] == [
        "Nothing was imported: Row 2, Government: No government named or with slug “Lombardy”. "
        "Row 3, Government: No government named or with slug “lombardy”."
    ]
    assert Person.objects.count() == 0
    assert LogEntry.objects.count() == 0


def test_confirmed_import_enters_the_admin_history(staff_client):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode())

    done = confirm(staff_client, PEOPLE, preview)

    assert [str(message) for message in get_messages(done.wsgi_request)] == [
        "Imported people: 2 new, 0 updated, 0 unchanged, 0 rows with errors."
    ]
    assert sorted(LogEntry.objects.values_list("object_repr", "user__username")) == [
        ("Giulia Ferraro", "amelia"),
        ("Marco Rossi", "amelia"),
    ]


def test_import_and_preview_pages_have_no_inline_style_or_script(staff_client):
    GovernmentFactory(name="Lombardy", slug="lombardy")

    form = staff_client.get(f"{PEOPLE}import/").content.decode()
    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode()).content.decode()

    assert "<ins>Giulia Ferraro</ins>" in preview
    for body in (form, preview):
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body) == []
        assert ' style="' not in body
        assert "<style" not in body


def test_file_with_errors_shows_them_by_row_and_column_and_offers_no_confirmation(staff_client):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    content = PEOPLE_CSV.replace("marco@lombardy.example", "marco at lombardy").encode()

    response = upload(staff_client, PEOPLE, content)

    assert "Row 3, E-mail: Enter a valid email address." in response.content.decode()
    assert "confirm_form" not in response.context
    assert Person.objects.count() == 0


def test_upload_is_kept_only_until_its_import_is_confirmed(staff_client, settings):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    waiting = settings.MEDIA_ROOT / "django-import-export"
    bad = PEOPLE_CSV.replace("marco@lombardy.example", "marco at lombardy").encode()

    upload(staff_client, PEOPLE, bad)
    after_errors = sorted(waiting.iterdir())
    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode())
    after_preview = len(list(waiting.iterdir()))
    confirm(staff_client, PEOPLE, preview)

    assert (after_errors, after_preview, sorted(waiting.iterdir())) == ([], 1, [])


def test_wrong_header_is_shown_without_a_traceback(staff_client):
    response = upload(staff_client, PEOPLE, b"Full name\nGiulia\n")

    body = response.content.decode()
    assert "The first row must hold exactly these headers" in body
    assert "Traceback" not in body


@pytest.mark.parametrize(
    ("name", "content", "format_choice", "message"),
    [
        ("people.xlsx", PEOPLE_CSV.encode(), XLSX, "The file is not an Excel workbook (.xlsx)"),
        ("people.csv", b"", CSV, "The submitted file is empty."),
        ("people.csv", b"\xef\xbb\xbf\r\n", CSV, "The file is empty"),
        ("people.csv", b"Name,E-mail\r\n", CSV, "The file has a header row but no records"),
    ],
)
def test_unreadable_file_is_refused_on_the_form(
    staff_client, name, content, format_choice, message
):
    response = upload(staff_client, PEOPLE, content, name=name, format_choice=format_choice)

    assert message in " ".join(response.context["form"].errors["import_file"])


def test_staff_import_organisations(staff_client):
    content = b"Name,Kind,Country,City,Website\nTurboden,Industry,IT,Brescia,turboden.example\n"

    preview = upload(staff_client, ORGANISATIONS, content, name="organisations.csv")
    confirm(staff_client, ORGANISATIONS, preview)

    assert list(Organisation.objects.values_list("name", "slug", "website")) == [
        ("Turboden", "turboden", "https://turboden.example")
    ]


def test_staff_import_registrations_through_the_registration_service(staff_client):
    event = EventFactory(slug="heat-pumps-webinar", capacity=1)
    first, second = PersonFactory(), PersonFactory()
    content = f"E-mail,Event\n{first.email},{event.slug}\n{second.email},{event.slug}\n".encode()

    preview = upload(staff_client, REGISTRATIONS, content, name="registrations.csv")
    confirm(staff_client, REGISTRATIONS, preview)

    assert "<ins>Waitlisted</ins>" in preview.content.decode()
    assert list(
        Registration.objects.order_by("pk").values_list("person", "status", "waitlist_order")
    ) == [
        (first.pk, Registration.Status.REGISTERED, None),
        (second.pk, Registration.Status.WAITLISTED, 1),
    ]


# Hostile files, leftovers and tampered confirmations

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
    assert [str(message) for message in get_messages(again.wsgi_request)] == [
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
    assert [str(message) for message in get_messages(response.wsgi_request)] == [PREVIEW_GONE]
    assert Person.objects.count() == 0


def test_confirmation_in_another_offered_format_says_the_file_cannot_be_read(staff_client):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode())
    as_xlsx = {**preview.context["confirm_form"].initial, "format": XLSX}

    response = staff_client.post(f"{PEOPLE}process_import/", as_xlsx)

    assert response["Location"] == f"{PEOPLE}import/"
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
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
    assert [str(message) for message in get_messages(done.wsgi_request)] == [PREVIEW_GONE]
    assert not Person.objects.filter(email="marco@lombardy.example").exists()
