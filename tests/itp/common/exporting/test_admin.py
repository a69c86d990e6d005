"""The admin's "Export selected" actions (itp/common/exporting/admin.py), as the people and
registrations admins offer them: for holders of the export permission only, each export
recorded, the selected rows only."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from itp.models import ReportDownload
from regions.models import Person
from tests.conftest import demo_user
from tests.factories import PersonFactory, UserFactory
from tests.html import body
from workshops.models import Registration

pytestmark = pytest.mark.django_db

MILAN = "milan-kick-off-workshop-2019"


def csv_rows(response):
    return list(csv.reader(io.StringIO(body(response).decode().removeprefix("\ufeff"))))


def select_for_action(action, objects):
    return {"action": action, "_selected_action": [item.pk for item in objects]}


@pytest.fixture
def staff_without_export(demo):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_person", "view_registration"])
    )
    return user


@pytest.mark.parametrize("changelist", ["/admin/regions/person/", "/admin/workshops/registration/"])
def test_admin_export_actions_are_not_offered_without_export_permission(
    client, staff_without_export, changelist
):
    client.force_login(staff_without_export)

    response = client.get(changelist)

    assert response.context["cl"].result_count > 0
    assert 'value="export_csv"' not in response.content.decode()
    assert 'value="export_xlsx"' not in response.content.decode()


@pytest.mark.parametrize(
    ("changelist", "model"),
    [("/admin/regions/person/", Person), ("/admin/workshops/registration/", Registration)],
)
def test_admin_export_action_is_refused_without_export_permission(
    client, staff_without_export, changelist, model
):
    client.force_login(staff_without_export)

    response = client.post(changelist, select_for_action("export_csv", model.objects.all()[:2]))

    assert not response.get("Content-Type", "").startswith("text/csv")
    assert not response.has_header("Content-Disposition")
    assert ReportDownload.objects.count() == 0


@pytest.mark.parametrize("username", [None, "demo-participant"], ids=["anonymous", "participant"])
@pytest.mark.parametrize(
    ("changelist", "model"),
    [("/admin/regions/person/", Person), ("/admin/workshops/registration/", Registration)],
)
def test_admin_export_action_sends_users_who_are_not_staff_to_the_login(
    client, demo, username, changelist, model
):
    if username:
        client.force_login(demo_user(username))

    response = client.post(changelist, select_for_action("export_csv", model.objects.all()[:2]))

    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/login/?next={changelist}",
    )
    assert ReportDownload.objects.count() == 0


def test_admin_offers_export_actions_to_coordinators(demo_coordinator_client):
    response = demo_coordinator_client.get("/admin/regions/person/")

    assert 'value="export_csv"' in response.content.decode()
    assert 'value="export_xlsx"' in response.content.decode()


def test_admin_person_export_csv_has_the_selected_people_only(demo_coordinator_client):
    selected = [
        Person.objects.get(email__iexact="callum.reid@scotland.example"),
        PersonFactory(name='=HYPERLINK("http://x")', email="formula@example.org"),
    ]

    response = demo_coordinator_client.post(
        "/admin/regions/person/", select_for_action("export_csv", selected)
    )

    rows = csv_rows(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="itp-people-')
    assert rows[0] == [
        "Name",
        "E-mail",
        "Kind",
        "Job title",
        "Government",
        "Organisation",
        "Listed publicly",
    ]
    assert sorted((row[0], row[1]) for row in rows[1:]) == [
        ('\'=HYPERLINK("http://x")', "formula@example.org"),
        ("Callum Reid", "callum.reid@scotland.example"),
    ]
    assert list(
        ReportDownload.objects.values_list("user__username", "report", "format", "filters")
    ) == [("demo-coordinator", "people", "csv", {"selected": 2})]


def test_admin_registration_export_xlsx_has_the_selected_registrations_only(
    demo_coordinator_client,
):
    selected = list(Registration.objects.filter(event__slug=MILAN).order_by("pk")[:3])

    response = demo_coordinator_client.post(
        "/admin/workshops/registration/", select_for_action("export_xlsx", selected)
    )

    sheet = load_workbook(io.BytesIO(body(response))).active
    headers, *rows = sheet.iter_rows(values_only=True)
    rows = [dict(zip(headers, row, strict=True)) for row in rows]
    assert sorted(row["Name"] for row in rows) == sorted(
        registration.person.name for registration in selected
    )
    assert {type(row["Event date"]) for row in rows} == {datetime.datetime}
    assert ReportDownload.objects.get().filters == {"selected": 3}
