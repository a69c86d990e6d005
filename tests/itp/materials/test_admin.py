"""Staff upload materials in the admin: checked as every upload is, refused with a message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from itp.models import Material
from tests.factories import (
    MINIMAL_PDF,
    EventFactory,
    InnovationTeamFactory,
    LearningFactory,
    MaterialFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

ADD = "/admin/itp/material/add/"


def form(**fields):
    return {
        "title_en": "Kick-off slides",
        "kind": "slides",
        "position": "0",
        "visibility": "public",
        "link": "",
        **fields,
    }


def test_staff_upload_slides_and_the_file_is_described_from_its_content(staff_client):
    event = EventFactory()

    response = staff_client.post(
        ADD,
        form(event=event.pk, file=SimpleUploadedFile("Slides 1.pdf", MINIMAL_PDF, "text/html")),
    )

    assert response.status_code == 302
    material = Material.objects.get()
    assert (material.original_name, material.size_bytes, material.content_type) == (
        "Slides 1.pdf",
        len(MINIMAL_PDF),
        "application/pdf",
    )
    assert material.file.name.startswith("materials/")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00 program", "but its content is not"),
        ("report.docx", b"PK\x03\x04 not really", "but its content is not"),
        ("setup.exe", b"MZ\x90\x00", "Files of this type are not accepted"),
    ],
)
def test_staff_upload_of_a_hostile_file_is_refused_with_a_message(
    staff_client, name, content, message
):
    response = staff_client.post(
        ADD, form(event=EventFactory().pk, file=SimpleUploadedFile(name, content))
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Material.objects.exists()


def test_staff_upload_over_the_limit_is_refused_with_a_message(staff_client, settings):
    settings.MATERIAL_MAX_BYTES = 100

    response = staff_client.post(
        ADD, form(event=EventFactory().pk, file=SimpleUploadedFile("a.pdf", MINIMAL_PDF))
    )

    assert "files of at most 100\xa0bytes are accepted" in response.content.decode()
    assert not Material.objects.exists()


def test_staff_slides_without_a_file_and_two_owners_get_messages(staff_client):
    response = staff_client.post(ADD, form(event=EventFactory().pk, learning=LearningFactory().pk))

    page = response.content.decode()
    assert "Choose exactly one event, session or learning." in page
    assert "Slides, documents and minutes are a file: upload it." in page


def test_change_page_links_the_file_to_its_download_not_the_media_folder(staff_client):
    material = MaterialFactory(original_name="Kick-off slides.pdf")

    page = staff_client.get(f"/admin/itp/material/{material.pk}/change/").content.decode()

    assert f'href="/materials/{material.uuid}/"' in page
    assert "Kick-off slides.pdf" in page
    assert "/media/" not in page


@pytest.mark.parametrize(
    "url", ["/admin/itp/material/{material}/change/", "/admin/workshops/event/{event}/change/"]
)
def test_view_only_page_of_a_coordinator_links_the_file_to_its_download(coordinator_client, url):
    material = MaterialFactory()

    page = coordinator_client.get(url.format(material=material.pk, event=material.event_id))

    assert f'href="/materials/{material.uuid}/"' in page.content.decode()
    assert "/media/" not in page.content.decode()


def test_event_admin_uploads_a_material_in_its_inline(staff_client):
    material = MaterialFactory()
    event = material.event

    page = staff_client.get(f"/admin/workshops/event/{event.pk}/change/").content.decode()

    assert 'name="materials-0-title_en"' in page
    assert f'href="/materials/{material.uuid}/"' in page


def test_learning_admin_has_the_materials_inline(staff_client):
    learning = LearningFactory()

    page = staff_client.get(f"/admin/itp/learning/{learning.pk}/change/").content.decode()

    assert 'name="materials-TOTAL_FORMS"' in page


def test_replacing_a_file_deletes_the_old_one_once_committed(commit):
    material = MaterialFactory()
    old_name = material.file.name
    storage = material.file.storage

    with commit():
        material.file = SimpleUploadedFile("new.pdf", MINIMAL_PDF)
        material.full_clean()
        material.save()

    assert not storage.exists(old_name)
    assert storage.exists(material.file.name)


def test_deleting_a_material_deletes_its_file_once_committed(commit):
    material = MaterialFactory()
    name, storage = material.file.name, material.file.storage

    with commit():
        material.delete()

    assert not storage.exists(name)


def test_deleting_an_event_deletes_the_files_of_its_materials(commit):
    material = MaterialFactory()
    name, storage = material.file.name, material.file.storage

    with commit():
        material.event.delete()

    assert not storage.exists(name)


def queries_to_get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    ("owner", "url_name"),
    [
        ("event", "admin:workshops_event_change"),
        ("session", "admin:workshops_session_change"),
        ("learning", "admin:itp_learning_change"),
    ],
)
def test_change_form_costs_the_same_queries_for_more_materials(admin_client, owner, url_name):
    owners = {"event": EventFactory, "session": SessionFactory, "learning": LearningFactory}
    parent = owners[owner]()
    fields = {"event": None, owner: parent}

    def add_materials(count):
        for _ in range(count):
            team = InnovationTeamFactory()
            MaterialFactory(visibility=Material.Visibility.TEAM, team=team, **fields)

    add_materials(1)
    url = reverse(url_name, args=[parent.pk])
    admin_client.get(url)  # the first page of a session caches the content types
    few = queries_to_get(admin_client, url)
    add_materials(4)

    assert queries_to_get(admin_client, url) == few


def test_material_change_list_costs_the_same_queries_for_more_rows(admin_client):
    MaterialFactory(event=None, session=SessionFactory())
    MaterialFactory(event=None, learning=LearningFactory())
    url = reverse("admin:itp_material_changelist")
    admin_client.get(url)
    few = queries_to_get(admin_client, url)
    for _ in range(4):
        MaterialFactory(event=None, session=SessionFactory())
        MaterialFactory(visibility=Material.Visibility.TEAM, team=InnovationTeamFactory())

    assert queries_to_get(admin_client, url) == few
