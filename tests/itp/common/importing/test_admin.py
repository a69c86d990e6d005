"""The admin's import pages and template downloads (itp.common.importing.admin): for programme staff
only, with a preview before anything is written."""

import io
import re

import pytest
from django.contrib.admin.models import LogEntry
from openpyxl import load_workbook

from itp.roles import COORDINATORS, PROGRAMME_STAFF
from regions.models import Organisation, Person
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from tests.html import body, messages_of
from workshops.models import Registration

from .admin_imports import (
    CSV,
    ORGANISATIONS,
    PEOPLE,
    PEOPLE_CSV,
    REGISTRATIONS,
    XLSX,
    confirm,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads_in_a_temporary_folder")]


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
    coordinator = UserFactory(is_staff=True, roles=[COORDINATORS])
    staff = UserFactory(is_staff=True, roles=[PROGRAMME_STAFF])
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
    assert body(response).decode() == (
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

    sheet = load_workbook(io.BytesIO(body(response))).active
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
    assert Person.history.filter(history_user=done.wsgi_request.user).count() == 2


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
    assert messages_of(done) == [
        "Nothing was imported: Row 2, Government: No government named or with slug “Lombardy”. "
        "Row 3, Government: No government named or with slug “lombardy”."
    ]
    assert Person.objects.count() == 0
    assert LogEntry.objects.count() == 0


def test_confirmed_import_enters_the_admin_history(staff_client):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode())

    done = confirm(staff_client, PEOPLE, preview)

    assert messages_of(done) == [
        "Imported people: 2 new, 0 updated, 0 unchanged, 0 rows with errors."
    ]
    staff = done.wsgi_request.user
    assert sorted(LogEntry.objects.values_list("object_repr", "user")) == [
        ("Giulia Ferraro", staff.pk),
        ("Marco Rossi", staff.pk),
    ]


def test_import_and_preview_pages_have_no_inline_style_or_script(staff_client):
    GovernmentFactory(name="Lombardy", slug="lombardy")

    form = staff_client.get(f"{PEOPLE}import/").content.decode()
    preview = upload(staff_client, PEOPLE, PEOPLE_CSV.encode()).content.decode()

    assert "<ins>Giulia Ferraro</ins>" in preview
    for page in (form, preview):
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
        assert ' style="' not in page
        assert "<style" not in page


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
