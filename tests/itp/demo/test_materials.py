"""The demo's materials: made here, checked like uploads, loaded once however often it runs."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from pypdf import PdfReader

from itp.common.uploads import check_upload
from itp.demo.materials import load_demo_materials, simple_pdf
from itp.models import Material

pytestmark = pytest.mark.django_db


def stored_files(settings):
    return sorted(path.name for path in (settings.MEDIA_ROOT / "materials").rglob("*.pdf"))


def test_demo_has_the_milan_slides_and_minutes_and_the_irecovery_case_study(demo):
    materials = {
        (material.kind, material.visibility, material.event_id is not None)
        for material in Material.objects.all()
    }

    assert materials == {
        ("slides", "public", True),
        ("minutes", "participants", True),
        ("document", "public", False),
    }


def test_demo_materials_are_pdf_files_described_as_uploads_are(demo):
    for material in Material.objects.all():
        with material.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
        assert material.content_type == "application/pdf"
        assert material.size_bytes == material.file.size
        assert material.original_name.endswith(".pdf")


def test_demo_minutes_are_not_shown_to_the_public(demo):
    titles = set(Material.objects.visible_to(AnonymousUser()).values_list("title", flat=True))

    assert "Minutes of the kick-off workshop" not in titles
    assert len(titles) == 2


def test_demo_materials_loaded_again_change_nothing_and_write_no_file(demo, settings):
    rows = list(Material.objects.order_by("pk").values())
    files = stored_files(settings)

    load_demo_materials()

    assert list(Material.objects.order_by("pk").values()) == rows
    assert stored_files(settings) == files
    assert len(files) == 3


def test_demo_material_whose_file_went_missing_gets_it_back(demo):
    slides = Material.objects.get(kind=Material.Kind.SLIDES)
    slides.file.storage.delete(slides.file.name)

    load_demo_materials()

    slides = Material.objects.get(kind=Material.Kind.SLIDES)
    assert slides.file.storage.exists(slides.file.name)
    assert Material.objects.count() == 3


def test_simple_pdf_passes_the_upload_checks():
    checked = check_upload(ContentFile(simple_pdf(["Title (draft)", "A line"]), name="a.pdf"))

    assert checked.content_type == "application/pdf"


def test_demo_pages_show_their_materials_to_the_public(client, demo):
    milan = client.get("/events/milan-kick-off-workshop-2019/").content.decode()
    irecovery = client.get("/learnings/irecovery-waste-heat-ori-martin/").content.decode()

    assert "Kick-off slides: the programme and its ambition" in milan
    assert "Minutes of the kick-off workshop" not in milan
    assert "Case study: iRecovery waste heat recovery" in irecovery


def test_demo_pdf_is_a_page_a_reader_opens_with_its_text():
    reader = PdfReader(
        io.BytesIO(simple_pdf(["Minutes (draft)", "Agreed: five themes."])), strict=True
    )

    text = reader.pages[0].extract_text()

    assert len(reader.pages) == 1
    assert "Minutes (draft)" in text
    assert "Agreed: five themes." in text
